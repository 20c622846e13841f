"""Reading articles into prepared documents: here, or in worker processes.

When there is enough to read (``estimated_seconds``), files are read,
parsed and analysed by a pool of worker processes (forked when that is
safe, else spawned: see ``start_method``); a little is done in this
process.  A worker returns each chunk of articles ready-made: the
per-document fields and compressed stored fields, and the chunk's postings
already inverted.  Only the app's process writes the index.

A task is (path, old hash or None).  Its outcome is one of
  ("skip", reason, vanished, failed)   cannot be read or is no article;
                               failed: its reader crashed or hung (index.isolated)
  ("same", hash)               the bytes hash as before: nothing to index
  ("doc", hash, docs, skipped) the file's articles as prepared documents, each
                               (meta, perdoc, stored) (see fast.prepare) with meta
                               (article_id, fingerprint, title, date, author,
                               source, language, part); and the reasons parts
                               of the file were left out
Outcomes come in batches (outcomes, postings): the postings of the batch's
documents, inverted.  A worker returns a batch per chunk of tasks; done
here, a batch is a single task.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import re
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path

from .. import articles
from ..model import Article, ArticleError, shown
from ..util.lifetime import end_with_parent
from .fast import _Postings, _Preparer
from . import isolated
from .isolated import IsolatedReader
from .scan import file_hash
from .schema import make_schema

log = logging.getLogger("reader.index")

#: How long the head chunk of the pool may keep the index waiting, in
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
        if articles.is_document(Path(path)):
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
    thread holds.  Linux says how many threads run (/proc); elsewhere spawn."""
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        return "spawn"
    return "fork" if threads == 1 else "spawn"


def _document(article: Article) -> dict:
    """The Whoosh fields of one article."""
    title_span = _title_span(article)
    indexable = article.indexable_text()
    pathname, folder = where_terms(Path(shown(str(article.path))))  # (terms are text)
    doc = dict(
        id=article.id,
        path=shown(str(article.path)),  # what a hit shows; the manifest keeps the very name
        pathname=pathname,
        folder=folder,
        title=article.title,
        body=indexable,
        author=article.author,
        source=article.source,
        source_facet=article.source,
        datestr=article.date,
        # Snippets are cut from the stored text: chrome blanked, offsets unchanged.
        text=indexable,
        title_span=title_span,
    )
    if article.language:  # (the preparer stems the text fields in it)
        doc["lang"] = article.language
    if article.date:
        doc["date"] = datetime.fromisoformat(article.date)
        doc["year"] = article.date[:4]
        doc["date_order"] = int(re.sub(r"\D", "", article.date).ljust(12, "0")[:12])
    return doc


def where_terms(path: Path) -> tuple[str, str]:
    """The ``pathname`` and ``folder`` field values of a file (a term a line):
    its whole path and its name; each folder above it, whole and by name, so
    ``folder:briefs`` and ``folder:"/home/me/briefs"`` both find it."""
    folders = [p for p in path.parents if str(p) != p.anchor]
    names = sorted({p.name for p in folders})
    return "\n".join((str(path), path.name)), "\n".join([str(p) for p in folders] + names)


def _title_span(article: Article) -> tuple[int, int] | None:
    """Where the title heading sits in the text, so `title:` hits can be shown."""
    for block, start in zip(article.blocks, article.block_starts):
        if block.kind == "heading" and block.text == article.title:
            return (start, start + len(block.text))
    return None


_preparer: _Preparer | None = None


def _get_preparer() -> _Preparer:
    global _preparer
    if _preparer is None:
        _preparer = _Preparer(make_schema())
    return _preparer


def _read_task(task: tuple[str, str | None], preparer: _Preparer, sink: _Postings) -> tuple:
    path_str, old_hash = task
    path = Path(path_str)
    try:
        data = articles.read_file(path)
    except ArticleError as exc:
        return ("skip", exc.reason, isinstance(exc, articles.Vanished), False)
    digest = file_hash(data)
    if old_hash is not None and old_hash == digest:
        return ("same", digest)
    try:
        found = articles.parse_articles(path, data)
    except ArticleError as exc:
        return ("skip", exc.reason, False, False)
    docs = []
    for article in found.articles:
        perdoc, stored = preparer.prepare(_document(article), sink)
        meta = (article.id, article.fingerprint, article.title, article.date, article.author,
                article.source, article.language, article.part)
        docs.append((meta, perdoc, stored))
    return ("doc", digest, docs, found.skipped)


def read_alone(task: tuple[str, str | None]) -> tuple[tuple, _Postings]:
    """A task's outcome and its postings, in a process of its own (``isolated``)."""
    postings = _Postings()
    return _read_task(task, _get_preparer(), postings), postings


def _worker_init() -> None:
    """In a worker process: it ends with its parent; the modules loaded are there
    to stay, so the garbage collector need not walk them after every few hundred
    allocations."""
    end_with_parent()
    _get_preparer()
    gc.collect()
    gc.freeze()


def _worker_chunk(tasks: list[tuple[str, str | None]]) -> tuple[list[tuple], _Postings]:
    """Run in a worker process: the outcomes of a chunk of tasks, in order,
    and their documents' postings."""
    preparer = _get_preparer()
    postings = _Postings()
    return [_read_task(task, preparer, postings) for task in tasks], postings


def worker_count() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


class _Outcomes:
    """The outcomes of tasks, in order and in batches: computed here, or by a
    pool of worker processes.

    Use as a context manager: leaving it (finished, cancelled or on an error)
    shuts the pool down, waiting only for the chunks already running.  If a
    worker process dies, the tasks it had not delivered are done here, so no
    file is silently dropped.  An exception raised by the work itself is
    raised here, as it would be without workers.
    """

    def __init__(self, tasks: list, sizes: list[int], preparer: _Preparer,
                 workers: int) -> None:
        """``sizes``: each task's file size in bytes, to estimate the work."""
        self._tasks = tasks
        self._preparer = preparer
        self._method = start_method()
        work = estimated_seconds([(task[0], size) for task, size in zip(tasks, sizes)])
        pooled = work >= 2 * POOL_START_SECONDS[self._method]
        self._workers = workers if pooled else 1
        self._executor: ProcessPoolExecutor | None = None
        self._alone: IsolatedReader | None = None
        self.messages: list[str] = []
        self.waited = 0.0  # seconds spent waiting for workers

    def __enter__(self) -> "_Outcomes":
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

    def __iter__(self) -> Iterator[tuple[list[tuple], _Postings]]:
        if self._workers <= 1:
            yield from self._here(self._tasks)
        else:
            yield from self._pooled()

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

    def _here(self, tasks) -> Iterator[tuple[list[tuple], _Postings]]:
        # One postings object for all: the consumer adds them when they stop
        # coming (see update.py), so terms shared by the articles are
        # appended to, not added anew for each.  Documents (PDF, Word ...)
        # are read in a process of their own, never here.
        postings = _Postings()
        for task in tasks:
            if articles.is_document(Path(task[0])):
                yield self._read_alone(task)
            else:
                yield [_read_task(task, self._preparer, postings)], postings

    def _read_alone(self, task) -> tuple[list[tuple], _Postings]:
        """One task in the isolated reading process: its batch, or a skip saying why not."""
        if self._alone is None:
            self._alone = IsolatedReader(read_alone)
        result = self._alone.read(task)
        if isinstance(result, str):
            return [("skip", result, False, True)], _Postings()
        outcome, postings = result
        return [outcome], postings

    def _pooled(self) -> Iterator[tuple[list[tuple], _Postings]]:
        tasks = self._tasks
        size = max(4, min(128, len(tasks) // (self._workers * 16)))
        chunks = [tasks[i: i + size] for i in range(0, len(tasks), size)]
        try:
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers, mp_context=multiprocessing.get_context(self._method),
                initializer=_worker_init)
        except (OSError, ImportError, NotImplementedError) as exc:  # no processes here
            log.warning("no indexing worker processes (%s); indexing in this process", exc)
            yield from self._here(tasks)
            return
        pending: deque = deque()
        next_chunk = 0
        window = self._workers * 3
        while pending or next_chunk < len(chunks):
            try:
                while next_chunk < len(chunks) and len(pending) < window:
                    future = self._executor.submit(_worker_chunk, chunks[next_chunk])
                    pending.append((chunks[next_chunk], future))
                    next_chunk += 1
                future = pending[0][1]
                waited = time.perf_counter()
                batch = future.result(
                    timeout=_CHUNK_WAIT_IN_READ_LIMITS * isolated.READ_SECONDS)
                self.waited += time.perf_counter() - waited
            except (BrokenProcessPool, OSError, TimeoutError) as exc:
                # A worker died (a crash, the OOM killer) or hangs on a file:
                # which file is not known, so the rest is read one file at a
                # time in a process of its own, where the culprit is found.
                log.warning("an indexing worker process stopped or hangs; reading the rest "
                            "one file at a time", exc_info=not isinstance(exc, TimeoutError))
                self.messages.append("An indexing helper process stopped; "
                                     "indexing continued without it.")
                self._kill_pool()
                rest = [c for c, _ in pending] + chunks[next_chunk:]
                for task in (t for c in rest for t in c):
                    yield self._read_alone(task)
                return
            pending.popleft()
            yield batch
