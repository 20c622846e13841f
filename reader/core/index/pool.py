"""Reading many files on a pool of worker processes, or here: what the index and the
team ingest share.

When there is enough to read (``estimated_seconds``), files are read by a
pool of worker processes (forked when that is safe, else spawned: see
``start_method``), a chunk of files per task; a little is read in this
process, documents (PDF, Word ...) in a process of their own
(``isolated``).  ``PooledReads`` keeps the order, delivers the results in
batches as they come, and never drops a file silently: a worker that dies
or hangs is killed, and the rest is read one file at a time in the isolated
process, where the culprit is found and skipped with a reason.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ClassVar, Generic, TypeVar

from .. import articles
from ..util.forking import frozen, may_fork
from ..util.lifetime import end_with_parent
from . import isolated
from .isolated import IsolatedReader

log = logging.getLogger("reader.index")

Batch = TypeVar("Batch")

#: How long the head chunk of the pool may keep the reader waiting, in
#: multiples of one file's time limit (``isolated.READ_SECONDS``), before its
#: worker is taken to hang.
_CHUNK_WAIT_IN_READ_LIMITS = 2

#: What one file costs to read, parse and analyse, in seconds of one core:
#: a text file (plain, Markdown, HTML) some 1 ms plus 0.5 ms a KiB (measured
#: on 2,000 wire articles of 1-3 KiB and on 85 KiB reports); a document
#: (PDF, Word ...) some 15 ms.  The pool is decided on this estimate of the
#: work, so a few long files get it and a few hundred tiny ones may not.
_TEXT_FILE_SECONDS = 0.001
_TEXT_BYTE_SECONDS = 0.5e-6
_DOCUMENT_SECONDS = 0.015
#: What starting the pool costs, by start method: a forked worker has every
#: module loaded already, a spawned one imports them all again.  The pool
#: pays when the work is at least twice that (two cores halve the work).
POOL_START_SECONDS = {"fork": 0.03, "spawn": 0.35}


def estimated_seconds(paths_and_sizes: list[tuple[str, int]]) -> float:
    """How long reading these files takes on one core, roughly (see above)."""
    total = 0.0
    for path, size in paths_and_sizes:
        if articles.is_document(path):  # (a str: through a Path, 15 ms per 2,000 files)
            total += _DOCUMENT_SECONDS
        else:
            total += _TEXT_FILE_SECONDS + size * _TEXT_BYTE_SECONDS
    return total


def start_method() -> str:
    """How the pool's workers start: forked when this process runs a single
    thread (the command line, the app's indexer process before its first
    helper thread), which costs a few milliseconds and shares every loaded
    module and the analyser's word cache; spawned otherwise, since forking a
    process with other threads (Qt's, a watcher's) may copy a lock some
    thread holds (``util.forking``)."""
    return "fork" if may_fork() else "spawn"


def worker_count() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


class PooledReads(Generic[Batch]):
    """The batches of a list of tasks (each a tuple, its file's path first), in order:
    read by a pool of worker processes when the estimated work pays for it, else here.

    A subclass says how: ``in_worker`` (a module-level function, so that it
    pickles: a chunk of tasks -> one batch), ``worker_start`` (run once in
    each worker), ``in_isolation`` (one task, in the isolated process),
    ``here`` (tasks read in this process, as batches) and ``alone`` (one
    task's batch from the isolated process, or a skip saying why not).

    Use as a context manager: leaving it (finished, cancelled or on an error)
    shuts the pool down, waiting only for the chunks already running.  An
    exception raised by the work itself is raised here, as it would be
    without workers.
    """

    in_worker: ClassVar[Callable[[list], Any]]
    in_isolation: ClassVar[Callable[[tuple], Any]]
    worker_start: ClassVar[Callable[[], None]] = staticmethod(end_with_parent)
    #: The most tasks a worker is given at once.
    largest_chunk: ClassVar[int] = 128
    #: What the user is told when a worker stopped (the work went on without it).
    stopped: ClassVar[str] = "A helper process stopped; the work continued without it."

    def __init__(self, tasks: list[tuple], sizes: list[int], workers: int) -> None:
        """``sizes``: each task's file size in bytes, to estimate the work."""
        self._tasks = tasks
        self._method = start_method()
        work = estimated_seconds([(task[0], size) for task, size in zip(tasks, sizes)])
        pooled = work >= 2 * POOL_START_SECONDS[self._method]
        self._workers = workers if pooled else 1
        self._executor: ProcessPoolExecutor | None = None
        self._alone: IsolatedReader | None = None
        self.messages: list[str] = []
        self.waited = 0.0  # seconds spent waiting for workers

    def __enter__(self) -> PooledReads[Batch]:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        alone, self._alone = self._alone, None
        if alone is not None:
            alone.close()

    def __iter__(self) -> Iterator[Batch]:
        if self._workers <= 1:
            yield from self.here(self._tasks)
        else:
            yield from self._pooled()

    # -- what a subclass says

    def here(self, tasks: list[tuple]) -> Iterator[Batch]:
        raise NotImplementedError

    def alone(self, task: tuple, result: Any) -> Batch:
        """The batch of ``task`` read in isolation: ``result`` is what
        ``in_isolation`` returned, or the reason (a str) it could not be read."""
        raise NotImplementedError

    # -- reading

    def read_alone(self, task: tuple) -> Batch:
        """One task in the isolated reading process."""
        if self._alone is None:
            self._alone = IsolatedReader(type(self).in_isolation)
        return self.alone(task, self._alone.read(task))

    def _kill_pool(self) -> None:
        """Stop the pool now, a worker stuck in native code included."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        # ProcessPoolExecutor can only wait for its workers; a hung one must
        # be killed, and only the executor knows its processes.
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            if process.is_alive():
                process.kill()
        executor.shutdown(wait=True, cancel_futures=True)

    def _pooled(self) -> Iterator[Batch]:
        tasks = self._tasks
        size = max(4, min(self.largest_chunk, len(tasks) // (self._workers * 16)))
        chunks = [tasks[i: i + size] for i in range(0, len(tasks), size)]
        try:
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers, mp_context=multiprocessing.get_context(self._method),
                initializer=type(self).worker_start)
        except (OSError, ImportError, NotImplementedError) as exc:  # no processes here
            log.warning("no worker processes (%s); reading in this process", exc)
            yield from self.here(tasks)
            return
        pending: deque = deque()
        next_chunk = 0
        window = self._workers * 3
        # The first submit forks the workers: they inherit this process's
        # objects frozen, so their garbage collector never walks (and so
        # never copies) the pages those are on.
        thaw = frozen() if self._method == "fork" else None
        try:
            while pending or next_chunk < len(chunks):
                try:
                    while next_chunk < len(chunks) and len(pending) < window:
                        future = self._executor.submit(type(self).in_worker, chunks[next_chunk])
                        pending.append((chunks[next_chunk], future))
                        next_chunk += 1
                    if thaw is not None:
                        thaw()
                        thaw = None
                    future = pending[0][1]
                    waited = time.perf_counter()
                    batch = future.result(
                        timeout=_CHUNK_WAIT_IN_READ_LIMITS * isolated.READ_SECONDS)
                    self.waited += time.perf_counter() - waited
                except (BrokenProcessPool, OSError, TimeoutError) as exc:
                    # A worker died (a crash, the OOM killer) or hangs on a file:
                    # which file is not known, so the rest is read one file at a
                    # time in a process of its own, where the culprit is found.
                    log.warning("a worker process stopped or hangs; reading the rest one file "
                                "at a time", exc_info=not isinstance(exc, TimeoutError))
                    self.messages.append(self.stopped)
                    self._kill_pool()
                    rest = [c for c, _ in pending] + chunks[next_chunk:]
                    for task in (t for c in rest for t in c):
                        yield self.read_alone(task)
                    return
                pending.popleft()
                yield batch
        finally:
            if thaw is not None:  # (the pool could not start)
                thaw()
