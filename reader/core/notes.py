"""NoteStore: the notes file, the one thing in Reader that cannot be rebuilt.

The search index is a cache; the notes are the analyst's work product.  Every
choice here serves one promise: a note whose ``add`` has returned is never
lost, whatever later happens to the process or to the file.

* One SQLite file in WAL mode with ``synchronous=FULL``.  Every write is one
  transaction, committed before the method returns, so SIGKILL or a power cut
  right after ``add`` returns cannot take the note away.
* An OS lock on a sidecar ``.lock`` file, held for the store's lifetime, so a
  second running copy of Reader gets a clear ``NotesLockedError`` instead of
  interleaving its writes.  The kernel drops the lock when the process dies,
  so a crash never leaves the notes "locked".
* ``PRAGMA quick_check`` at open.  A damaged file is moved aside (never
  deleted: what is left in it may still be recovered by hand) and the newest
  backup that passes the same check is restored.
* Rotating daily backups made with SQLite's backup API, which copies a
  consistent snapshot; a plain file copy of a live WAL database may not be.
  A backup is also taken right before a migration or an import.
* The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS`` upgrades
  older files in one transaction, and a file written by a newer Reader is
  refused without being touched.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import re
import sqlite3
import sys
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

from reader.core.model import COLORS, STATUSES, Note
from reader.core.model import NoteNotFoundError, NotesError, NotesLockedError

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

log = logging.getLogger("reader.notes")

SCHEMA_VERSION = 2


# --- schema and migrations -------------------------------------------------

# The first released layout: tags as one comma-separated column, no score.
# Kept verbatim because migration 0 -> 1 replays it, so a new file goes
# through the very upgrade path an old one does (and tests can build a v1 file).
V1_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE notes (
        id TEXT PRIMARY KEY NOT NULL,
        article_id TEXT NOT NULL,
        article_path TEXT NOT NULL,
        article_title TEXT NOT NULL DEFAULT '',
        fingerprint TEXT NOT NULL DEFAULT '',
        exact TEXT NOT NULL DEFAULT '',
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        color TEXT NOT NULL DEFAULT 'yellow',
        tags TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'intact'
    )""",
    "CREATE INDEX notes_by_article ON notes(article_id)",
)

# Version 2: tags in their own table (so "has tag X" is an indexed lookup and a
# tag may contain a comma), plus the anchoring score.  No CHECK constraints:
# validation lives in Python, and a constraint an old row violates would make
# the migration impossible.
_V2_NOTES_TABLE = """CREATE TABLE {name} (
    id TEXT PRIMARY KEY NOT NULL,
    article_id TEXT NOT NULL,
    article_path TEXT NOT NULL,
    article_title TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    exact TEXT NOT NULL DEFAULT '',
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    color TEXT NOT NULL DEFAULT 'yellow',
    body TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'intact',
    score REAL NOT NULL DEFAULT 1.0
)"""
_V2_AFTER_RENAME: tuple[str, ...] = (
    "CREATE INDEX notes_by_article ON notes(article_id)",
    "CREATE INDEX notes_in_order ON notes(article_path, start, created)",
    # ``key`` is the casefolded tag: tags keep the user's spelling but
    # "Policy" and "policy" are one tag.
    """CREATE TABLE note_tags (
        note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        tag TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (note_id, position),
        UNIQUE (note_id, key)
    )""",
    "CREATE INDEX note_tags_by_key ON note_tags(key)",
)
# The v1 columns that v2 keeps unchanged.
_V1_KEPT_COLUMNS = (
    "id", "article_id", "article_path", "article_title", "fingerprint", "exact",
    "prefix", "suffix", "start", "end", "color", "body", "created", "modified", "status",
)
# The current ``notes`` columns: every Note field but ``tags``.
_COLUMNS = (*_V1_KEPT_COLUMNS, "score")


def _quoted(columns: Iterable[str]) -> str:
    """A column list for SQL; quoted because ``end`` is an SQL keyword."""
    return ", ".join(f'"{c}"' for c in columns)


def _create_v1(db: sqlite3.Connection) -> None:
    for statement in V1_SCHEMA:
        db.execute(statement)


def _v1_to_v2(db: sqlite3.Connection) -> None:
    """Move tags into ``note_tags`` and add ``score`` by rebuilding ``notes``.

    Rebuilt rather than altered in place so the result is exactly the v2
    layout whatever SQLite version runs it (DROP COLUMN is recent).  The old
    table is dropped before ``note_tags`` exists, so no cascade can fire.
    """
    old_tags = db.execute("SELECT id, tags FROM notes").fetchall()
    kept = _quoted(_V1_KEPT_COLUMNS)
    db.execute(_V2_NOTES_TABLE.format(name="notes_v2"))
    db.execute(f"INSERT INTO notes_v2 ({kept}) SELECT {kept} FROM notes")
    db.execute("DROP TABLE notes")
    db.execute("ALTER TABLE notes_v2 RENAME TO notes")
    for statement in _V2_AFTER_RENAME:
        db.execute(statement)
    for note_id, tags in old_tags:
        _write_tags(db, note_id, normalise_tags(tags.split(",")))


# MIGRATIONS[i] upgrades a file from version i to version i + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_create_v1, _v1_to_v2)


# --- small pure helpers ----------------------------------------------------

def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Strip, drop empty ones, drop case-insensitive duplicates; keep order and spelling."""
    seen: set[str] = set()
    result = []
    for tag in tags:
        tag = tag.strip()
        if tag and _tag_key(tag) not in seen:
            seen.add(_tag_key(tag))
            result.append(tag)
    return result


def _tag_key(tag: str) -> str:
    return tag.strip().casefold()


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


# Every ``notes`` column holds text except these.
_NUMBER_FIELDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "start": (int, "a whole number"),
    "end": (int, "a whole number"),
    "score": ((int, float), "a number"),
}


def _validate(note: Note) -> None:
    """Raise NotesError, in words the user understands, if ``note`` cannot be stored."""
    for name in _COLUMNS:
        value = getattr(note, name)
        expected, kind = _NUMBER_FIELDS.get(name, (str, "text"))
        if not isinstance(value, expected) or isinstance(value, bool):
            raise NotesError(f"A note's {name} must be {kind}, not {value!r}.")
    if not note.id or not note.article_id:
        raise NotesError("A note needs an id and the id of its article.")
    if note.color not in COLORS:
        raise NotesError(f"Unknown colour {note.color!r}: use one of {', '.join(COLORS)}.")
    if note.status not in STATUSES:
        raise NotesError(f"Unknown status {note.status!r}: use one of {', '.join(STATUSES)}.")
    if not 0 <= note.start <= note.end:
        raise NotesError(
            f"A note's passage must have 0 <= start <= end, not start={note.start}, end={note.end}."
        )
    if not 0.0 <= note.score <= 1.0:
        raise NotesError(f"A note's score must be between 0 and 1, not {note.score!r}.")
    if isinstance(note.tags, str) or not all(isinstance(t, str) for t in note.tags):
        raise NotesError(f"A note's tags must be a list of words, not {note.tags!r}.")
    for name in ("created", "modified"):
        _check_timestamp(name, getattr(note, name))


def _check_timestamp(name: str, value: str) -> None:
    try:
        aware = datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        aware = False
    if not aware:
        raise NotesError(
            f"A note's {name} time must be ISO 8601 with a time zone, "
            f"e.g. 2026-11-21T01:22:39+00:00, not {value!r}."
        )


def _checked(note: Note) -> Note:
    """A validated copy of ``note`` in stored form (normalised tags, float score)."""
    _validate(note)
    return dataclasses.replace(note, tags=normalise_tags(note.tags), score=float(note.score))


def _note_from_row(row: sqlite3.Row, tags: list[str]) -> Note:
    return Note(**{name: row[name] for name in _COLUMNS}, tags=tags)


def _insert(db: sqlite3.Connection, note: Note) -> None:
    placeholders = ", ".join("?" for _ in _COLUMNS)
    db.execute(
        f"INSERT INTO notes ({_quoted(_COLUMNS)}) VALUES ({placeholders})",
        [getattr(note, name) for name in _COLUMNS],
    )
    _write_tags(db, note.id, note.tags)


def _replace(db: sqlite3.Connection, note: Note) -> None:
    assignments = ", ".join(f'"{name}" = ?' for name in _COLUMNS)
    db.execute(
        f"UPDATE notes SET {assignments} WHERE id = ?",
        [*(getattr(note, name) for name in _COLUMNS), note.id],
    )
    db.execute("DELETE FROM note_tags WHERE note_id = ?", (note.id,))
    _write_tags(db, note.id, note.tags)


def _write_tags(db: sqlite3.Connection, note_id: str, tags: list[str]) -> None:
    db.executemany(
        "INSERT INTO note_tags (note_id, position, tag, key) VALUES (?, ?, ?, ?)",
        [(note_id, position, tag, _tag_key(tag)) for position, tag in enumerate(tags)],
    )


# --- files: locking, inspecting, snapshots ---------------------------------

class _Damaged(Exception):
    """SQLite says the file is not a sound database."""


_LOCKED_PATHS: set[Path] = set()
_LOCKED_PATHS_GUARD = threading.Lock()


def _locked_message(notes_path: Path) -> str:
    return (
        f"The notes file {notes_path} is already open in another copy of Reader. "
        "Close that copy first, so that the two do not overwrite each other's notes."
    )


def _acquire_lock(lock_path: Path, notes_path: Path) -> int:
    """Take the exclusive lock on ``lock_path``; return the descriptor that holds it.

    On Linux, flock() already refuses a second open file description in the
    same process; the in-process registry makes that true everywhere (NFS
    emulates flock with per-process fcntl locks) without relying on it.
    """
    with _LOCKED_PATHS_GUARD:
        if lock_path in _LOCKED_PATHS:
            raise NotesLockedError(_locked_message(notes_path))
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _os_lock(fd)
        except OSError:
            os.close(fd)
            raise NotesLockedError(_locked_message(notes_path)) from None
        _LOCKED_PATHS.add(lock_path)
        return fd


def _release_lock(lock_path: Path, fd: int) -> None:
    with _LOCKED_PATHS_GUARD:
        try:
            if sys.platform == "win32":
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)  # on POSIX this releases the flock
            _LOCKED_PATHS.discard(lock_path)


def _os_lock(fd: int) -> None:
    """Lock without waiting; OSError if another holder has it."""
    if sys.platform == "win32":
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _inspect(path: Path) -> tuple[int, int]:
    """(user_version, number of schema objects) of an existing file.

    Raises _Damaged if SQLite reports corruption or "not a database", or if
    ``quick_check`` finds a problem.  A file from a newer Reader is not
    checked further: only that Reader knows what is right inside it.  The
    connection is read-write but only reads: read-only could not roll back a
    hot journal left by a crash, and would call a sound file unreadable.
    """
    db = sqlite3.connect(path)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        objects = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        problems = [] if version > SCHEMA_VERSION else [
            row[0] for row in db.execute("PRAGMA quick_check") if row[0] != "ok"
        ]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            raise _Damaged(str(exc)) from exc
        raise
    finally:
        db.close()
    if problems:
        raise _Damaged("; ".join(problems[:5]))
    return version, objects


def _snapshot(source: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of ``source`` to ``target``, replacing it atomically.

    The copy is switched to rollback-journal mode so that it is one
    self-contained file, and is written under a temporary name first so a
    crash mid-way never leaves a half-written file under the real name.
    """
    partial = target.with_name(target.name + ".partial")
    _remove_with_sidecars(partial)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    os.replace(partial, target)


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


_BACKUP_NAME = re.compile(r"notes-(\d{4}-\d{2}-\d{2})\.sqlite3")
# What ``update`` may change: a note's identity and birth are fixed.
_UPDATABLE = frozenset(field.name for field in dataclasses.fields(Note)) - {"id", "created"}


# --- the store ---------------------------------------------------------------

class NoteStore:
    """The notes file, open and locked for as long as this object lives.

    Thread-safe: one connection shared by the GUI thread and workers, every
    use of it under one re-entrant lock, so there is one writer at a time.
    """

    def __init__(
        self,
        path: Path,
        backups_dir: Path | None = None,
        keep_backups: int = 14,
        *,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        """Open, lock, check (restoring a damaged file), migrate, back up daily.

        ``clock`` returns the current time as an aware datetime; tests pass
        a fake one to simulate days.  Raises NotesLockedError if another copy
        has the file open, NotesError if it cannot be opened safely.
        """
        if keep_backups < 1:
            raise ValueError("keep_backups must be at least 1")
        self.path = Path(path).resolve()
        self.backups_dir = Path(backups_dir).resolve() if backups_dir else self.path.parent / "backups"
        self.keep_backups = keep_backups
        self.messages: list[str] = []
        self.revision = 0
        self._clock = clock
        self._guard = threading.RLock()
        self._undo: list[Note] = []
        self._db: sqlite3.Connection | None = None
        self._lock_fd: int | None = None
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock_fd = _acquire_lock(self._lock_path, self.path)
            self._open()
        except BaseException as exc:
            self.close()
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise NotesError(f"Could not open the notes file {self.path}: {exc}") from exc
            raise

    def _open(self) -> None:
        self._make_sound()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal":
            log.warning("Notes file %s could not use WAL (journal mode %s)", self.path, mode)
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()
        if not self._backup_path(self._today()).exists():
            self.backup_now()
        log.info("Opened notes file %s (%d notes)", self.path, self.count())

    # -- opening: integrity, recovery, migration

    def _make_sound(self) -> None:
        """Leave ``self.path`` absent or a sound notes file this code can read, or refuse.

        A damaged file is set aside and the newest good backup restored; so is
        a missing one when backups exist (the notes were lost, not never made).
        """
        if not self.path.exists():
            if self._backups():
                self._set_aside()  # a stray -wal must not be replayed onto the backup
                self._restore_or_start_empty(f"The notes file {self.path} was missing")
            return
        try:
            version, objects = _inspect(self.path)
        except _Damaged as exc:
            log.error("Notes file %s is damaged: %s", self.path, exc)
            aside = self._set_aside()
            self._restore_or_start_empty(f"The notes file was damaged; it was moved to {aside}")
            return
        if version > SCHEMA_VERSION:
            raise NotesError(
                f"The notes file {self.path} was made by a newer version of Reader "
                f"(format {version}; this version knows up to {SCHEMA_VERSION}). "
                "Please update Reader; the file was not changed."
            )
        if version == 0 and objects:
            raise NotesError(
                f"{self.path} is a database, but not a Reader notes file; it was not changed. "
                "Move it elsewhere and start Reader again."
            )

    def _set_aside(self) -> Path | None:
        """Rename the file and its sidecars to ``<name>.corrupt-<stamp>``; never delete.

        The sidecars go with it: a leftover journal or WAL would otherwise be
        replayed onto the file restored in its place.
        """
        stamp = self._clock().astimezone().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
            counter += 1
        moved = False
        for suffix in ("", "-journal", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                os.replace(source, f"{aside}{suffix}")
                moved = True
        return aside if moved else None

    def _restore_or_start_empty(self, what_happened: str) -> None:
        restored = self._restore_newest_backup()
        if restored:
            day, count = restored
            message = (
                f"{what_happened} and your notes were restored from the backup of {day} "
                f"({count} note{'' if count == 1 else 's'}). "
                "Changes made after that backup are not included."
            )
        else:
            message = f"{what_happened}. No usable backup was found, so Reader started an empty notes file."
        log.warning("%s", message)
        self.messages.append(message)

    def _restore_newest_backup(self) -> tuple[str, int] | None:
        """Copy the newest backup that passes quick_check to ``self.path``: (date, notes)."""
        for day, backup in self._backups():
            try:
                version, _ = _inspect(backup)
            except (_Damaged, sqlite3.Error) as exc:
                log.warning("Backup %s is unusable: %s", backup, exc)
                continue
            if not 1 <= version <= SCHEMA_VERSION:
                continue
            source = sqlite3.connect(backup)
            try:
                count = source.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
                _snapshot(source, self.path)
            finally:
                source.close()
            return day, count
        return None

    def _migrate(self) -> None:
        """Upgrade an older file to SCHEMA_VERSION in one transaction, after a backup."""
        db = self._conn()
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        backup = self.backup_now() if version > 0 else None
        db.execute("BEGIN IMMEDIATE")
        try:
            for step in MIGRATIONS[version:SCHEMA_VERSION]:
                step(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException as exc:
            self._rollback(db)
            if isinstance(exc, Exception):
                kept = f" A backup is at {backup}." if backup else ""
                raise NotesError(
                    f"Could not upgrade the notes file {self.path} from format {version}: {exc}. "
                    f"The file was left as it was.{kept}"
                ) from exc
            raise
        if version > 0:
            log.info("Upgraded notes file %s from format %d to %d", self.path, version, SCHEMA_VERSION)

    # -- backups

    def backup_now(self) -> Path:
        """Snapshot the notes into today's backup (replacing today's earlier one); rotate."""
        with self._guard:
            self.backups_dir.mkdir(parents=True, exist_ok=True)
            target = self._backup_path(self._today())
            try:
                _snapshot(self._conn(), target)
            except (sqlite3.Error, OSError) as exc:
                raise NotesError(f"Could not back up the notes to {target}: {exc}") from exc
            for _, old in self._backups()[self.keep_backups:]:
                old.unlink()
                log.info("Removed old notes backup %s", old)
        log.info("Backed up notes to %s", target)
        return target

    def _backups(self) -> list[tuple[str, Path]]:
        """(date, path) of every backup, newest first."""
        if not self.backups_dir.is_dir():
            return []
        found = []
        for path in self.backups_dir.iterdir():
            match = _BACKUP_NAME.fullmatch(path.name)
            if match:
                found.append((match.group(1), path))
        return sorted(found, reverse=True)

    def _backup_path(self, day: date) -> Path:
        return self.backups_dir / f"notes-{day.isoformat()}.sqlite3"

    def _today(self) -> date:
        """The user's calendar day: backups are "one per day of use" in local time."""
        return self._clock().astimezone().date()

    def _now(self) -> str:
        return self._clock().astimezone(timezone.utc).replace(microsecond=0).isoformat()

    # -- lifetime

    def close(self) -> None:
        """Close the file (checkpointing the WAL) and release the lock.  Idempotent."""
        with self._guard:
            try:
                if self._db is not None:
                    self._db.close()
            finally:
                self._db = None
                if self._lock_fd is not None:
                    _release_lock(self._lock_path, self._lock_fd)
                    self._lock_fd = None

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise NotesError(f"The notes file {self.path} is closed.")
        return self._db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed before the caller returns, rolled back on any error."""
        with self._guard:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback(db)
                raise NotesError(f"Could not save to the notes file {self.path}: {exc}") from exc
            except BaseException:
                self._rollback(db)
                raise
            self.revision += 1

    @staticmethod
    def _rollback(db: sqlite3.Connection) -> None:
        if db.in_transaction:
            db.execute("ROLLBACK")

    # -- writing

    def add(self, note: Note) -> Note:
        """Store a new note; return it as stored (id, timestamps, normalised tags).

        The argument is not modified.  Raises NotesError if it is invalid or
        its id is taken.
        """
        now = self._now()
        stored = _checked(dataclasses.replace(
            note,
            id=note.id or str(uuid.uuid4()),
            created=note.created or now,
            modified=note.modified or now,
        ))
        with self._write() as db:
            if self._exists(db, stored.id):
                raise NotesError(f"A note with id {stored.id} already exists.")
            _insert(db, stored)
        return stored

    def update(self, note_id: str, *, touch: bool = True, **changes: object) -> Note:
        """Change fields of a note and return it.

        ``touch`` bumps ``modified``: True for the user's edits, False for
        re-anchoring, which is not an edit.  A no-op change writes nothing.
        """
        with self._guard:
            old = self.get(note_id)
            new = self._changed(old, changes, touch)
            if new != old:
                with self._write() as db:
                    _replace(db, new)
            return new

    def update_many(self, changes: Iterable[tuple[str, dict[str, object]]]) -> None:
        """Apply many ``(note_id, fields)`` changes in one transaction, without touching.

        All or nothing: one unknown id or invalid value and none is applied.
        """
        with self._write() as db:
            for note_id, fields in changes:
                old = self.get(note_id)
                new = self._changed(old, fields, touch=False)
                if new != old:
                    _replace(db, new)

    def _changed(self, old: Note, changes: dict[str, object], touch: bool) -> Note:
        not_allowed = set(changes) - _UPDATABLE
        if not_allowed:
            raise NotesError(f"A note's {', '.join(sorted(not_allowed))} cannot be changed.")
        if touch and "modified" not in changes:
            changes = {**changes, "modified": self._now()}
        return _checked(dataclasses.replace(old, **changes))

    def delete(self, note_id: str) -> Note:
        """Delete a note (the user's decision) and keep it for ``undo_delete``."""
        with self._guard:
            note = self.get(note_id)
            with self._write() as db:
                db.execute("DELETE FROM notes WHERE id = ?", (note_id,))
            self._undo.append(dataclasses.replace(note, tags=list(note.tags)))
            return note

    def undo_delete(self) -> Note | None:
        """Restore the most recently deleted note, identical; None if nothing to undo."""
        with self._guard:
            if not self._undo:
                return None
            note = self._undo[-1]
            with self._write() as db:
                if self._exists(db, note.id):
                    self._undo.pop()
                    raise NotesError(f"The deleted note {note.id} is back already (was it imported?).")
                _insert(db, note)
            return self._undo.pop()

    def upsert(self, notes: Iterable[Note]) -> tuple[int, int]:
        """Import: add new notes and replace existing ones by id; ``(added, updated)``.

        One transaction after a backup, so a bad import can be undone from
        it.  A note identical to the stored one counts as neither.  Missing
        timestamps are kept from the stored note, else set to now.
        """
        incoming = list(notes)
        if not incoming:
            return 0, 0
        added = updated = 0
        with self._guard:
            self.backup_now()
            with self._write() as db:
                for number, note in enumerate(incoming, 1):
                    existing = self._find(note.id) if note.id else None
                    stored = self._imported(note, existing, number)
                    if existing is None:
                        _insert(db, stored)
                        added += 1
                    elif stored != existing:
                        _replace(db, stored)
                        updated += 1
        return added, updated

    def _imported(self, note: Note, existing: Note | None, number: int) -> Note:
        now = self._now()
        try:
            return _checked(dataclasses.replace(
                note,
                id=note.id or str(uuid.uuid4()),
                created=note.created or (existing.created if existing else now),
                modified=note.modified or (existing.modified if existing else now),
            ))
        except NotesError as exc:
            raise NotesError(
                f"Note {number} of the import ({note.id or 'no id'}): {exc} Nothing was imported."
            ) from None

    # -- reading

    def get(self, note_id: str) -> Note:
        """The note with this id; NoteNotFoundError if there is none."""
        note = self._find(note_id)
        if note is None:
            raise NoteNotFoundError(f"There is no note with id {note_id}.")
        return note

    def _find(self, note_id: str) -> Note | None:
        found = self._select(["id = ?"], [note_id])
        return found[0] if found else None

    @staticmethod
    def _exists(db: sqlite3.Connection, note_id: str) -> bool:
        return db.execute("SELECT 1 FROM notes WHERE id = ?", (note_id,)).fetchone() is not None

    def tags(self) -> list[tuple[str, int]]:
        """(tag, number of notes) by count, then name; each tag in its most used spelling."""
        with self._guard:
            rows = self._conn().execute(
                "SELECT key, tag, COUNT(*) FROM note_tags GROUP BY key, tag"
            ).fetchall()
        spellings: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for key, tag, count in rows:
            spellings[key].append((count, tag))
        totals = [
            (min(found, key=lambda pair: (-pair[0], pair[1]))[1], sum(count for count, _ in found))
            for found in spellings.values()
        ]
        return sorted(totals, key=lambda item: (-item[1], item[0].casefold(), item[0]))

    def count(self) -> int:
        """How many notes there are."""
        with self._guard:
            return int(self._conn().execute("SELECT COUNT(*) FROM notes").fetchone()[0])

    def article_ids(self) -> set[str]:
        """The articles that have notes, e.g. to know which ones need re-anchoring."""
        return set(self.counts_by_article())

    def counts_by_article(self) -> dict[str, int]:
        """article id -> number of notes: the library table's column, without loading notes."""
        with self._guard:
            rows = self._conn().execute("SELECT article_id, count(*) FROM notes GROUP BY article_id")
            return dict(rows.fetchall())

    def _select(self, conditions: Iterable[str], params: Iterable[str]) -> list[Note]:
        where = " AND ".join(conditions) or "1"
        values = tuple(params)
        with self._guard:
            db = self._conn()
            rows = db.execute(
                f"SELECT {_quoted(_COLUMNS)} FROM notes WHERE {where} "
                "ORDER BY article_path, start, created, id",
                values,
            ).fetchall()
            tags: dict[str, list[str]] = defaultdict(list)
            for note_id, tag in db.execute(
                f"SELECT note_id, tag FROM note_tags WHERE note_id IN (SELECT id FROM notes WHERE {where}) "
                "ORDER BY note_id, position",
                values,
            ):
                tags[note_id].append(tag)
        return [_note_from_row(row, tags[row["id"]]) for row in rows]

    def list(
        self,
        article_id: str | None = None,
        *,
        tag: str | None = None,
        color: str | None = None,
        status: str | None = None,
    ) -> list[Note]:
        """Notes matching every given filter, by article path, start, created.

        ``tag`` matches case-insensitively.
        """
        conditions: list[str] = []
        params: list[str] = []
        for column, value in (("article_id", article_id), ("color", color), ("status", status)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        if tag is not None:
            conditions.append("id IN (SELECT note_id FROM note_tags WHERE key = ?)")
            params.append(_tag_key(tag))
        return self._select(conditions, params)
