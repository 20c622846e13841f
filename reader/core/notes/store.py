"""NoteStore: the notes in the notes file, to add, change, delete, find and count.

A note whose ``add`` has returned is never lost: every write is one
transaction of the ``NotesFile``, committed before the method returns.  The
store knows nothing of undo; the history (history.py) keeps snapshots and
puts them back through ``restore``, which writes a note verbatim.
"""
from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from reader.core.model import (Draft, EarlierAnchor, ImportConflict, KeptVersion, Note,
                               NoteNotFoundError, NotesError, TrashedNote, tag_key)

from .drafts import drop_draft, load_drafts, save_draft
from .file import NotesFile, utc_now
from .team import ROLE, TeamCopy, join, refuse_others
from .trash import out_of_trash, purge, to_trash, trashed
from .versions import keep_version, kept_versions, newer, version_counts
from .schema import (COLUMNS, HISTORY_COLUMNS, checked, earlier_from_row, insert_note,
                     note_from_row, quoted, replace_note)

# What ``update`` may change: a note's identity and birth are fixed.
_UPDATABLE = frozenset(field.name for field in dataclasses.fields(Note)) - {"id", "created"}

#: Before and after of every note a write touched: id -> note, or None where
#: there was (or is) no note with that id.
Snapshots = dict[str, Note | None]


class NoteStore:
    """The notes of one notes file, open and locked for as long as this object lives.

    Thread-safe: every use of the connection is under the file's re-entrant
    lock, so the GUI thread and workers may share one store.
    """

    def __init__(
        self,
        path: Path,
        backups_dir: Path | None = None,
        keep_backups: int = 14,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Open the file (see ``NotesFile``: lock, check, restore, migrate, back up)."""
        self._file = NotesFile(path, backups_dir, keep_backups, clock=clock)
        self._guard = self._file.guard
        self._writes = 0
        # What ``changed_elsewhere`` last saw: the file's data version, and a
        # stamp of every note.
        self._seen: tuple[int, dict[str, tuple]] | None = None
        #: The copy of the team library's notes kept in this file (notes/team.py).
        self.team = TeamCopy(self)
        self.purge_trash()

    @property
    def revision(self) -> tuple[int, int]:
        """Changes with every write, this process's or another's, so a cache of
        the notes (the note searcher's) knows when it is stale without reading them."""
        return self._writes, self._file.data_version()

    def changed_elsewhere(self) -> tuple[set[str], set[str], set[str], set[str]] | None:
        """What other processes (``reader-cli`` beside the window) did to the notes
        since the last call: ids added, changed and removed, and the ids of their
        articles; None when nothing.  The first call only looks.  This process's
        own writes since the last call are among them when another process also
        wrote: telling them apart would cost a stamp per write, and showing a
        note again costs nothing."""
        version = self._file.data_version()
        if self._seen is not None and self._seen[0] == version:
            return None
        with self._guard:
            stamps = {row[0]: tuple(row[1:]) for row in self._file.conn().execute(
                "SELECT id, modified, status, start, \"end\", article_id FROM notes")}
        before = self._seen[1] if self._seen is not None else None
        self._seen = (version, stamps)
        if before is None:
            return None
        added, removed = stamps.keys() - before.keys(), before.keys() - stamps.keys()
        changed = {i for i in stamps.keys() & before.keys() if stamps[i] != before[i]}
        articles = {stamps[i][-1] for i in added | changed} | {before[i][-1] for i in removed | changed}
        return (added, changed, removed, articles) if added or changed or removed else None

    @property
    def path(self) -> Path:
        return self._file.path

    @property
    def backups_dir(self) -> Path:
        return self._file.backups_dir

    @property
    def messages(self) -> list[str]:
        """What opening the file had to tell the user (e.g. a backup was restored)."""
        return self._file.messages

    def backup_now(self) -> Path:
        return self._file.backup_now()

    def now(self) -> str:
        """The time this store stamps on what it writes (UTC, to the second)."""
        return self._file.now()


    # -- drafts (notes/drafts.py)

    def save_draft(self, draft: Draft) -> None:
        save_draft(self._file, draft)

    def drafts(self) -> list[Draft]:
        return load_drafts(self._file)

    def drop_draft(self, key: str) -> None:
        drop_draft(self._file, key)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._guard:
            with self._file.transaction() as db:
                yield db
            self._writes += 1  # only once committed

    # -- writing

    def add(self, note: Note, *, team_shared: bool | None = None) -> Note:
        """Store a new note; return it as stored (id, timestamps, normalised tags).

        ``team_shared``: a note on a team article, shared with the team or
        private (None: a local note), marked so in the same transaction.
        The argument is not modified.  Raises NotesError if it is invalid or
        its id is taken.
        """
        now = self._file.now()
        stored = checked(dataclasses.replace(
            note,
            id=note.id or str(uuid.uuid4()),
            created=note.created or now,
            modified=note.modified or now,
        ))
        with self._write() as db:
            if self._exists(db, stored.id):
                raise NotesError(f"A note with id {stored.id} already exists.")
            insert_note(db, stored)
            if team_shared is not None:
                join(db, stored.id, team_shared, self.team.state(ROLE))
        return stored

    def update(self, note_id: str, *, touch: bool = True, **changes: object) -> Note:
        """Change fields of a note and return it.

        ``touch`` bumps ``modified``: True for the user's edits, False for
        re-anchoring, which is not an edit.  A no-op change writes nothing.
        """
        if touch:
            refuse_others(self.team, [note_id])
        with self._guard, self._file.transaction() as db:
            # Read inside the write's transaction: a field another process
            # changed a moment ago is kept, not overwritten with a stale copy.
            old = self.get(note_id)
            new = self._changed(old, changes, touch)
            if new != old:
                replace_note(db, new)
        if new != old:
            self._writes += 1  # only once committed
        return new

    def update_many(self, changes: Iterable[tuple[str, dict[str, object]]], *,
                    touch: bool = False) -> list[Note]:
        """Apply many ``(note_id, fields)`` changes in one transaction; ``touch`` as
        for ``update`` (False: re-anchoring; True: the user's edit of several notes).

        All or nothing: one unknown id or invalid value and none is applied.
        Returns the notes that changed, as they are now.
        """
        changes = list(changes)
        if touch:
            refuse_others(self.team, (note_id for note_id, _fields in changes))
        changed = []
        with self._write() as db:
            for note_id, fields in changes:
                old = self.get(note_id)
                new = self._changed(old, fields, touch=touch)
                if new != old:
                    replace_note(db, new)
                    changed.append(new)
        return changed

    def _changed(self, old: Note, changes: dict[str, object], touch: bool) -> Note:
        not_allowed = set(changes) - _UPDATABLE
        if not_allowed:
            raise NotesError(f"A note's {', '.join(sorted(not_allowed))} cannot be changed.")
        if touch and "modified" not in changes:
            changes = {**changes, "modified": self._file.now()}
        return checked(dataclasses.replace(old, **changes))

    def delete(self, note_id: str) -> Note:
        """Delete a note (the user's decision) into the Trash; return it as it was."""
        return self.delete_many([note_id])[0]

    def delete_many(self, note_ids: Iterable[str]) -> list[Note]:
        """Delete several notes into the Trash in one transaction (all or none);
        returns them as they were."""
        with self._guard:
            notes = [self.get(note_id) for note_id in dict.fromkeys(note_ids)]
            refuse_others(self.team, (note.id for note in notes))
            with self._write() as db:
                for note in notes:
                    to_trash(db, note, self._file.now())
                    db.execute("DELETE FROM notes WHERE id = ?", (note.id,))
            return notes

    # -- the Trash (notes/trash.py)

    def trash(self) -> list[TrashedNote]:
        with self._guard:
            return trashed(self._file.conn())

    def restore_from_trash(self, note_id: str) -> Note:
        """Put a deleted note back as it was; NoteNotFoundError if the Trash lacks it."""
        with self._guard:
            found = next((t.note for t in self.trash() if t.note.id == note_id), None)
            if found is None:
                raise NoteNotFoundError(f"The Trash has no note with id {note_id}.")
            self.restore({note_id: found})
            return found

    def resolve_trashed_id(self, given: str) -> str:
        """A trashed note's whole id from ``given`` or a unique prefix of it."""
        ids = [t.note.id for t in self.trash() if t.note.id.lower().startswith(given.lower())]
        if given in ids or len(ids) != 1 or len(given) < 4:
            if len(ids) > 1 and given not in ids:
                raise NotesError(f"{len(ids)} notes in the Trash have ids starting {given}. "
                                 "Give more of the id.")
            return given
        return ids[0]

    def empty_trash(self) -> list[str]:
        """Delete for good what the Trash holds; the ids of the notes that went."""
        with self._write() as db:
            gone = [row[0] for row in db.execute("SELECT id FROM trash")]
            db.execute("DELETE FROM trash")
        return gone

    def in_trash(self, note_id: str) -> bool:
        with self._guard:
            return self._file.conn().execute(
                "SELECT 1 FROM trash WHERE id = ?", (note_id,)).fetchone() is not None

    def purge_trash(self) -> int:
        """Empty what was deleted more than 30 days ago (at open: no user's change)."""
        with self._guard, self._file.transaction() as db:
            return purge(db, self._file.clock())

    def restore(self, snapshots: Mapping[str, Note | None]) -> None:
        """Make each note exactly its snapshot, in one transaction: None deletes it.

        Verbatim (``modified`` is not touched), so undoing gives back the very
        note the user had.  For the history only: the user's own changes go
        through ``add``/``update``/``delete``.
        """
        notes = {note_id: checked(note) if note else None for note_id, note in snapshots.items()}
        with self._write() as db:
            for note_id, note in notes.items():
                if note is None:  # (redoing a delete: into the Trash again)
                    gone = self.find(note_id)
                    if gone is not None:
                        to_trash(db, gone, self._file.now())
                    db.execute("DELETE FROM notes WHERE id = ?", (note_id,))
                    continue
                out_of_trash(db, note_id)  # undoing a delete, or a restore
                if self._exists(db, note_id):
                    replace_note(db, note)
                else:
                    insert_note(db, note)

    def upsert(self, notes: Iterable[Note], source: str = "an import"
               ) -> tuple[Snapshots, Snapshots, list[ImportConflict]]:
        """Import: add new notes and bring in newer versions of the ones here.

        Ids are compared without regard to case (a UUID is a UUID in capitals
        too).  A note identical to the stored one is not written; one that
        differs keeps the newer edit (by ``modified``; a tie keeps the note
        here), and the other version is kept (notes/versions.py), named in
        the conflicts returned.  Returns ``(before, after, conflicts)`` of the
        notes written.  One transaction after a backup, so a bad import can be
        undone from it.  Missing timestamps are kept from the stored note,
        else set to now.
        """
        incoming = list(notes)
        before: Snapshots = {}
        after: Snapshots = {}
        conflicts: list[ImportConflict] = []
        if not incoming:
            return before, after, conflicts
        with self._guard:
            self.backup_now()
            now = self._file.now()
            with self._write() as db:
                for number, note in enumerate(incoming, 1):
                    existing = self._stored_as(db, note.id) if note.id else None
                    stored = self._imported(note, existing, number)
                    if existing is None:
                        insert_note(db, stored)
                    elif stored == existing:
                        continue
                    else:
                        ours = not newer(stored.modified, existing.modified)
                        conflicts.append(ImportConflict(existing.id, "here" if ours else "import",
                                                        existing.modified, stored.modified))
                        if ours:
                            keep_version(db, stored, now, f"older than this one, in {source}")
                            continue
                        keep_version(db, existing, now, f"replaced by a newer one from {source}")
                        replace_note(db, stored)
                    before.setdefault(stored.id, existing)
                    after[stored.id] = stored
        return before, after, conflicts

    def _stored_as(self, db: sqlite3.Connection, note_id: str) -> Note | None:
        """The note here whose id is ``note_id`` but for case."""
        row = db.execute("SELECT id FROM notes WHERE id = ? COLLATE NOCASE", (note_id,)).fetchone()
        return self.find(row[0]) if row else None

    def versions(self, note_id: str) -> list[KeptVersion]:
        """The versions of a note that imports did not keep, the latest first."""
        with self._guard:
            return kept_versions(self._file.conn(), note_id)

    def version_counts(self) -> dict[str, int]:
        with self._guard:
            return version_counts(self._file.conn())

    def _imported(self, note: Note, existing: Note | None, number: int) -> Note:
        now = self._file.now()
        try:
            return checked(dataclasses.replace(
                note,
                id=existing.id if existing else (note.id or str(uuid.uuid4())),
                created=note.created or (existing.created if existing else now),
                modified=note.modified or (existing.modified if existing else now),
            ))
        except NotesError as exc:
            raise NotesError(
                f"Note {number} of the import ({note.id or 'no id'}): {exc} Nothing was imported."
            ) from None

    # -- reading

    def resolve_id(self, given: str) -> str:
        """The id of the note ``given`` names: its whole id, or (as git takes a
        commit) a prefix of at least four characters that one note has."""
        given = given.strip().removeprefix("urn:uuid:")
        with self._guard:
            db = self._file.conn()
            if self._exists(db, given) or len(given) < 4:
                return given  # (LIKE below ignores case, as UUIDs may be written in either)
            pattern = given.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            ids = [row[0] for row in db.execute(
                "SELECT id FROM notes WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 11",
                (pattern,))]
        if len(ids) > 1:
            shown = ", ".join(ids[:10]) + (" and more" if len(ids) > 10 else "")
            raise NotesError(f"{len(ids)} notes have ids starting {given}: {shown}. "
                             "Give more of the id.")
        return ids[0] if ids else given

    def get(self, note_id: str) -> Note:
        """The note with this id; NoteNotFoundError if there is none."""
        note = self.find(note_id)
        if note is None:
            raise NoteNotFoundError(f"There is no note with id {note_id}.")
        return note

    def find(self, note_id: str) -> Note | None:
        """The note with this id, or None: what a snapshot of it holds."""
        found = self._select(["id = ?"], [note_id])
        return found[0] if found else None

    @staticmethod
    def _exists(db: sqlite3.Connection, note_id: str) -> bool:
        return db.execute("SELECT 1 FROM notes WHERE id = ?", (note_id,)).fetchone() is not None

    def tags(self) -> list[tuple[str, int]]:
        """(tag, number of notes) by count, then name; each tag in its most used spelling."""
        with self._guard:
            rows = self._file.conn().execute(
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
            return int(self._file.conn().execute("SELECT COUNT(*) FROM notes").fetchone()[0])

    def article_ids(self) -> set[str]:
        """The articles that have notes, e.g. to know which ones need re-anchoring."""
        return set(self.counts_by_article())

    def counts_by_article(self) -> dict[str, int]:
        """article id -> number of notes: the library table's column, without loading notes."""
        with self._guard:
            rows = self._file.conn().execute(
                "SELECT article_id, count(*) FROM notes GROUP BY article_id")
            return dict(rows.fetchall())

    def _select(self, conditions: Iterable[str], params: Iterable[str]) -> list[Note]:
        where = " AND ".join(conditions) or "1"
        values = tuple(params)
        with self._guard:
            db = self._file.conn()
            rows = db.execute(
                f"SELECT {quoted(COLUMNS)} FROM notes WHERE {where} "
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
            history: dict[str, list[EarlierAnchor]] = defaultdict(list)
            for row in db.execute(
                f"SELECT note_id, {quoted(HISTORY_COLUMNS)} FROM anchor_history "
                f"WHERE note_id IN (SELECT id FROM notes WHERE {where}) ORDER BY note_id, position",
                values,
            ):
                history[row[0]].append(earlier_from_row(row[1:]))
        return [note_from_row(row, tags[row["id"]], tuple(history[row["id"]])) for row in rows]

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
            params.append(tag_key(tag))
        return self._select(conditions, params)
