"""Work handed to a forked copy of this process, for the second core.

Forking costs a few milliseconds and the child has every module, and every
object of the parent, at hand: nothing is pickled on the way in.  It is
done only where it is safe: on Linux, in a process that runs one thread (a
forked child gets a copy of every lock, and another thread's held lock
would stay held for ever), as the index pool decides its start method.

The child writes its result, pickled, to a file the parent reads once the
child has exited; it never returns into the parent's code (``os._exit``),
so no ``atexit`` handler or buffered output of the parent runs twice.  If
the child fails, the caller is told (``None``) and does the work itself.
"""
from __future__ import annotations

import gc
import logging
import mmap
import os
import pickle
import signal
import struct
import tempfile
import traceback
from collections.abc import Callable
from typing import Any

from .lifetime import killed_with_parent

log = logging.getLogger("reader.index")

_ENDS = struct.Struct("qq")  # SharedEnds: the next index from the front, and past the back
_LOCK_SECONDS = 10.0  # (SharedEnds' lock is held for microseconds)


def may_fork() -> bool:
    """Whether this process may fork without an exec: Linux (which says how
    many threads run, in /proc), and this process runs a single thread."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def frozen() -> Callable[[], None]:
    """Freeze the garbage collector's objects (``gc.freeze``) before a fork:
    a collection walks, and writes to, every object it may free, and each
    page it writes to, the parent or its child then copies.  Returns what
    undoes it: ``gc.unfreeze``, unless objects were frozen already (by the
    command server, whose child this process is): those must stay so, and
    the ones frozen with them, in a process that runs one command, may too."""
    already = gc.get_freeze_count() > 0
    gc.freeze()
    return (lambda: None) if already else gc.unfreeze


class Forked:
    """``work()`` run in a forked child while the parent goes on; ``result()``
    waits for it.  Start it only where ``may_fork()`` says so, and ``close``
    it in any case (a child whose result is no longer wanted is killed)."""

    def __init__(self, work: Callable[[], Any], folder: str) -> None:
        """``folder``: where the child leaves its result (a private temporary
        folder).  OSError: no process could be forked (nothing is left behind)."""
        fd, self._path = tempfile.mkstemp(prefix="forked-", suffix=".pickle", dir=folder)
        parent = os.getpid()
        self._thaw = frozen()  # (while the child lives)
        try:
            self._pid: int | None = os.fork()
        except OSError:
            self._pid = None
            self._thaw()
            os.close(fd)
            self.close()  # (its file)
            raise
        if self._pid == 0:  # the child: never returns
            code = 1
            try:
                # Ctrl-C reaches the whole process group: the parent decides,
                # and kills this child if it gives up (``close``).
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                killed_with_parent(parent)
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(work(), handle, pickle.HIGHEST_PROTOCOL)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        os.close(fd)

    def result(self) -> Any | None:
        """What ``work()`` returned, or None when the child failed (it says
        why on its standard error; the caller does the work itself)."""
        if self._pid is None:
            raise RuntimeError("the forked helper's result was taken already")
        _pid, status = os.waitpid(self._pid, 0)
        self._pid = None
        self._thaw()
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            log.warning("a forked helper failed (exit status %d); working without it", code)
            return None
        with open(self._path, "rb") as handle:
            return pickle.load(handle)

    def close(self) -> None:
        """Kill the child if its result was not taken, and remove its file."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = None
            self._thaw()
        try:
            os.unlink(self._path)
        except FileNotFoundError:
            pass


class SharedEnds:
    """The indices 0 .. count-1 of some work, handed out from both ends to a
    process and the child it forks next: the parent takes them from the
    front, in order, the child from the back, until the two meet.  The work
    is shared as it goes, whichever process is the faster (a share fixed in
    advance left one waiting for the other by a third of its time).  Make
    it before the fork; it raises OSError where processes cannot share a lock."""

    def __init__(self, count: int) -> None:
        import multiprocessing

        self._lock = multiprocessing.get_context("fork").Lock()
        self._ends = mmap.mmap(-1, _ENDS.size)  # (anonymous and shared: the child sees it)
        _ENDS.pack_into(self._ends, 0, 0, count)

    def take_front(self) -> int | None:
        """The next index from the front, or None once the two ends met."""
        return self._take(front=True)

    def take_back(self) -> int | None:
        """The next index from the back, or None once the two ends met."""
        return self._take(front=False)

    def _take(self, front: bool) -> int | None:
        # (A process killed while it held the lock would hold it for ever:
        # past the wait, the ends count as met, and the parent does the rest.)
        if not self._lock.acquire(timeout=_LOCK_SECONDS):
            return None
        try:
            first, end = _ENDS.unpack_from(self._ends)
            if first >= end:
                return None
            if front:
                _ENDS.pack_into(self._ends, 0, first + 1, end)
                return first
            _ENDS.pack_into(self._ends, 0, first, end - 1)
            return end - 1
        finally:
            self._lock.release()

    @property
    def met(self) -> int:
        """Where the front has got to: once the child has ended, where the
        indices it took (or left) start."""
        return _ENDS.unpack_from(self._ends)[0]
