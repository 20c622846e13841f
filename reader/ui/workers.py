"""Background work: indexing and searching off the GUI thread.

The pattern is Picard's and Anki's: a ``QRunnable`` runs a plain core function
on a thread pool and reports through a ``QObject`` whose signals live in the
GUI thread, so results arrive as queued signals and no widget is ever touched
from a worker.  Cancellation is cooperative: the core's long functions take a
``cancelled()`` callback, which here reads a ``threading.Event``.

Two runners sit on top:

* ``IndexRunner`` keeps at most one index update running; asking for another
  while one runs queues exactly one re-run, so a burst of file-system events
  costs two updates, not twenty.
* ``LatestRunner`` runs a query-like function (the library table's rows)
  and delivers only the answer to the newest request.
* ``SearchRunner`` debounces typing with a single-shot timer, tags every
  request with a generation number, runs at most one search at a time (the
  core's note searcher is not made for concurrent callers) and drops the
  results of any request that has been superseded.

The owner must call ``shutdown()`` (MainWindow.closeEvent does) so nothing
runs, and no signal is emitted into a deleted object, after the window goes.
"""
from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ..core.library import Library
from ..core.model import QueryError, Results, SearchCancelled

log = logging.getLogger("reader.ui")

#: Progress reports are throttled to this interval (seconds): a 20,000-file
#: update must not flood the GUI thread with queued signals.
PROGRESS_INTERVAL = 0.05

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]



def delay_timer(parent: QObject, ms: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer owned by ``parent``: ``start()`` (re)starts the delay.

    Debounces (search-as-you-type, file watching, the note preview) and
    "only if it lasts" delays (the progress bar) are all this.
    """
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer

class TaskRelay(QObject):
    """Carries the reports of an owner's tasks back to the GUI thread.

    One relay per owner (created in, and living in, the GUI thread), its
    signals connected once to the owner's methods; each task tags its
    reports with its id.  There are deliberately no per-task QObjects and no
    lambdas holding them: deleting such an object while its queued signal is
    on the way is how PySide applications crash.
    """

    progress = Signal(int, int, int)  # task id, done, total
    finished = Signal(int, object)  # task id, result
    failed = Signal(int, object)  # task id, exception


class Task(QRunnable):
    """Runs ``work(progress, cancelled)`` on a pool thread and reports through a relay."""

    def __init__(self, task_id: int, work: Work, relay: TaskRelay, cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id = task_id
        self._work = work
        self._relay = relay
        self._cancel = cancel
        self._last_progress = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self._relay.progress.emit(self._id, done, total)

    def run(self) -> None:
        try:
            result = self._work(self._progress, self._cancel.is_set)
        except Exception as exc:  # reported to the GUI, which shows it to the user
            log.debug("background task failed", exc_info=True)
            self._relay.failed.emit(self._id, exc)
        else:
            self._relay.finished.emit(self._id, result)


_task_ids = itertools.count(1)


def start_task(pool: QThreadPool, work: Work, relay: TaskRelay) -> tuple[int, threading.Event]:
    """Start ``work`` on ``pool``; returns its id (as the relay will report it) and cancel flag.

    The relay's owner must outlive the task: shut down, then ``pool.waitForDone()``.
    """
    task_id = next(_task_ids)
    cancel = threading.Event()
    pool.start(Task(task_id, work, relay, cancel))
    return task_id, cancel


# -- indexing -------------------------------------------------------------------


class IndexRunner(QObject):
    """One index update (library.update_index) at a time, with progress and cancel.

    Big updates run isolated, in a separate process: the window's process
    only waits for it on a pool thread and relays its progress.
    """

    started = Signal()
    progress = Signal(int, int)
    finished = Signal(object, object)  # IndexSummary, ReanchorSummary
    failed = Signal(str)
    idle = Signal()  # nothing running and nothing queued

    def __init__(self, library: Library, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._pool = pool
        self._relay = TaskRelay(self)
        self._relay.progress.connect(self._progress)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._task: int | None = None
        self._cancel: threading.Event | None = None
        self._rerun = False
        self._closed = False

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        """Update the index now, or right after the update that is running."""
        if self._closed:
            return
        if self.running:
            self._rerun = True
            return
        self._rerun = False
        library = self._library
        self._task, self._cancel = start_task(
            self._pool,
            lambda progress, cancelled: library.update_index(progress, cancelled, isolated=True),
            self._relay)
        self.started.emit()

    def cancel(self) -> None:
        """Stop the running update (the work done so far is kept) and any queued one."""
        self._rerun = False
        if self._cancel is not None:
            self._cancel.set()

    def shutdown(self) -> None:
        """Cancel and refuse new work; the owner then waits for the pool."""
        self._closed = True
        self.cancel()

    def _release(self) -> None:
        self._task = None
        self._cancel = None

    def _progress(self, task_id: int, done: int, total: int) -> None:
        if task_id == self._task:
            self.progress.emit(done, total)

    def _finished(self, task_id: int, result: tuple) -> None:
        if task_id != self._task:
            return
        self._release()
        summary, reanchored = result
        self.finished.emit(summary, reanchored)
        self._next()

    def _failed(self, task_id: int, exc: Exception) -> None:
        if task_id != self._task:
            return
        self._release()
        log.warning("index update failed: %s", exc)
        self.failed.emit(f"The index could not be updated: {exc}")
        self._next()

    def _next(self) -> None:
        if self._rerun and not self._closed:
            self.start()
        elif not self.running:
            self.idle.emit()


# -- loading ---------------------------------------------------------------------


class LatestRunner(QObject):
    """Runs a function on the pool; only the newest request's result is delivered.

    For reads that are too slow for the GUI thread with a big library (the
    20,000 rows of the library table) and that may be asked for again before
    the last answer is in: an answer that a newer request supersedes is dropped.
    """

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._latest: int | None = None
        self._closed = False
        self._relay = TaskRelay(self)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)

    @property
    def busy(self) -> bool:
        return self._latest is not None

    def request(self, work: Callable[[], Any]) -> None:
        if not self._closed:
            self._latest, _ = start_task(self._pool, lambda _p, _c: work(), self._relay)

    def shutdown(self) -> None:
        self._closed = True
        self._latest = None

    def _finished(self, task_id: int, result: Any) -> None:
        if task_id == self._latest:
            self._latest = None
            self.ready.emit(result)

    def _failed(self, task_id: int, exc: Exception) -> None:
        if task_id == self._latest:
            self._latest = None
            log.warning("background read failed: %s", exc)
            self.failed.emit(str(exc))


# -- searching ------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    """Everything one search depends on; equal requests give equal results."""

    text: str
    scope: str = "articles"
    sort: str = "relevance"
    sources: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    languages: tuple[str, ...] = ()  # ISO codes
    limit: int = 50
    generation: int = field(default=0, compare=False)


def run_search(library: Library, request: SearchRequest,
               cancelled: Callable[[], bool] | None = None) -> Results:
    """The search itself (on a worker thread); SearchCancelled once ``cancelled()``.

    With facet filters on, the facet counts come from the unfiltered search,
    so the chips the user can still pick do not vanish when one is picked.
    """
    results = library.search(
        request.text, limit=request.limit, sort=request.sort, scope=request.scope,
        sources=request.sources or None, years=request.years or None,
        languages=request.languages or None, cancelled=cancelled, team=True)
    if (request.sources or request.years or request.languages) and request.scope != "notes":
        results.facets = library.search(request.text, limit=1, scope="articles",
                                        cancelled=cancelled).facets
    return results


class SearchRunner(QObject):
    """Debounced, off-thread searches; only the newest request's answer is shown."""

    resultsReady = Signal(object, object)  # SearchRequest, Results
    failed = Signal(object, str)  # SearchRequest, message for the user
    busyChanged = Signal(bool)
    idle = Signal()

    def __init__(self, library: Library, pool: QThreadPool, parent: QObject | None = None,
                 debounce_ms: int = 200) -> None:
        super().__init__(parent)
        self._library = library
        self._pool = pool
        self._generation = 0
        self._pending: SearchRequest | None = None
        self._in_flight: SearchRequest | None = None
        self._in_flight_task: int | None = None
        self._in_flight_cancel: threading.Event | None = None
        self._closed = False
        self._relay = TaskRelay(self)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._timer = delay_timer(self, debounce_ms, self._launch)

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def busy(self) -> bool:
        """A search is waiting for the debounce or running."""
        return self._timer.isActive() or self._in_flight is not None

    def request(self, request: SearchRequest, *, immediate: bool = False) -> SearchRequest:
        """Ask for a search; returns the request tagged with its generation."""
        if self._closed:
            return request
        self._generation += 1
        tagged = replace(request, generation=self._generation)
        self._pending = tagged
        if self._in_flight_cancel is not None:  # its answer would be dropped: stop it now
            self._in_flight_cancel.set()
        was_busy = self.busy
        if immediate:
            self._timer.stop()
            self._launch()
        else:
            self._timer.start()
        if not was_busy:
            self.busyChanged.emit(True)
        return tagged

    def cancel(self) -> None:
        """Forget every request; the running search stops at its next step."""
        was_busy = self.busy
        self._generation += 1
        if self._in_flight_cancel is not None:
            self._in_flight_cancel.set()
        self._pending = None
        self._timer.stop()
        if was_busy and self._in_flight is None:
            self._became_idle()

    def shutdown(self) -> None:
        self.cancel()
        self._closed = True

    def _launch(self) -> None:
        if self._in_flight is not None or self._pending is None:
            return  # the running search launches the pending one when it is done
        request, self._pending = self._pending, None
        self._in_flight = request
        library = self._library
        self._in_flight_task, self._in_flight_cancel = start_task(
            self._pool, lambda _p, cancelled: run_search(library, request, cancelled), self._relay)

    def _finished(self, task_id: int, results: Results) -> None:
        self._done(task_id, results, None)

    def _failed(self, task_id: int, exc: Exception) -> None:
        self._done(task_id, None, exc)

    def _done(self, task_id: int, results: Results | None, exc: Exception | None) -> None:
        if task_id != self._in_flight_task or self._in_flight is None:
            return
        request = self._in_flight
        self._in_flight = None
        self._in_flight_task = None
        self._in_flight_cancel = None
        if request.generation == self._generation:
            if exc is None:
                self.resultsReady.emit(request, results)
            else:
                self.failed.emit(request, _search_message(exc))
        else:
            log.debug("dropped stale search %r (generation %d < %d)",
                      request.text, request.generation, self._generation)
        if self._pending is not None and not self._timer.isActive():
            self._launch()
        elif not self.busy:
            self._became_idle()

    def _became_idle(self) -> None:
        self.busyChanged.emit(False)
        self.idle.emit()


def _search_message(exc: Exception) -> str:
    if isinstance(exc, SearchCancelled):  # (only a stale search is cancelled: never shown)
        return "The search was stopped."
    if isinstance(exc, QueryError):
        return str(exc)
    log.warning("search failed", exc_info=exc)
    return f"The search failed: {exc}"
