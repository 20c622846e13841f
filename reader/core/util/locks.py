"""Locks between processes: an OS lock on a sidecar file.

The notes file is shared by the window and the command line beside it, and
the search index has one writer at a time across processes; both lean on
these locks.  The kernel drops them when a process dies, so a crash never
leaves anything "locked" behind it.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

# POSIX flock() has shared locks; Windows' msvcrt.locking has only exclusive
# ones, so there a shared lock is an exclusive one.
SHARED_LOCKS = sys.platform != "win32"


class FileLock:
    """An OS lock on a sidecar file, shared or exclusive, taken without blocking
    or waiting a while.

    flock() locks belong to an open file description: two holders in one
    process exclude each other as two processes do.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def take(self, *, shared: bool = False, wait: float = 0.0) -> bool:
        """Take the lock (shared or exclusive), waiting up to ``wait`` seconds; True if held."""
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait
        while True:
            try:
                _os_lock(self._fd, shared and SHARED_LOCKS)
                return True
            except OSError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if sys.platform == "win32":
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)  # on POSIX this releases the flock


def _os_lock(fd: int, shared: bool) -> None:
    """Lock without waiting; OSError if another holder has it."""
    if sys.platform == "win32":
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
