"""The folder walk and change detection: which files are new, changed or gone.

Size and mtime decide which files need opening at all; the content hash
(``file_hash``) then tells a touched or copied-back file from a changed one.
"""
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path

from .. import articles
from ..model import IndexSummary, Skipped
from .progress import Ticker


def file_hash(data: bytes) -> str:
    """The content hash the manifest records."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_NAME = attrgetter("name")


#: What ``_walk`` says an entry is.
FILE, LINK, OTHER = "file", "link", "other"


def _walk(folder: str) -> Iterator[tuple[str, str, str, int]]:
    """(path, name, kind, mode) of every entry below ``folder`` that is not a
    folder, hidden ones excluded, in the order ``os.walk`` with sorted names
    gives: ``kind`` is FILE (a regular file), LINK (a symbolic link, to be
    vetted: not followed blindly) or OTHER (a FIFO, a device, a socket).
    Links to folders are not followed; unreadable folders are passed over."""
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=_NAME)
    except OSError:
        return
    subdirs = []
    for entry in entries:
        try:
            if entry.is_symlink():
                if not entry.is_dir():
                    yield entry.path, entry.name, LINK, 0
            elif entry.is_dir(follow_symlinks=False):
                subdirs.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                yield entry.path, entry.name, FILE, 0
            else:
                yield entry.path, entry.name, OTHER, entry.stat(follow_symlinks=False).st_mode
        except OSError:
            continue  # gone while walking
    for sub_ in subdirs:
        yield from _walk(sub_)


def find_articles(folders: list[Path], summary: IndexSummary) -> dict[str, str]:
    """path -> folder of every supported file under the folders, each once
    (in walk order: names sorted in each folder); others are listed as
    ignored.  Only regular files are taken: a FIFO, a device or a socket
    with an article's name is skipped with the reason, and a symbolic link
    only when its target is a regular file inside one of the folders (as
    Recoll, Reader does not wander out of the library through links)."""
    found: dict[str, str] = {}
    # (a name that does not start with "." has a supported suffix exactly
    # when it ends with one)
    suffixes = tuple(articles.SUPPORTED_SUFFIXES)
    roots = [str(Path(folder).resolve()) for folder in folders]
    for folder_str in roots:
        if not os.path.isdir(folder_str):
            summary.skipped.append(Skipped(folder_str, "folder not found or not readable"))
            continue
        for path, name, kind, mode in _walk(folder_str):
            if not name.lower().endswith(suffixes):
                suffix = articles.suffix_of(name).lower() or "no extension"
                summary.ignored.append(Skipped(path, f"not an article type ({suffix})"))
            elif kind == OTHER:
                summary.skipped.append(Skipped(path, f"not a regular file ({articles.file_kind(mode)})"))
            elif kind == LINK and (reason := _link_refused(path, roots)):
                summary.skipped.append(Skipped(path, reason))
            else:
                found.setdefault(path, folder_str)
    return found


def _link_refused(path: str, roots: list[str]) -> str:
    """Why the link at ``path`` is not followed; "" when it may be."""
    target = os.path.realpath(path)
    if not any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        return "a link to a file outside the library's folders (not followed)"
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return "a link to nothing (its target is gone)"
    return "" if stat.S_ISREG(mode) else f"a link to {articles.file_kind(mode)} (not followed)"


def changed_files(candidates: dict[str, str], sizes: dict[str, int], mtimes: dict[str, int],
                  summary: IndexSummary, ticker: Ticker,
                  failures: dict[str, tuple[int, int, str]] | None = None,
                  ) -> tuple[list[tuple[str, str, int, int]], set[str]]:
    """Size and mtime decide which files need opening: ((folder, path, size,
    mtime) of each, in path order; the paths still there).

    Unchanged files count in ``summary``; files that cannot be statted or are
    too large are skipped there (a file that vanished is not "still there"),
    and so are the unchanged ``failures`` (path -> size, mtime, reason), whose
    reader crashed or hung on them before.
    """
    failures = failures or {}
    seen: set[str] = set()
    to_read: list[tuple[str, str, int, int]] = []
    for path, folder in candidates.items():
        try:
            stat = os.stat(path)
        except OSError as exc:
            summary.skipped.append(Skipped(path, os_reason(exc)))
            if not isinstance(exc, FileNotFoundError):
                seen.add(path)
            ticker.tick()
            continue
        seen.add(path)
        limit = articles.size_limit(path)
        if stat.st_size > limit:
            summary.skipped.append(Skipped(path, articles.too_large(stat.st_size, limit)))
            ticker.tick()
            continue
        failure = failures.get(path)
        if failure is not None and failure[:2] == (stat.st_size, stat.st_mtime_ns):
            summary.skipped.append(Skipped(path, failure[2]))
            ticker.tick()
            continue
        if sizes.get(path) == stat.st_size and mtimes.get(path) == stat.st_mtime_ns:
            summary.unchanged += 1
            ticker.tick()
            continue
        to_read.append((folder, path, stat.st_size, stat.st_mtime_ns))
    # Index in path order (folder by folder, as the library lists them).
    to_read.sort(key=lambda item: item[1].split(os.sep))
    return to_read, seen


def os_reason(exc: OSError) -> str:
    """Why a file could not be read, as the summary tells the user."""
    if isinstance(exc, FileNotFoundError):
        return "vanished before it could be read"
    if isinstance(exc, PermissionError):
        return "unreadable: permission denied"
    return f"unreadable: {exc.strerror or exc}"
