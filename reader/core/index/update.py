"""One update of the index: the files under the library's folders, brought in.

Only new and changed files are read and parsed (scan.py decides which);
their documents go to one Whoosh writer, files that left are deleted, and
the manifest records the outcome after the commit, in one transaction.
"""
from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from .. import articles
from ..model import (ArticleError, Cancelled, ChangedArticle, FileRecord, IndexSummary, Progress,
                     Skipped)
from .fast import _FastSegmentWriter, _Postings
from .manifest import ROW_FINGERPRINT, ROW_HASH, ROW_ID, Manifest
from .progress import BigUpdate, Ticker
from .pool import worker_count
from .scan import changed_files, file_hash, find_articles
from .workers import _get_preparer, _Outcomes

log = logging.getLogger("reader.index")


class Update:
    """The work of one ``SearchIndex.update``, on the index's manifest and
    with writers it makes (``new_writer``); ``committed`` is called when the
    Whoosh index changed."""

    def __init__(self, manifest: Manifest, new_writer: Callable[[], _FastSegmentWriter],
                 committed: Callable[[], None]) -> None:
        self._manifest = manifest
        self._writer = new_writer
        self._committed = committed
        self._failed: list[tuple[str, int, int, str]] = []  # (path, size, mtime, reason)

    def run(self, folders: list[Path], progress: Progress | None, cancelled: Cancelled | None,
            max_changes: int | None) -> tuple[IndexSummary, bool]:
        """The summary, and whether any file was recorded or dropped.

        The garbage collector is off meanwhile: what an update builds (the
        batches of read articles, the writer's buffer) lives until the
        commit and makes no reference cycles, yet the collector walked it
        again and again: 60-85 ms of this process's time for 2,000 articles,
        two full collections among them."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._run(folders, progress, cancelled, max_changes)
        finally:
            if enabled:
                gc.enable()

    def _run(self, folders: list[Path], progress: Progress | None, cancelled: Cancelled | None,
             max_changes: int | None) -> tuple[IndexSummary, bool]:
        clock = time.perf_counter()
        summary = IndexSummary()
        sizes, mtimes = self._manifest.stats()
        candidates = find_articles(folders, summary)
        scanned = time.perf_counter()
        ticker = Ticker(progress, cancelled, len(candidates))
        upserts: list[FileRecord] = []
        # Pass 1: size and mtime decide which files need opening.
        failures = self._manifest.failures()
        to_read, seen = changed_files(candidates, sizes, mtimes, summary, ticker, failures)
        self._failed = []
        vanished = [p for p in sizes if p not in seen]
        if max_changes is not None and len(to_read) + len(vanished) >= max_changes:
            raise BigUpdate(len(to_read) + len(vanished))
        known = self._manifest.rows_for([item[1] for item in to_read] + vanished)
        statted = time.perf_counter()
        writer = None
        try:
            if to_read:
                writer = self._read_and_add(to_read, known, seen, upserts, summary, ticker)
            else:
                summary.cancelled = ticker.cancel_requested()
            added = time.perf_counter()
            deletes = [] if summary.cancelled else [p for p in sizes if p not in seen]
            for path in deletes:
                if writer is None:
                    writer = self._writer()
                for row in known[path]:
                    writer.delete_by_term("id", row[ROW_ID])
                    summary.removed_ids.append(row[ROW_ID])
            summary.removed = len(summary.removed_ids)  # files gone, and parts files lost
            if writer is not None:
                writer.commit()
                writer = None
                self._committed()
        finally:
            if writer is not None:
                writer.cancel()
        meta = {}
        first = self._manifest.get_meta("updated_at") is None
        now = datetime.now().isoformat(timespec="seconds")
        if not summary.cancelled and (upserts or deletes or first):
            meta["updated_at"] = now
        self._manifest.apply(upserts, deletes, meta)
        if not summary.cancelled:
            self._manifest.record_check(
                [str(Path(folder).resolve()) for folder in folders],
                [(skip.path, skip.reason) for skip in summary.skipped], now)
        indexed = {record.path for record in upserts}
        stale = [p for p in failures if p not in candidates or p in indexed]
        if self._failed or stale:
            self._manifest.set_failures(self._failed, stale)
        log.debug("update timings: scan %.3f s, stat %.3f s, read and add %.3f s, "
                  "commit and manifest %.3f s", scanned - clock, statted - scanned,
                  added - statted, time.perf_counter() - added)
        return summary, bool(upserts or deletes)

    def _same_bytes(self, to_read, known, seen, upserts, summary, ticker) -> list:
        """Pass 2a: files already indexed whose size or mtime changed are hashed
        here; the ones with the same bytes as before (touched, copied back)
        need no parsing.  Returns the files left to read and parse."""
        rest = []
        for item in to_read:
            folder, path, size, mtime = item
            old = known.get(path)
            if old is None:
                rest.append(item)
                continue
            if ticker.cancel_requested():
                summary.cancelled = True
                return []
            try:
                data = articles.read_file(path)
            except ArticleError as exc:
                summary.skipped.append(Skipped(path, exc.reason))
                if isinstance(exc, articles.Vanished):
                    seen.discard(path)
                ticker.tick()
                continue
            if file_hash(data) == old[0][ROW_HASH]:
                summary.unchanged += 1
                upserts.extend(_restamped(old, size, mtime))
                ticker.tick()
            else:
                rest.append(item)
        return rest

    def _read_and_add(self, to_read, known, seen, upserts, summary, ticker):
        """Pass 2: open, hash, parse and index the files that may have changed.

        Returns the open writer (or None if nothing needed writing).
        """
        to_read = self._same_bytes(to_read, known, seen, upserts, summary, ticker)
        if not to_read:
            return None
        tasks = []
        for _folder, path, _size, _mtime in to_read:
            old = known.get(path)
            tasks.append((path, old[0][ROW_HASH] if old is not None else None))
        # A new path's article may be recorded under another one (a link).
        new = any(task[1] is None for task in tasks)
        known_ids = self._manifest.article_ids() if new else set()
        writer = None
        pending: tuple[int, _Postings] | None = None  # postings not yet in the writer
        items = iter(to_read)
        outcomes = _Outcomes(tasks, [item[2] for item in to_read], _get_preparer(),
                             worker_count())
        batches = iter(outcomes)
        try:
            with outcomes:
                # A batch is added whole or not at all; cancelling is checked
                # before the first and after each (here in this process, a
                # batch is computed only when the loop asks for it).
                remaining = len(to_read)
                for batch, postings in (() if ticker.cancel_requested() else batches):
                    if pending is not None and pending[1] is not postings:
                        writer.add_postings(*pending)
                        pending = None
                    base = pending[0] if pending is not None else None
                    for outcome in batch:
                        folder, path, size, mtime = next(items)
                        old = known.get(path)
                        kind = outcome[0]
                        if kind == "skip":
                            summary.skipped.append(Skipped(path, outcome[1]))
                            if outcome[2]:  # vanished: it leaves the index
                                seen.discard(path)
                            elif outcome[3]:  # its reader crashed or hung: not again
                                self._failed.append((path, size, mtime, outcome[1]))
                        elif kind == "same":
                            summary.unchanged += 1
                            upserts.extend(_restamped(old, size, mtime))
                        else:
                            if writer is None:
                                writer = self._writer()
                            if base is None:
                                base = writer.docnum
                            self._add_file(writer, outcome, (folder, path, size, mtime),
                                           old or [], known_ids, upserts, summary)
                        ticker.tick()
                    if postings.docs and pending is None:
                        pending = (base, postings)
                    remaining -= len(batch)
                    if remaining and ticker.cancel_requested():
                        break
                if remaining:
                    summary.cancelled = True
                if pending is not None:
                    writer.add_postings(*pending)
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        finally:
            batches.close()
        summary.messages.extend(outcomes.messages)
        log.debug("waited %.3f s for worker processes", outcomes.waited)
        return writer


    @staticmethod
    def _add_file(writer: _FastSegmentWriter, outcome: tuple, item: tuple[str, str, int, int],
                  old: list[tuple], known_ids: set[str], upserts: list[FileRecord],
                  summary: IndexSummary) -> None:
        """Put a read file's articles in the index in place of its ``old`` rows'
        ones, and count which are new, changed and gone."""
        folder, path, size, mtime = item
        _, digest, docs, skipped = outcome
        summary.skipped.extend(Skipped(path, reason) for reason in skipped)
        previous = {row[ROW_ID]: row for row in old}
        for article_id in previous:
            writer.delete_by_term("id", article_id)
        for meta, perdoc, stored in docs:
            article_id, fingerprint, title, date, author, source, language, part = meta
            if article_id not in previous and article_id in known_ids:
                writer.delete_by_term("id", article_id)  # recorded under another path
            writer.add_prepared(perdoc, stored)
            upserts.append(FileRecord(path, article_id, folder, size, mtime, digest, fingerprint,
                                      title, date, author, source, language, part))
            before = previous.pop(article_id, None)
            if before is None:
                summary.added += 1
            else:
                summary.updated += 1
            if before is None or before[ROW_FINGERPRINT] != fingerprint:
                summary.changed.append(ChangedArticle(article_id, path, fingerprint))
        summary.removed_ids.extend(previous)  # parts the file no longer has (counted by run)


def _restamped(rows: list[tuple], size: int, mtime: int) -> list[FileRecord]:
    """The records of a file's articles, with the file's new size and mtime."""
    return [FileRecord(**{**asdict(FileRecord(*row)), "size": size, "mtime_ns": mtime})
            for row in rows]
