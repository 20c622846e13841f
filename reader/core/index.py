"""The search index: a Whoosh index plus a manifest of what it holds.

The index is a cache (DESIGN.md): everything in it can be rebuilt from the
article files, so a missing, stale or damaged index is thrown away and rebuilt
with a message, never a crash.  Whoosh never fsyncs, so nothing here is the
only copy of anything.

The manifest (a small SQLite file beside the Whoosh segments) records, per
file, the size, mtime and content hash that decide whether a file changed,
plus the metadata the library table shows.  It lets a re-index of an unchanged
library finish without opening a single article, and lets the GUI list
20,000 articles without touching Whoosh's stored fields.

Every ``import whoosh`` of the project lives here and in ``search.py``.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path

from whoosh import columns
from whoosh import fields as wfields
from whoosh import index as windex
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.support.charset import accent_map

from . import articles
from .model import Article

log = logging.getLogger("reader.index")

#: Bump when the schema, the analyzer or the loaders change what is indexed:
#: an index with another version is rebuilt.
SCHEMA_VERSION = 1
WRITE_LOCK_TIMEOUT = 30.0
TITLE_BOOST = 3.0

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def make_analyzer(stem: bool = True):
    """Words, lower-cased, accents folded (Władimir -> wladimir), English stems.

    No stop words: dropping them breaks phrase queries such as "war on terror"
    and costs little at the sizes Reader handles.
    """
    # Whoosh's default token pattern keeps "*" inside words (for wildcard
    # queries); in text, "**bold**" must index as "bold".
    chain = RegexTokenizer(r"\w+(?:\.\w+)*") | LowercaseFilter() | CharsetFilter(accent_map)
    return chain | StemFilter(cachesize=100_000) if stem else chain


def make_schema() -> wfields.Schema:
    text = make_analyzer()
    return wfields.Schema(
        id=wfields.ID(stored=True, unique=True),
        path=wfields.ID(stored=True),
        title=wfields.TEXT(analyzer=text, stored=True, field_boost=TITLE_BOOST),
        # Positions and character offsets in the postings: phrase queries and
        # exact hit offsets come from the index, not from re-analysing text.
        body=wfields.TEXT(analyzer=text, chars=True),
        author=wfields.TEXT(analyzer=text, stored=True),
        source=wfields.TEXT(analyzer=text, stored=True),
        source_facet=wfields.ID(sortable=True),
        date=wfields.DATETIME(),
        # Sort key for "newest first": undated articles (0) sort last.
        date_order=wfields.COLUMN(columns.NumericColumn("q", default=0)),
        year=wfields.ID(sortable=True),
        datestr=wfields.STORED(),
        text=wfields.STORED(),
        title_span=wfields.STORED(),
    )


@dataclass(frozen=True)
class FileRecord:
    """What the manifest knows of one indexed file."""

    path: str
    article_id: str
    folder: str
    size: int
    mtime_ns: int
    hash: str
    fingerprint: str
    title: str
    date: str
    author: str
    source: str


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class ChangedArticle:
    """An article whose text is new or changed: its notes may need re-anchoring."""

    article_id: str
    path: str
    fingerprint: str


@dataclass
class IndexSummary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)
    cancelled: bool = False
    changed: list[ChangedArticle] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["changed"] = [c.article_id for c in self.changed]
        return data

    def describe(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.removed} removed",
            f"{self.unchanged} unchanged",
            f"{len(self.skipped)} skipped",
        ]
        if self.ignored:
            parts.append(f"{len(self.ignored)} ignored (not an article type)")
        text = ", ".join(parts) + f" in {self.seconds:.2f} s"
        return ("Cancelled: " + text) if self.cancelled else text


class Manifest:
    """path -> FileRecord, in SQLite so that updates are atomic and cheap."""

    COLUMNS = tuple(FileRecord.__dataclass_fields__)

    def __init__(self, file: Path) -> None:
        self._db = sqlite3.connect(file, check_same_thread=False, isolation_level=None)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, article_id TEXT UNIQUE,"
            " folder TEXT, size INTEGER, mtime_ns INTEGER, hash TEXT, fingerprint TEXT,"
            " title TEXT, date TEXT, author TEXT, source TEXT)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")

    def close(self) -> None:
        self._db.close()

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def records(self) -> dict[str, FileRecord]:
        cols = ", ".join(self.COLUMNS)
        return {
            row[0]: FileRecord(*row) for row in self._db.execute(f"SELECT {cols} FROM files")
        }

    def find(self, key: str) -> FileRecord | None:
        cols = ", ".join(self.COLUMNS)
        row = self._db.execute(
            f"SELECT {cols} FROM files WHERE article_id = ? OR path = ?", (key, key)
        ).fetchone()
        if row is None and "/" not in key and os.sep not in key:
            # A bare file name is enough when only one article has it.
            rows = self._db.execute(
                f"SELECT {cols} FROM files WHERE path LIKE ? ESCAPE '\\' LIMIT 2",
                ("%/" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return FileRecord(*row) if row else None

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM files").fetchone()[0]

    def apply(self, upserts: Iterable[FileRecord], deletes: Iterable[str]) -> None:
        marks = ", ".join("?" * len(self.COLUMNS))
        with self._transaction():
            self._db.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in deletes))
            self._db.executemany(
                f"INSERT OR REPLACE INTO files VALUES ({marks})",
                (tuple(getattr(r, c) for c in self.COLUMNS) for r in upserts),
            )

    def _transaction(self):
        db = self._db

        class _Tx:
            def __enter__(self_inner):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self_inner, exc_type, *_):
                db.execute("ROLLBACK" if exc_type else "COMMIT")

        return _Tx()


def _file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _iter_files(folder: Path) -> Iterator[Path]:
    """Every regular file below ``folder``, hidden files and folders excluded."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _document(article: Article) -> dict:
    """The Whoosh fields of one article."""
    title_span = _title_span(article)
    doc = dict(
        id=article.id,
        path=str(article.path),
        title=article.title,
        body=article.indexable_text(),
        author=article.author,
        source=article.source,
        source_facet=article.source,
        datestr=article.date,
        text=article.text,
        title_span=title_span,
    )
    if article.date:
        doc["date"] = datetime.fromisoformat(article.date)
        doc["year"] = article.date[:4]
        doc["date_order"] = int(re.sub(r"\D", "", article.date).ljust(12, "0")[:12])
    return doc


def _title_span(article: Article) -> tuple[int, int] | None:
    """Where the title heading sits in the text, so `title:` hits can be shown."""
    for block, start in zip(article.blocks, article.block_starts):
        if block.kind == "heading" and block.text == article.title:
            return (start, start + len(block.text))
    return None


class IndexDamaged(Exception):
    """Raised internally when the index cannot be trusted; it is then rebuilt."""


class SearchIndex:
    """The Whoosh index of a library, rebuilt whenever it cannot be trusted.

    One writer at a time (a lock around every write); searchers are per thread
    because Whoosh's ``Searcher`` is not thread-safe.
    """

    def __init__(self, index_dir: Path) -> None:
        self.dir = Path(index_dir)
        self.messages: list[str] = []
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._generation = 0
        self._open()

    # -- opening and recovery -------------------------------------------------

    def _open(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            self._manifest = Manifest(self.dir / "manifest.sqlite3")
            self._check_manifest()
        except (sqlite3.DatabaseError, IndexDamaged) as exc:
            self._reset(f"The search index was damaged ({exc}); rebuilding it.")
            return
        if not any(self.dir.glob("*.toc")):
            if self._manifest.count():
                self._reset("The search index was missing; rebuilding it.")
            else:
                self._create()
            return
        # Whoosh leaves the files of a segment it failed to read open; they are
        # closed (quietly) when the failed reader is collected, here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            reason = self._try_open()
            gc.collect()
        if reason:
            self._reset(f"The search index was damaged ({reason}); rebuilding it.")

    def _try_open(self) -> str | None:
        """Open the existing index; the reason it cannot be trusted, or None."""
        try:
            self._ix = windex.open_dir(str(self.dir))
            self._health_check()
            return None
        except Exception as exc:  # Whoosh raises anything from EOFError to pickle errors
            return _short(exc)

    def _check_manifest(self) -> None:
        version = self._manifest.get_meta("schema_version")
        if version is not None and version != str(SCHEMA_VERSION):
            raise IndexDamaged(f"made for index format {version}, this Reader uses {SCHEMA_VERSION}")

    def _health_check(self) -> None:
        """Cheap reads that fail on truncated segments or garbage files."""
        with self._ix.searcher() as searcher:
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

    def _create(self) -> None:
        self._ix = windex.create_in(str(self.dir), make_schema())
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

    def searcher(self):
        """This thread's searcher, refreshed if the index changed since."""
        local = self._local
        if getattr(local, "generation", None) != self._generation:
            self._drop_searcher()
            local.searcher = self._ix.searcher()
            local.generation = self._generation
        return local.searcher

    def _drop_searcher(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
            self._local.generation = None

    def records(self) -> list[FileRecord]:
        return sorted(self._manifest.records().values(), key=lambda r: r.path)

    def record(self, key: str) -> FileRecord | None:
        """The record of an article, by id or by path."""
        return self._manifest.find(key)

    def doc_count(self) -> int:
        return self._manifest.count()

    # -- writing --------------------------------------------------------------

    def update(
        self,
        folders: Iterable[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> IndexSummary:
        """Bring the index in line with the files under ``folders``.

        Only new and changed files are read and parsed; a file whose size and
        mtime are unchanged is not even opened, and one whose bytes hash the
        same is not re-parsed.  Files that left (deleted, or their folder was
        removed from the library) leave the index.  On cancel, the work done so
        far is committed, so nothing is wasted.
        """
        started = time.perf_counter()
        with self._write_lock:
            try:
                summary = self._update(list(folders), progress, cancelled)
            except Exception as exc:
                if not _is_damage(exc):
                    raise
                log.warning("index damaged while updating", exc_info=True)
                self._reset(f"The search index was damaged ({_short(exc)}); rebuilding it.")
                summary = self._update(list(folders), progress, cancelled)
        summary.messages[:0] = self.take_messages()
        summary.seconds = time.perf_counter() - started
        log.info("index update: %s", summary.describe())
        return summary

    def _update(self, folders, progress, cancelled) -> IndexSummary:
        summary = IndexSummary()
        known = self._manifest.records()
        candidates = self._scan(folders, summary)
        total = len(candidates)
        upserts: list[FileRecord] = []
        seen: set[str] = set()
        writer = None
        for done, (folder, path) in enumerate(candidates, 1):
            if cancelled is not None and cancelled():
                summary.cancelled = True
                break
            key = str(path)
            outcome = self._examine(folder, path, known.get(key), summary)
            if outcome is not _VANISHED:
                seen.add(key)
            if outcome is not None and outcome is not _VANISHED:
                record, article = outcome
                upserts.append(record)
                if article is not None:
                    if writer is None:
                        writer = self._ix.writer(timeout=WRITE_LOCK_TIMEOUT)
                    writer.update_document(**_document(article))
            if progress is not None:
                progress(done, total)
        deletes = [] if summary.cancelled else [p for p in known if p not in seen]
        for path in deletes:
            if writer is None:
                writer = self._ix.writer(timeout=WRITE_LOCK_TIMEOUT)
            writer.delete_by_term("id", known[path].article_id)
            summary.removed_ids.append(known[path].article_id)
        summary.removed = len(deletes)
        if writer is not None:
            writer.commit()
            self._generation += 1
        self._manifest.apply(upserts, deletes)
        self._verify_count()
        if not summary.cancelled:
            self._manifest.set_meta("updated_at", datetime.now().isoformat(timespec="seconds"))
        return summary

    def _scan(self, folders: list[Path], summary: IndexSummary) -> list[tuple[Path, Path]]:
        """Every supported file under the folders, each once; others are listed as ignored."""
        found: dict[Path, Path] = {}
        for folder in folders:
            folder = Path(folder).resolve()
            if not folder.is_dir():
                summary.skipped.append(Skipped(str(folder), "folder not found or not readable"))
                continue
            for path in _iter_files(folder):
                if articles.is_supported(path):
                    found.setdefault(path, folder)
                else:
                    suffix = path.suffix.lower() or "no extension"
                    summary.ignored.append(Skipped(str(path), f"not an article type ({suffix})"))
        return [(folder, path) for path, folder in sorted(found.items())]

    def _examine(
        self, folder: Path, path: Path, old: FileRecord | None, summary: IndexSummary
    ) -> tuple[FileRecord, Article | None] | None:
        """Decide what one file needs.

        Returns the new record and, when the index must change, the parsed
        article; None when the file is unchanged or cannot be read now (an
        unreadable file keeps its last good version in the index); _VANISHED
        when it is gone, so that it leaves the index.
        """
        try:
            stat = path.stat()
            if stat.st_size > articles.MAX_FILE_BYTES:
                summary.skipped.append(Skipped(str(path), _too_large(stat.st_size)))
                return None
            unchanged = (
                old is not None and old.size == stat.st_size and old.mtime_ns == stat.st_mtime_ns
            )
            data = None if unchanged else path.read_bytes()
        except OSError as exc:
            summary.skipped.append(Skipped(str(path), _os_reason(exc)))
            return _VANISHED if isinstance(exc, FileNotFoundError) else None
        if data is None:
            summary.unchanged += 1
            return None
        digest = _file_hash(data)
        if old is not None and old.hash == digest:
            summary.unchanged += 1
            return _replace(old, size=stat.st_size, mtime_ns=stat.st_mtime_ns), None
        try:
            article = articles.parse_article(path, data)
        except articles.ArticleError as exc:
            summary.skipped.append(Skipped(str(path), exc.reason))
            return None
        record = FileRecord(
            path=str(path),
            article_id=article.id,
            folder=str(folder),
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            hash=digest,
            fingerprint=article.fingerprint,
            title=article.title,
            date=article.date,
            author=article.author,
            source=article.source,
        )
        if old is None:
            summary.added += 1
        else:
            summary.updated += 1
        if old is None or old.fingerprint != article.fingerprint:
            summary.changed.append(ChangedArticle(article.id, str(path), article.fingerprint))
        return record, article

    def _verify_count(self) -> None:
        with self._ix.searcher() as searcher:
            indexed = searcher.doc_count()
        recorded = self._manifest.count()
        if indexed != recorded:
            raise IndexDamaged(f"{indexed} documents indexed but {recorded} recorded")


_VANISHED = object()


def _too_large(size: int) -> str:
    return f"file too large ({size / 1e6:.1f} MB, limit {articles.MAX_FILE_BYTES / 1e6:.0f} MB)"


def _replace(record: FileRecord, **changes) -> FileRecord:
    return FileRecord(**{**asdict(record), **changes})


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "vanished before it could be read"
    if isinstance(exc, PermissionError):
        return "unreadable: permission denied"
    return f"unreadable: {exc.strerror or exc}"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:120]}" if text else type(exc).__name__


def _is_damage(exc: BaseException) -> bool:
    """Errors that mean the index files are bad, as opposed to a bug or a full disk."""
    if isinstance(exc, (IndexDamaged, EOFError, sqlite3.DatabaseError)):
        return True
    name = type(exc).__module__ or ""
    return name.startswith("whoosh") and not isinstance(exc, OSError)
