"""The manifest: what the index holds, per file, in a small SQLite file.

It records, per article, its file's size, mtime and content hash that
decide whether the file changed, plus the metadata the library table shows.
Most files hold one article; a file of several (a mailbox) has a row for
each, keyed by the path and the article's part, with the same stamp and hash.  It lets a
re-index of an unchanged library finish without opening a single article,
and lets the GUI list 20,000 articles without touching Whoosh's stored fields.
"""
from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from pathlib import Path

from ..model import FileRecord, FolderStatus, LibraryError, Skipped, restored, shown, stored

T = TypeVar("T")

#: Where article_id, hash and fingerprint are in a raw manifest row (FileRecord order).
ROW_ID, ROW_HASH, ROW_FINGERPRINT = 1, 5, 6


#: How many articles an ambiguous file name lists.
_CANDIDATES = 10


def _row_in(row: tuple) -> tuple:
    """A row as read: its path and folder as the very names on disk."""
    return (restored(row[0]), row[1], restored(row[2]), *row[3:])


def _row_out(record: FileRecord) -> tuple:
    """A record as written: names that are not UTF-8 in their stored form."""
    row = tuple(getattr(record, column) for column in Manifest.COLUMNS)
    return (stored(row[0]), row[1], stored(row[2]), *row[3:])


def _serialised(method: Callable[..., T]) -> Callable[..., T]:
    """One call at a time on the manifest's connection: the window's threads share it."""
    @functools.wraps(method)
    def serialised(self: "Manifest", *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)
    return serialised


def _identity(file: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(file)
    except OSError:
        return None
    return status.st_dev, status.st_ino


class Manifest:
    """(path, part) -> FileRecord, in SQLite so that updates are atomic and cheap."""

    COLUMNS = tuple(FileRecord.__dataclass_fields__)

    def __init__(self, file: Path) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(file, check_same_thread=False, isolation_level=None)
        # A cache, like the Whoosh files beside it (which are never synced):
        # a commit need not wait for the disk.  In WAL mode with
        # synchronous=NORMAL a crash can lose the last commits but never
        # damages the file; a manifest that then disagrees with the index is
        # caught by the checks at open and after each update (a rebuild).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT NOT NULL, article_id TEXT UNIQUE,"
            " folder TEXT, size INTEGER, mtime_ns INTEGER, hash TEXT, fingerprint TEXT,"
            " title TEXT, date TEXT, author TEXT, source TEXT, language TEXT,"
            " part TEXT NOT NULL DEFAULT '', PRIMARY KEY (path, part))"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        # Files whose reader crashed or ran out of time (index.isolated): not
        # tried again, at a minute's cost each, until their size or mtime changes.
        self._db.execute("CREATE TABLE IF NOT EXISTS failures (path TEXT PRIMARY KEY,"
                         " size INTEGER, mtime_ns INTEGER, reason TEXT)")
        # What the last complete update found, for the Folders view: when it
        # looked at each folder, and every file it skipped, with the reason.
        self._db.execute("CREATE TABLE IF NOT EXISTS folder_checks (folder TEXT PRIMARY KEY,"
                         " checked_at TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS skips (path TEXT PRIMARY KEY, reason TEXT)")
        self._db.execute("CREATE INDEX IF NOT EXISTS files_by_fingerprint ON files(fingerprint)")
        self._identity = _identity(file)  # (the file exists now)

    def still_at(self, file: Path) -> bool:
        """Whether ``file`` is still the file this connection has open (not replaced
        by a rebuild in another process)."""
        return _identity(file) == self._identity

    @_serialised
    def close(self) -> None:
        self._db.close()

    @_serialised
    def data_version(self) -> int:
        """Changes when another connection (another process's update) commits."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    @_serialised
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_serialised
    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @_serialised
    def records(self) -> list[FileRecord]:
        """Every article's record, by path and, in a file of several, in the file's order."""
        cols = ", ".join(self.COLUMNS)
        return [FileRecord(*_row_in(row))
                for row in self._db.execute(f"SELECT {cols} FROM files ORDER BY path, rowid")]

    @_serialised
    def rows_for(self, paths: list[str]) -> dict[str, list[tuple]]:
        """path -> the raw rows (FileRecord's fields in order) of its articles,
        for those of ``paths`` recorded: cheap for many files."""
        cols = ", ".join(self.COLUMNS)
        if len(paths) > 2000:
            selects = [(f"SELECT {cols} FROM files ORDER BY rowid", [])]
        else:
            selects = [(f"SELECT {cols} FROM files WHERE path IN ({', '.join('?' * len(batch))})"
                        " ORDER BY rowid", batch)
                       for batch in (paths[i:i + 500] for i in range(0, len(paths), 500))]
        found: dict[str, list[tuple]] = {}
        for select, batch in selects:
            for row in self._db.execute(select, [stored(path) for path in batch]):
                row = _row_in(row)
                found.setdefault(row[0], []).append(row)
        return found

    @_serialised
    def article_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT article_id FROM files")}

    @_serialised
    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        """path -> size, and path -> mtime_ns, of every recorded file."""
        return ({restored(path): size for path, size in self._db.execute("SELECT path, size FROM files")},
                {restored(path): mtime for path, mtime in self._db.execute(
                    "SELECT path, mtime_ns FROM files")})

    @_serialised
    def find(self, key: str) -> FileRecord | None:
        """The record of an article id or a path (of a file of several, its
        first article); a bare file name is enough when one file has it, and
        when several have it a ``LibraryError`` lists them."""
        cols = ", ".join(self.COLUMNS)
        row = self._db.execute(
            f"SELECT {cols} FROM files WHERE article_id = ? OR path = ? ORDER BY rowid",
            (stored(key), stored(key))).fetchone()
        if row is None and "/" not in key and os.sep not in key:
            rows = self._named(key)
            if len(rows) > 1:
                listed = "".join(f"\n  {shown(restored(path))}" for (path,) in rows[:_CANDIDATES])
                more = f"\n  and {len(rows) - _CANDIDATES} more" if len(rows) > _CANDIDATES else ""
                raise LibraryError(f"{len(rows)} articles are called {key}; give the path or "
                                   f"the id of one:{listed}{more}")
            return self.find(restored(rows[0][0])) if rows else None
        return FileRecord(*_row_in(row)) if row else None

    def _named(self, name: str) -> list[tuple[str]]:
        """The stored paths of the files called ``name`` (a bare file name)."""
        if stored(name) == name:  # UTF-8, as nearly every name: SQLite finds it
            return self._db.execute(
                "SELECT DISTINCT path FROM files WHERE path LIKE ? ESCAPE '\\' ORDER BY path",
                ("%/" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),),
            ).fetchall()
        return [(path,) for (path,) in self._db.execute("SELECT DISTINCT path FROM files ORDER BY path")
                if restored(path).endswith(os.sep + name)]

    @_serialised
    def failures(self) -> dict[str, tuple[int, int, str]]:
        """path -> (size, mtime_ns, reason) of the files that crashed or hung their reader."""
        return {restored(row[0]): row[1:] for row in self._db.execute("SELECT * FROM failures")}

    @_serialised
    def set_failures(self, failed: Iterable[tuple[str, int, int, str]],
                     cleared: Iterable[str]) -> None:
        """Remember new failures (path, size, mtime_ns, reason); forget the ``cleared`` paths."""
        with self._transaction():
            self._db.executemany("DELETE FROM failures WHERE path = ?",
                                 ((stored(p),) for p in cleared))
            self._db.executemany("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                                 ((stored(path), *rest) for path, *rest in failed))

    @_serialised
    def record_check(self, folders: Iterable[str], skipped: Iterable[tuple[str, str]],
                     checked_at: str) -> None:
        """After a complete update: the folders it looked at, when, and what it skipped
        (path, reason); what an earlier update recorded is replaced."""
        with self._transaction():
            self._db.execute("DELETE FROM folder_checks")
            self._db.execute("DELETE FROM skips")
            self._db.executemany("INSERT OR REPLACE INTO folder_checks VALUES (?, ?)",
                                 ((stored(folder), checked_at) for folder in folders))
            self._db.executemany("INSERT OR REPLACE INTO skips VALUES (?, ?)",
                                 ((stored(path), reason) for path, reason in skipped))

    @_serialised
    def folder_checks(self) -> dict[str, str]:
        """folder -> when the last complete update looked at it (ISO 8601, local time)."""
        return {restored(folder): when
                for folder, when in self._db.execute("SELECT folder, checked_at FROM folder_checks")}

    @_serialised
    def skips(self) -> list[tuple[str, str]]:
        """(path, reason) of every file the last complete update skipped."""
        return [(restored(path), reason)
                for path, reason in self._db.execute("SELECT path, reason FROM skips ORDER BY path")]

    @_serialised
    def folder_counts(self) -> dict[str, int]:
        """folder -> how many articles of it the index holds."""
        return {restored(folder): count for folder, count in self._db.execute(
            "SELECT folder, count(*) FROM files GROUP BY folder")}

    @_serialised
    def folder_statuses(self, folders: Iterable[Path]) -> list[FolderStatus]:
        """Each folder's articles, last check and skips; a skip belongs to the
        deepest folder holding it (a folder inside another is its own row).  A
        folder that is not there says so in ``found``, not as a skip of its own."""
        names = [str(Path(folder).resolve()) for folder in folders]
        counts, checks = self.folder_counts(), self.folder_checks()
        skipped: dict[str, list[Skipped]] = {name: [] for name in names}
        for path, reason in self.skips():
            owners = [n for n in names if path.startswith(n.rstrip(os.sep) + os.sep)]
            if owners:
                skipped[max(owners, key=len)].append(Skipped(shown(path), reason))
        return [FolderStatus(name, counts.get(name, 0), checks.get(name, ""),
                             tuple(skipped[name]), os.path.isdir(name)) for name in names]

    @_serialised
    def same_texts(self) -> list[list[str]]:
        """The article ids of each text held by more than one article (copies)."""
        groups: dict[str, list[str]] = {}
        for fingerprint, article_id in self._db.execute(
                "SELECT fingerprint, article_id FROM files WHERE fingerprint IN (SELECT fingerprint"
                " FROM files WHERE fingerprint != '' GROUP BY fingerprint HAVING COUNT(*) > 1)"
                " ORDER BY fingerprint, path, part"):
            groups.setdefault(fingerprint, []).append(article_id)
        return list(groups.values())

    @_serialised
    def undated_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM files WHERE COALESCE(date, '') = ''"
                                ).fetchone()[0]

    @_serialised
    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM files").fetchone()[0]

    @_serialised
    def apply(self, upserts: Iterable[FileRecord], deletes: Iterable[str],
              meta: dict[str, str] | None = None) -> None:
        """Record upserts, deletions (of paths) and meta values, in one transaction.

        The upserts of a path are all its articles: its rows are replaced by them.
        """
        upserts, deletes = list(upserts), list(deletes)
        if not upserts and not deletes and not meta:
            return
        cols, marks = ", ".join(self.COLUMNS), ", ".join("?" * len(self.COLUMNS))
        replaced = {record.path for record in upserts}
        with self._transaction():
            self._db.executemany("DELETE FROM files WHERE path = ?",
                                 ((stored(p),) for p in [*deletes, *replaced]))
            self._db.executemany(
                f"INSERT OR REPLACE INTO files ({cols}) VALUES ({marks})",
                (_row_out(r) for r in upserts),
            )
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                 (meta or {}).items())

    def _transaction(self):
        db = self._db

        class _Tx:
            def __enter__(self_inner):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self_inner, exc_type, *_):
                db.execute("ROLLBACK" if exc_type else "COMMIT")

        return _Tx()
