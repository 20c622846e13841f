"""Reading articles into prepared documents: here, or in worker processes.

When there is enough to read (pool.py decides, and runs the pool), files
are read, parsed and analysed by worker processes; a little is done in this
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
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from .. import articles
from ..model import Article, ArticleError, shown
from ..util.lifetime import end_with_parent
from .fast import _Postings, _Preparer
from .pool import PooledReads
from .scan import file_hash
from .schema import make_schema

def _document(article: Article) -> dict:
    """The Whoosh fields of one article."""
    title_span = _title_span(article)
    indexable = article.indexable_text()
    path = shown(str(article.path))  # (terms are text)
    pathname, folder = where_terms(path)
    doc = dict(
        id=article.id,
        path=path,  # what a hit shows; the manifest keeps the very name
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


def where_terms(path: str) -> tuple[str, str]:
    """The ``pathname`` and ``folder`` field values of a file (a term a line):
    its whole path and its name; each folder above it, whole and by name, so
    ``folder:briefs`` and ``folder:"/home/me/briefs"`` both find it.

    ``path`` is absolute, as ``str(Path)`` writes it; the folders are its
    ``Path.parents`` but the root, found with os.path (pathlib built a
    path object per folder: 1.4% of a worker's CPU on the 2,000 wire items).
    """
    folders = []
    parent = os.path.dirname(path)
    while parent != os.path.dirname(parent):  # (the root is its own parent)
        folders.append(parent)
        parent = os.path.dirname(parent)
    names = sorted({os.path.basename(folder) for folder in folders})
    return "\n".join((path, os.path.basename(path))), "\n".join(folders + names)


def _title_span(article: Article) -> tuple[int, int] | None:
    """Where the title heading sits in the text, so `title:` hits can be shown."""
    for block, start in zip(article.blocks, article.block_starts):
        if block.kind == "heading" and block.text == article.title:
            return (start, start + len(block.text))
    return None


_preparer: _Preparer | None = None


def _get_preparer() -> _Preparer:
    """The process's preparer; with it, the inversion of its batches (and
    NumPy) is loaded, before a pool forks its workers from this process."""
    global _preparer
    if _preparer is None:
        from .fast import invert  # noqa: F401

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
    allocations.  (A forked worker's inherited objects come frozen: pool.py.
    Collecting them first cost each worker 15-18 ms, the pages it touched
    copied.)"""
    end_with_parent()
    _get_preparer()
    gc.freeze()


def _worker_chunk(tasks: list[tuple[str, str | None]]) -> tuple[list[tuple], _Postings]:
    """Run in a worker process: the outcomes of a chunk of tasks, in order,
    and their documents' postings."""
    preparer = _get_preparer()
    postings = _Postings()
    return [_read_task(task, preparer, postings) for task in tasks], postings


class _Outcomes(PooledReads[tuple[list[tuple], _Postings]]):
    """The outcomes of index tasks, in batches ``(outcomes, postings)``: computed
    here, or by the pool's worker processes (pool.py)."""

    in_worker = staticmethod(_worker_chunk)
    in_isolation = staticmethod(read_alone)
    worker_start = staticmethod(_worker_init)
    stopped = "An indexing helper process stopped; indexing continued without it."

    def __init__(self, tasks: list, sizes: list[int], preparer: _Preparer,
                 workers: int) -> None:
        super().__init__(tasks, sizes, workers)
        self._preparer = preparer

    def here(self, tasks) -> Iterator[tuple[list[tuple], _Postings]]:
        # One postings object for all: the consumer adds them when they stop
        # coming (see update.py), so terms shared by the articles are
        # appended to, not added anew for each.  Documents (PDF, Word ...)
        # are read in a process of their own, never here.
        postings = _Postings()
        for task in tasks:
            if articles.is_document(task[0]):
                yield self.read_alone(task)
            else:
                yield [_read_task(task, self._preparer, postings)], postings

    def alone(self, task, result) -> tuple[list[tuple], _Postings]:
        if isinstance(result, str):
            return [("skip", result, False, True)], _Postings()
        outcome, postings = result
        return [outcome], postings
