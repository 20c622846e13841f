"""The search index of a library: open, check, rebuild, reload, read, update.

The index is a cache (docs/ARCHITECTURE.md): everything in it can be rebuilt from the
article files, so a missing, stale or damaged index is thrown away and
rebuilt with a message, never a crash.  Whoosh never fsyncs, so nothing here
is the only copy of anything.

The index is opened without memory maps: Whoosh reads a memory-mapped
compound segment through BytesIO, which copies the whole segment into
memory for every searcher.
"""
from __future__ import annotations

import gc
import logging
import shutil
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from whoosh import fields as wfields
from whoosh.filedb.filestore import FileStorage

from ..model import Cancelled, FileRecord, FolderStatus, IndexSummary, Progress
from ..util.locks import FileLock
from .fast import _FastSegmentWriter, toc_doc_count
from .manifest import Manifest
from .schema import SCHEMA_VERSION, make_schema

log = logging.getLogger("reader.index")

WRITE_LOCK_TIMEOUT = 30.0


class _HeldSearcher:
    """A thread's searcher.  The index files are read without memory maps, so
    a searcher holds open files: when its thread ends and its local storage
    goes, this closes them (instead of leaving them to the garbage
    collector, which warns about unclosed files)."""

    __slots__ = ("searcher", "generation")

    def __init__(self, searcher, generation: int) -> None:
        self.searcher = searcher
        self.generation = generation

    def close(self) -> None:
        searcher, self.searcher = self.searcher, None
        if searcher is not None:
            searcher.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # the interpreter may be shutting down
            pass


class IndexDamaged(Exception):
    """Raised internally when the index cannot be trusted; it is then rebuilt."""


class SearchIndex:
    """The Whoosh index of a library, rebuilt whenever it cannot be trusted.

    One writer at a time: a lock around every write, and across processes
    (the window, ``reader-cli index`` beside it) an OS lock beside the index
    folder, which a rebuild may delete.  Searchers are per thread because
    Whoosh's ``Searcher`` is not thread-safe.
    """

    def __init__(self, index_dir: Path) -> None:
        self.dir = Path(index_dir)
        self.messages: list[str] = []
        self._write_lock = threading.Lock()
        self._update_lock = self.dir.with_name(self.dir.name + ".update-lock")
        self._seen_version: int | None = None  # the manifest's data_version when last looked
        self._updating = False  # this process holds the update lock
        self._local = threading.local()
        self._generation = 0
        self._same_texts: tuple[int, list[list[str]]] | None = None
        self._open()

    # -- opening and recovery -------------------------------------------------

    def _open(self) -> None:
        """Open the index; one that cannot be trusted is rebuilt.

        Never under another process's update: half-way through, its files
        and manifest may disagree for a moment.  Then this waits for it and
        looks again.
        """
        problem = self._open_as_is()
        if problem is None:
            return
        lock = FileLock(self._update_lock)
        try:
            if not self._updating and not lock.take():
                log.info("waiting for another process's update of %s before rebuilding", self.dir)
                while not lock.take(wait=0.5):
                    pass
                problem = self._open_as_is()
            if problem is not None:
                self._reset(problem)
        finally:
            lock.release()

    def _open_as_is(self) -> str | None:
        """Open the index as it is; what is wrong with it (a message), or None."""
        self.dir.mkdir(parents=True, exist_ok=True)
        previous = getattr(self, "_manifest", None)  # a reload's
        file = self.dir / "manifest.sqlite3"
        try:
            if previous is not None and previous.still_at(file):
                pass  # SQLite shows it what other processes committed: keep it, threads use it
            else:  # first opened, or rebuilt by another process: a new file
                self._manifest = Manifest(file)
                if previous is not None:
                    previous.close()
            self._check_manifest()
        except (sqlite3.DatabaseError, IndexDamaged) as exc:
            return f"The search index was damaged ({exc}); rebuilding it."
        if not any(self.dir.glob("*.toc")):
            if self._manifest.count():
                return "The search index was missing; rebuilding it."
            self._create()
            return None
        # Whoosh leaves the files of a segment it failed to read open; they are
        # closed (quietly) when the failed reader is collected, here.  Only
        # then: a full collection in the app's process stalls its window.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            reason = self._try_open()
            if reason:
                gc.collect()
        return f"The search index was damaged ({reason}); rebuilding it." if reason else None

    def _try_open(self) -> str | None:
        """Open the existing index; the reason it cannot be trusted, or None."""
        try:
            self._ix = self._storage().open_index()
            self._health_check()
            return None
        except Exception as exc:  # Whoosh raises anything from EOFError to pickle errors
            return _short(exc)

    def _storage(self) -> FileStorage:
        # Not memory-mapped: Whoosh reads a memory-mapped compound segment
        # through BytesIO, which copies every file of the segment into memory
        # for every searcher (the whole index, once per thread and commit).
        # Plain reads cost a system call per block, which the bulk search
        # (search/postings.py) keeps few.
        return FileStorage(str(self.dir), supports_mmap=False)

    def _check_manifest(self) -> None:
        version = self._manifest.get_meta("schema_version")
        if version is not None and version != str(SCHEMA_VERSION):
            raise IndexDamaged(f"made for index format {version}, this Reader uses {SCHEMA_VERSION}")

    def _health_check(self) -> None:
        """Cheap reads that fail on truncated segments or garbage files.  The
        searcher that read them is kept as this thread's: a command's search
        then opens the segments once, not twice."""
        searcher = self._ix.searcher()
        try:
            count = searcher.doc_count()
            if count != self._manifest.count():
                raise IndexDamaged(
                    f"{count} documents indexed but {self._manifest.count()} recorded"
                )
            reader = searcher.reader()
            for fieldname in ("body", "title"):
                list(islice(reader.lexicon(fieldname), 16))
            if count:
                list(islice(reader.all_stored_fields(), 1))
        except BaseException:
            searcher.close()
            raise
        self._drop_searcher()
        self._local.held = _HeldSearcher(searcher, self._generation)

    def _create(self) -> None:
        self._ix = self._storage().create_index(make_schema())
        self._manifest.set_meta("schema_version", str(SCHEMA_VERSION))
        self._generation += 1

    def _reset(self, message: str) -> None:
        """Throw the index away and start an empty one; the next update refills it."""
        log.warning(message)
        self.messages.append(message)
        manifest = getattr(self, "_manifest", None)
        if manifest is not None:
            manifest.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._manifest = Manifest(self.dir / "manifest.sqlite3")
        self._create()

    def close(self) -> None:
        self._drop_searcher()
        self._manifest.close()
        self._ix.close()

    def take_messages(self) -> list[str]:
        """The user-facing messages (rebuilds) not yet shown; each is handed out once."""
        messages, self.messages = self.messages, []
        return messages

    # -- reading --------------------------------------------------------------

    @property
    def schema(self) -> wfields.Schema:
        return self._ix.schema

    @property
    def needs_update(self) -> bool:
        """True until the index has been filled once (first start, or after a rebuild)."""
        return self._manifest.get_meta("updated_at") is None

    @property
    def generation(self) -> int:
        """Changes after every commit; caches of search results key on it."""
        return self._generation

    def same_texts(self) -> list[list[str]]:
        """The article ids of each text more than one article holds (exact copies),
        kept until the index changes: searches fold copies into one result."""
        cached = self._same_texts
        if cached is None or cached[0] != self._generation:
            cached = self._same_texts = (self._generation, self._manifest.same_texts())
        return cached[1]

    def searcher(self):
        """This thread's searcher, refreshed if the index changed since."""
        held = getattr(self._local, "held", None)
        if held is None or held.generation != self._generation:
            self._drop_searcher()
            held = self._local.held = _HeldSearcher(self._ix.searcher(), self._generation)
        return held.searcher

    def _drop_searcher(self) -> None:
        held = getattr(self._local, "held", None)
        if held is not None:
            held.close()
            self._local.held = None

    def records(self) -> list[FileRecord]:
        return self._manifest.records()

    def record(self, key: str) -> FileRecord | None:
        """The record of an article, by id or by path."""
        return self._manifest.find(key)

    def doc_count(self) -> int:
        return self._manifest.count()

    def folder_statuses(self, folders: Iterable[Path]) -> list[FolderStatus]:
        """What the Folders view shows of each folder: articles, last check, skips."""
        return self._manifest.folder_statuses(folders)

    def undated_count(self) -> int:
        """Articles with no date (a ``date:`` query cannot match them)."""
        return self._manifest.undated_count()

    def reload(self) -> None:
        """See what another process wrote to this index (the app's indexer process).

        The manifest and the Whoosh index are opened again and searchers are
        refreshed; objects still in use by other threads close when they let
        go of them.  A rebuild by the other process (a new manifest file) is
        picked up the same way.
        """
        with self._write_lock:
            self._reopen()

    def _reopen(self) -> None:
        self._open()
        self._generation += 1
        self._seen_version = self._manifest.data_version()

    def reload_if_changed(self) -> bool:
        """Reload if another process committed to the index since the last look; True if so.

        Never waits: while this process writes, the news is its own, and while
        another process (the app's own indexer process, the CLI) updates, the
        reload comes once it is done.
        """
        version = self._manifest.data_version()
        if self._seen_version is None:
            self._seen_version = version
        if version == self._seen_version or self.writer_busy():
            return False  # (an update under way: its end is the news, not its middle)
        if not self._write_lock.acquire(blocking=False):
            return False
        try:
            self._reopen()
        finally:
            self._write_lock.release()
        return True

    def writer_busy(self) -> bool:
        """True while another update holds the index (an update now would wait for it)."""
        lock = FileLock(self._update_lock)
        try:
            return not lock.take()
        finally:
            lock.release()

    # -- writing --------------------------------------------------------------

    def update(
        self,
        folders: Iterable[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        *,
        max_changes: int | None = None,
    ) -> IndexSummary:
        """Bring the index in line with the files under ``folders``.

        Only new and changed files are read and parsed; a file whose size and
        mtime are unchanged is not even opened, and one whose bytes hash the
        same is not re-parsed.  Files that left (deleted, or their folder was
        removed from the library) leave the index.  On cancel, the work done so
        far is committed, so nothing is wasted.  With ``max_changes``, an
        update with that many files to read or drop raises BigUpdate once it
        has compared sizes and mtimes, before it reads or writes anything.
        """
        started = time.perf_counter()
        with self._write_lock:
            lock = FileLock(self._update_lock)
            try:
                if not self._wait_for(lock, cancelled):
                    return IndexSummary(cancelled=True)
                summary = self._update_alone(list(folders), progress, cancelled, max_changes)
            finally:
                self._updating = False
                lock.release()
        summary.messages[:0] = self.take_messages()
        summary.seconds = time.perf_counter() - started
        log.info("index update: %s", summary.describe())
        return summary

    def _wait_for(self, lock: FileLock, cancelled: Cancelled | None) -> bool:
        """Take the update lock, waiting for another process's update; False if cancelled.

        What that update wrote is then read (the manifest and the index
        files changed under this process), so this one starts from it.
        """
        if lock.take():
            self._updating = True
            return True
        log.info("another process is updating the index %s; waiting for it", self.dir)
        while not lock.take(wait=0.2):
            if cancelled is not None and cancelled():
                return False
        self._updating = True
        self._reopen()
        return True

    def _update_alone(self, folders: list[Path], progress: Progress | None,
                      cancelled: Cancelled | None, max_changes: int | None) -> IndexSummary:
        try:
            return self._update(folders, progress, cancelled, max_changes)
        except Exception as exc:
            if not _is_damage(exc):
                raise
            log.warning("index damaged while updating", exc_info=True)
            self._reset(f"The search index was damaged ({_short(exc)}); rebuilding it.")
            return self._update(folders, progress, cancelled, max_changes)

    def _update(self, folders: list[Path], progress: Progress | None,
                cancelled: Cancelled | None, max_changes: int | None) -> IndexSummary:
        from .update import Update  # (the readers, the window's searches, never load it)

        summary, changed = Update(self._manifest, self._writer, self._bump_generation).run(
            folders, progress, cancelled, max_changes)
        if changed:
            self._verify_count()
        return summary

    def _bump_generation(self) -> None:
        self._generation += 1

    def _writer(self) -> _FastSegmentWriter:
        return _FastSegmentWriter(self._ix, timeout=WRITE_LOCK_TIMEOUT)

    def _verify_count(self) -> None:
        # What a reader would count, from the table of contents alone.
        indexed = toc_doc_count(self._ix)
        recorded = self._manifest.count()
        if indexed != recorded:
            raise IndexDamaged(f"{indexed} documents indexed but {recorded} recorded")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:120]}" if text else type(exc).__name__


def _is_damage(exc: BaseException) -> bool:
    """Errors that mean the index files are bad, as opposed to a bug or a full disk."""
    if isinstance(exc, (IndexDamaged, EOFError, sqlite3.DatabaseError)):
        return True
    name = type(exc).__module__ or ""
    return name.startswith("whoosh") and not isinstance(exc, OSError)
