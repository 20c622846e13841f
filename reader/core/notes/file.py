"""The notes file itself: shared by processes, checked at open, migrated, backed up.

The notes are the analyst's work product, the one thing in Reader that cannot
be rebuilt, so the file is handled with care:

* One SQLite file in WAL mode with ``synchronous=FULL``.  Every write is one
  transaction, committed before the caller returns, so SIGKILL or a power cut
  right after a write returns cannot take it away.
* Several processes use it at once (the window and ``reader-cli`` beside it):
  SQLite serialises their writes (WAL, a busy timeout), and each write reads
  the row it changes inside its own transaction, so neither loses the
  other's.  Opening is one process at a time (an OS lock on ``.open-lock``),
  and every process holds a shared OS lock on ``.lock`` while the file is
  open, so an opener knows whether it is alone: only then may it set a
  damaged file aside or upgrade the format; otherwise it refuses with a
  ``NotesLockedError`` that says what to close.  The kernel drops the locks
  when a process dies, so a crash never leaves the notes "locked".
* ``PRAGMA quick_check`` at open.  A damaged file is moved aside (never
  deleted: what is left in it may still be recovered by hand) and the newest
  backup that passes the same check is restored.
* Rotating daily backups made with SQLite's backup API, which copies a
  consistent snapshot; a plain file copy of a live WAL database may not be.
  A backup is also taken right before a migration or an import.
"""
from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

from reader.core.model import NotesError, NotesLockedError
from reader.core.util.locks import SHARED_LOCKS, FileLock

from . import schema
from .schema import SCHEMA_VERSION

log = logging.getLogger("reader.notes")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# --- files: locking, inspecting, snapshots ---------------------------------

class _Damaged(Exception):
    """SQLite says the file is not a sound database."""


#: How long opening waits for another copy of Reader that is opening the same file.
OPEN_WAIT_SECONDS = 30.0
#: How long a write waits for another process's write to finish (SQLite's busy timeout).
BUSY_TIMEOUT_MS = 10_000

def _locked_message(notes_path: Path) -> str:
    return (
        f"The notes file {notes_path} is already open in another copy of Reader. "
        "Close that copy first, so that the two do not overwrite each other's notes."
    )


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
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        objects = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        problems = [] if version > SCHEMA_VERSION else [
            row[0] for row in db.execute("PRAGMA quick_check") if row[0] != "ok"
        ]
        missing = sorted(schema.TABLES.get(version, frozenset()) - tables)
        if missing:
            problems.append(f"the table{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                            f"{'are' if len(missing) > 1 else 'is'} missing")
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
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
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


class NotesFile:
    """The notes file, open and locked for as long as this object lives.

    Thread-safe: one connection shared by the GUI thread and workers, every
    use of it under one re-entrant lock (``guard``), so there is one writer
    at a time.
    """

    def __init__(
        self,
        path: Path,
        backups_dir: Path | None = None,
        keep_backups: int = 14,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Open, check (restoring a damaged file), migrate, back up daily.

        ``clock`` returns the current time as an aware datetime; tests pass
        a fake one to simulate days.  Raises NotesLockedError when another
        copy of Reader has the file open and this open would need it alone
        (to restore a damaged file, or to upgrade one that an older Reader
        has open), NotesError if it cannot be opened safely.
        """
        if keep_backups < 1:
            raise ValueError("keep_backups must be at least 1")
        self.path = Path(path).resolve()
        self.backups_dir = Path(backups_dir).resolve() if backups_dir else self.path.parent / "backups"
        self.keep_backups = keep_backups
        self.messages: list[str] = []
        self.guard = threading.RLock()
        self._clock = clock
        self._db: sqlite3.Connection | None = None
        # Held shared by every process that has the file open; taken
        # exclusively, it says this process is the only one.
        self._presence = FileLock(self.path.with_name(self.path.name + ".lock"))
        # Held while opening: one process at a time checks, restores,
        # migrates and backs up.
        self._opening = FileLock(self.path.with_name(self.path.name + ".open-lock"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self._opening.take(wait=OPEN_WAIT_SECONDS):
                raise NotesLockedError(
                    f"Another copy of Reader has been opening the notes file {self.path} for "
                    f"{OPEN_WAIT_SECONDS:.0f} seconds. Close it, then try again.")
            try:
                alone = self._presence.take()
                if not SHARED_LOCKS and not alone:
                    raise NotesLockedError(_locked_message(self.path))
                self._presence.take(shared=True)  # (from exclusive: a downgrade)
                self._open(alone)
            finally:
                self._opening.release()
        except BaseException as exc:
            self.close()
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise NotesError(f"Could not open the notes file {self.path}: {exc}") from exc
            raise

    def _open(self, alone: bool) -> None:
        """``alone``: no other process has the file open, so it may be set aside or upgraded."""
        self._make_sound(alone)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        self._db.row_factory = sqlite3.Row
        mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal":
            log.warning("Notes file %s could not use WAL (journal mode %s)", self.path, mode)
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate(alone)
        if not self._backup_path(self._today()).exists():
            self.backup_now()
        count = self._db.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
        log.info("Opened notes file %s (%d notes)", self.path, count)

    # -- opening: integrity, recovery, migration

    def _make_sound(self, alone: bool) -> None:
        """Leave ``self.path`` absent or a sound notes file this code can read, or refuse.

        A damaged file is set aside and the newest good backup restored; so is
        a missing one when backups exist (the notes were lost, not never made).
        Neither is done under another process that has the file open.
        """
        if not self.path.exists():
            if self._backups():
                self._refuse_unless(alone, "is missing")
                self._set_aside()  # a stray -wal must not be replayed onto the backup
                self._restore_or_start_empty(f"The notes file {self.path} was missing")
            return
        try:
            version, objects = _inspect(self.path)
            if version == 0 and not objects and self._backups():
                # Empty (0 bytes, or truncated to a bare header) where notes were kept:
                # the notes were lost, as with a missing file; never start afresh over them.
                raise _Damaged("the file is empty")
        except _Damaged as exc:
            log.error("Notes file %s is damaged: %s", self.path, exc)
            self._refuse_unless(alone, "is damaged")
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

    def _refuse_unless(self, alone: bool, what: str) -> None:
        if not alone:
            raise NotesLockedError(
                f"The notes file {self.path} {what}, and another copy of Reader still has it "
                "open. Close that copy, then start Reader again: your notes will be restored "
                "from the newest backup.")

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

    def _migrate(self, alone: bool) -> None:
        """Upgrade an older file to SCHEMA_VERSION in one transaction, after a backup
        (never under an older Reader that has it open: it would not know the new format)."""
        db = self.conn()
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > 0 and not alone:
            raise NotesLockedError(
                f"The notes file {self.path} is open in an older version of Reader. Close it, "
                "so that this version can upgrade the file, then start Reader again.")
        backup = self.backup_now() if version > 0 else None
        db.execute("BEGIN IMMEDIATE")
        try:
            for step in schema.MIGRATIONS[version:SCHEMA_VERSION]:
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
        with self.guard:
            self.backups_dir.mkdir(parents=True, exist_ok=True)
            target = self._backup_path(self._today())
            try:
                _snapshot(self.conn(), target)
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

    def clock(self) -> datetime:
        """The current time (the clock tests pass in, or the real one)."""
        return self._clock()

    def now(self) -> str:
        """The time to stamp on a note: UTC, to the second."""
        return self._clock().astimezone(timezone.utc).replace(microsecond=0).isoformat()

    # -- lifetime

    def close(self) -> None:
        """Close the file (checkpointing the WAL) and release the lock.  Idempotent."""
        with self.guard:
            try:
                if self._db is not None:
                    try:  # what another process wrote since our last commit, in the file too
                        self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    except sqlite3.Error as exc:
                        log.warning("could not checkpoint the notes file at close: %s", exc)
                    self._db.close()
            finally:
                self._db = None
                self._presence.release()

    def __enter__(self) -> NotesFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def data_version(self) -> int:
        """Changes when another process (or another connection) commits to the file."""
        with self.guard:
            return self.conn().execute("PRAGMA data_version").fetchone()[0]

    def conn(self) -> sqlite3.Connection:
        """The open connection; NotesError once the file is closed."""
        if self._db is None:
            raise NotesError(f"The notes file {self.path} is closed.")
        return self._db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed before the caller returns, rolled back on any error."""
        with self.guard:
            db = self.conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
                # Into the database file at once: at rest, the file alone holds
                # every note, and a WAL damaged later cannot take any with it.
                db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error as exc:
                self._rollback(db)
                raise NotesError(f"Could not save to the notes file {self.path}: {exc}") from exc
            except BaseException:
                self._rollback(db)
                raise

    @staticmethod
    def _rollback(db: sqlite3.Connection) -> None:
        if db.in_transaction:
            db.execute("ROLLBACK")
