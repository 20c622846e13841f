"""The one atomic file writer: a file is the old version or the new one, never half.

Every file Reader writes for the user (exports, ``library.json``) goes
through ``write_atomic``; the notes file has SQLite's own guarantees.
"""
from __future__ import annotations

import os
import uuid
from contextlib import suppress
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write so the file is the old or the new version, never half of one.

    Via a temporary file in the same folder, fsync, then ``os.replace``; the
    old file's permissions are kept.  Every file Reader writes for the user
    (exports, its configuration) goes through here.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8", errors="surrogateescape")
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows (POSIX); best effort."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
