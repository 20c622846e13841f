"""The notes file's copy of the team library's notes: which notes are the team's,
what is waiting to be sent, and what a sync brings in.

The copy is ordinary notes in ``notes`` (so every view, search and export
works on them offline, unchanged) plus one ``team_notes`` row each: author,
shared or private, the server revision this copy last agreed with, and
``pending``, which triggers in the file set on every write to the note
(schema.py, version 7).  A sync (team/sync.py) reads what is pending, sends
it, and settles it here; what it receives is applied here in one
transaction with the pull's watermark, so a sync killed at any point
loses nothing and repeats nothing twice.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.model import ImportConflict, Note, NotesError, TeamEntry

from .schema import checked, insert_note, replace_note
from .trash import out_of_trash, to_trash
from .versions import keep_version

if TYPE_CHECKING:
    from .store import NoteStore, Snapshots

#: How many note ids one lookup names (SQLite allows a few hundred variables at least).
_LOOKUP_CHUNK = 500
#: Keys of ``team_state``.
TEAM_ID, ROLE, WATERMARK, LAST_SYNCED, LAST_ERROR = (
    "team", "role", "watermark", "last_synced", "last_error")


@dataclass(frozen=True)
class Outgoing:
    """A team note changed here: as it is now (None once deleted), with when it
    went into the Trash (for a deleted one) and its place in the team library."""

    entry: TeamEntry
    note: Note | None
    deleted: str = ""


@dataclass(frozen=True)
class Incoming:
    """The server's version of a note, to put here: None deletes the copy (into
    the Trash), as does a note this role may no longer read.  ``keep_ours``
    names why the copy here is kept as a version before it is replaced."""

    note_id: str
    note: Note | None
    author: str
    shared: bool
    revision: int
    keep_ours: str = ""


class TeamCopy:
    """The team's notes in one notes file (``NoteStore.team``)."""

    def __init__(self, store: NoteStore) -> None:
        self._store = store

    def _db(self) -> sqlite3.Connection:
        return self._store._file.conn()

    # -- state

    def state(self, key: str) -> str:
        with self._store._guard:
            row = self._db().execute("SELECT value FROM team_state WHERE key = ?",
                                     (key,)).fetchone()
        return row[0] if row else ""

    def set_state(self, **values: str) -> None:
        with self._store._file.transaction() as db:
            _set_state(db, values)

    # -- entries

    def entries(self, note_ids: Iterable[str] | None = None) -> dict[str, TeamEntry]:
        """note id -> its team entry, for the given notes (or all).  Another member's
        note is never pending here: this desktop does not send it."""
        me = self.state(ROLE)
        query = "SELECT note_id, author, shared, revision, pending FROM team_notes"
        with self._store._guard:
            if note_ids is None:
                rows = self._db().execute(query).fetchall()
            else:  # (every edit asks about its notes: look them up, not all)
                ids, rows = sorted(set(note_ids)), []
                for at in range(0, len(ids), _LOOKUP_CHUNK):
                    chunk = ids[at:at + _LOOKUP_CHUNK]
                    rows += self._db().execute(
                        f"{query} WHERE note_id IN ({', '.join('?' * len(chunk))})",
                        chunk).fetchall()
        return {row[0]: TeamEntry(row[0], row[1], bool(row[2]), row[3],
                                  bool(row[4]) and row[1] in ("", me), row[1] in ("", me))
                for row in rows}

    def article_ids(self) -> set[str]:
        """The articles the team notes here are on."""
        with self._store._guard:
            return {row[0] for row in self._db().execute(
                "SELECT DISTINCT n.article_id FROM notes n JOIN team_notes t ON t.note_id = n.id")}

    def waiting(self) -> int:
        """How many changes made here are not on the server yet."""
        with self._store._guard:
            return self._db().execute(
                "SELECT count(*) FROM team_notes WHERE pending AND author IN ('', ?)",
                (self.state(ROLE),)).fetchone()[0]

    def others(self, note_ids: Iterable[str]) -> dict[str, str]:
        """Of ``note_ids``, the team notes another member wrote: id -> author."""
        return {i: e.author for i, e in self.entries(note_ids).items() if not e.mine}

    def set_shared(self, note_ids: Iterable[str], shared: bool) -> list[str]:
        """Share or keep private this desktop's team notes; the ids that changed."""
        ids = list(note_ids)
        others = self.others(ids)
        if others:
            raise NotesError(_not_yours(others))
        unknown = set(ids) - set(self.entries(ids))
        if unknown:
            raise NotesError("Only notes on team articles can be shared; "
                             f"{len(unknown)} of these are on local articles.")
        changed = []
        with self._store._write() as db:
            for note_id in ids:
                if db.execute("UPDATE team_notes SET shared = ?, pending = 1 "
                              "WHERE note_id = ? AND shared <> ?",
                              (int(shared), note_id, int(shared))).rowcount:
                    changed.append(note_id)
        return changed

    # -- what a sync sends, and what it receives

    def outgoing(self) -> list[Outgoing]:
        """This desktop's team notes changed since they were last sent."""
        with self._store._guard:
            pending = [e for e in self.entries().values() if e.pending]
            trash = {t.note.id: t.trashed for t in self._store.trash()}
            return [Outgoing(e, self._store.find(e.note_id), trash.get(e.note_id, ""))
                    for e in pending]

    def settle(self, sent: Iterable[tuple[Outgoing, int, Note | None]], role: str) -> None:
        """Record what the server now holds of notes sent: each ``(outgoing, its new
        revision, the server's version it replaced, to keep)``.  A note changed
        here again meanwhile stays pending, against the new revision."""
        with self._store._write() as db:
            now = self._store.now()
            for out, revision, replaced in sent:
                if replaced is not None:
                    keep_version(db, replaced, now, "older than this one, in the team library")
                shared = db.execute("SELECT shared FROM team_notes WHERE note_id = ?",
                                    (out.entry.note_id,)).fetchone()
                still = (self._store.find(out.entry.note_id) == out.note
                         and shared is not None and bool(shared[0]) == out.entry.shared)
                db.execute("UPDATE team_notes SET revision = ?, author = ?, pending = ? "
                           "WHERE note_id = ?", (revision, role, int(not still), out.entry.note_id))

    def apply(self, incoming: Iterable[Incoming], state: dict[str, str]
              ) -> tuple[Snapshots, Snapshots, list[ImportConflict]]:
        """Put the server's versions here, with ``state`` (the pull's watermark), in
        one transaction; a copy changed here since is left for the next push.
        Returns the notes before and after, and the conflicts resolved."""
        before: Snapshots = {}
        after: Snapshots = {}
        conflicts: list[ImportConflict] = []
        with self._store._write() as db:
            now = self._store.now()
            entries = self.entries()
            for item in incoming:
                entry = entries.get(item.note_id)
                if entry is not None and entry.pending and not item.keep_ours:
                    continue  # changed here too: the push decides, then pulls again
                ours = self._store.find(item.note_id)
                if item.keep_ours and ours is not None:
                    keep_version(db, ours, now, item.keep_ours)
                    conflicts.append(ImportConflict(item.note_id, "team library", ours.modified,
                                                    item.note.modified if item.note else ""))
                if item.note is None:
                    if ours is not None:
                        to_trash(db, ours, now)
                        db.execute("DELETE FROM notes WHERE id = ?", (item.note_id,))
                elif ours is None:
                    out_of_trash(db, item.note_id)
                    insert_note(db, checked(item.note))
                elif ours != item.note:
                    replace_note(db, checked(item.note))
                db.execute(
                    "INSERT INTO team_notes (note_id, author, shared, revision, pending) "
                    "VALUES (?, ?, ?, ?, 0) ON CONFLICT (note_id) DO UPDATE SET "
                    "author = excluded.author, shared = excluded.shared, "
                    "revision = excluded.revision, pending = 0",
                    (item.note_id, item.author, int(item.shared), item.revision))
                if ours != item.note:
                    before.setdefault(item.note_id, ours)
                    after[item.note_id] = item.note
            _set_state(db, state)
        return before, after, conflicts


def join(db: sqlite3.Connection, note_id: str, shared: bool, author: str) -> None:
    """In the caller's transaction: ``note_id`` is a team note, waiting to be sent."""
    db.execute("INSERT INTO team_notes (note_id, author, shared, revision, pending) "
               "VALUES (?, ?, ?, 0, 1)", (note_id, author, int(shared)))


def _set_state(db: sqlite3.Connection, values: dict[str, str]) -> None:
    for key, value in values.items():
        db.execute("INSERT INTO team_state (key, value) VALUES (?, ?) ON CONFLICT (key) "
                   "DO UPDATE SET value = excluded.value", (key, value))


def _not_yours(others: dict[str, str]) -> str:
    authors = sorted(set(others.values()))
    return (f"{'This note is' if len(others) == 1 else 'These notes are'} "
            f"{', '.join(authors)}'s, shared with the team: only "
            f"{'its author' if len(others) == 1 else 'their authors'} can change or delete "
            f"{'it' if len(others) == 1 else 'them'}.")


def refuse_others(copy: TeamCopy, note_ids: Iterable[str]) -> None:
    """NotesError if any of ``note_ids`` is another member's team note."""
    others = copy.others(note_ids)
    if others:
        raise NotesError(_not_yours(others))
