"""An index update in a separate process, for the desktop app.

An update of thousands of files builds postings in Python.  In the window's
process that work competes with the event loop for the GIL and the garbage
collector (bench/gui_latency.py measured stalls of 100-400 ms while indexing
20,000 articles), and the writer's buffers stay in the app's resident memory
afterwards (over 300 MB).  Recoll's GUI runs ``recollindex`` as a separate
process for the same reasons; Reader's app does the same for big updates
(``Library.update_index(isolated=True)``), while the file watcher's usual
one or two files are indexed in-process, where no process start (~0.3 s)
is paid.

The child opens the same index directory, runs ``SearchIndex.update`` and
reports progress and the summary through a pipe; a second pipe carries the
cancel request.  If the app goes away, the child sees its pipe close,
cancels (keeping what it has committed) and exits.  The app's own
``SearchIndex`` must then ``reload()`` to see what the child wrote.
"""
from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable
from pathlib import Path

from ..model import Cancelled, IndexSummary, IndexerProcessError, Progress

log = logging.getLogger("reader.indexer_process")

POLL_SECONDS = 0.05  # how often the app's waiting thread looks for cancel and child death
JOIN_SECONDS = 30.0  # a child that sent its summary exits at once; this is a safety net


def update_in_child(index_dir: Path, folders: Iterable[Path], progress: Progress | None = None,
                    cancelled: Cancelled | None = None) -> IndexSummary:
    """``SearchIndex(index_dir).update(folders, ...)`` in a new process; its summary.

    Blocks until the child is done (call it on a worker thread); ``progress``
    is called on this thread.  Raises IndexerProcessError when the update
    fails or the process dies.
    """
    context = multiprocessing.get_context("spawn")
    reports, reports_end = context.Pipe(duplex=False)
    commands_end, commands = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main, name="reader-indexer",
        args=(str(index_dir), [str(f) for f in folders], commands_end, reports_end))
    child.start()
    # Our copies of the child's ends: closed, so a dead child reads as EOF.
    reports_end.close()
    commands_end.close()
    try:
        return _follow(child, reports, commands, progress, cancelled)
    finally:
        commands.close()  # the child cancels if it is still running
        child.join(JOIN_SECONDS)
        if child.is_alive():
            log.warning("indexer process did not exit; terminating it")
            child.terminate()
            child.join()
        reports.close()


def _follow(child, reports, commands, progress: Progress | None,
            cancelled: Cancelled | None) -> IndexSummary:
    asked_to_cancel = False
    while True:
        if not asked_to_cancel and cancelled is not None and cancelled():
            commands.send("cancel")
            asked_to_cancel = True
        if reports.poll(POLL_SECONDS):
            try:
                kind, *payload = reports.recv()
            except EOFError:
                break
            if kind == "progress":
                if progress is not None:
                    progress(*payload)
            elif kind == "done":
                return payload[0]
            else:
                raise IndexerProcessError(payload[0])
        elif not child.is_alive() and not reports.poll():
            break
    child.join(JOIN_SECONDS)
    raise IndexerProcessError(
        f"the indexer process stopped unexpectedly (exit code {child.exitcode})")


def _child_main(index_dir: str, folders: list[str], commands, reports) -> None:
    """The child: update the index, report, exit.  Never raises (it reports instead)."""
    from ..util.lifetime import end_with_parent
    from .store import SearchIndex

    end_with_parent()
    cancel = _CancelRequests(commands)

    def report(done: int, total: int) -> None:
        try:
            reports.send(("progress", done, total))
        except OSError:  # nobody is listening any more: stop, keeping what is done
            cancel.requested = True

    try:
        index = SearchIndex(Path(index_dir))
        try:
            summary = index.update([Path(f) for f in folders], progress=report,
                                   cancelled=cancel)
        finally:
            index.close()
        reports.send(("done", summary))
    except Exception as exc:  # noqa: BLE001 (reported to the app, which shows it)
        log.exception("index update failed in the indexer process")
        try:
            reports.send(("error", str(exc) or type(exc).__name__))
        except OSError:
            pass


class _CancelRequests:
    """Whether the app asked the indexer process to cancel: its pipe looked
    at whenever the update asks (a file or a batch at a time), without
    waiting.  (A thread that waited on it made the process one that may not
    fork, so its workers were spawned, each importing everything again,
    and its commit ran on one core.)"""

    def __init__(self, commands) -> None:
        self._commands = commands
        self.requested = False

    def __call__(self) -> bool:
        try:
            while not self.requested and self._commands.poll():
                self.requested = self._commands.recv() == "cancel"
        except (EOFError, OSError):
            self.requested = True  # the app closed its end: it is gone or done with us
        return self.requested
