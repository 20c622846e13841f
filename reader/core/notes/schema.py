"""The layout of the notes file: its tables, its versions, and what a valid row is.

The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS`` upgrades
older files step by step (``file.py`` runs them in one transaction), and a
file written by a newer Reader is refused without being touched.  Validation
lives here, in Python, rather than in CHECK constraints: a constraint an old
row violates would make a migration impossible.
"""
from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime

from reader.core.model import (COLORS, STATUSES, EarlierAnchor, Note, NotesError, normalise_tags,
                               tag_key)

SCHEMA_VERSION = 7

# --- tables and migrations ---------------------------------------------------

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
V1_KEPT_COLUMNS = (
    "id", "article_id", "article_path", "article_title", "fingerprint", "exact",
    "prefix", "suffix", "start", "end", "color", "body", "created", "modified", "status",
)
# The current ``notes`` columns: every Note field but ``tags`` and ``anchor_history``.
COLUMNS = (*V1_KEPT_COLUMNS, "score")
# The ``anchor_history`` columns of an ``EarlierAnchor``'s fields, in their order.
HISTORY_COLUMNS = ("changed", "reason", "article_id", "article_title", "exact", "prefix",
                   "suffix", "start", "end")


def quoted(columns: Iterable[str]) -> str:
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
    kept = quoted(V1_KEPT_COLUMNS)
    db.execute(_V2_NOTES_TABLE.format(name="notes_v2"))
    db.execute(f"INSERT INTO notes_v2 ({kept}) SELECT {kept} FROM notes")
    db.execute("DROP TABLE notes")
    db.execute("ALTER TABLE notes_v2 RENAME TO notes")
    for statement in _V2_AFTER_RENAME:
        db.execute(statement)
    for note_id, tags in old_tags:
        write_tags(db, note_id, normalise_tags(tags.split(",")))


def _v2_to_v3(db: sqlite3.Connection) -> None:
    """Add ``drafts``: notes being written, kept while the editor is open (notes/drafts.py)."""
    db.execute("""CREATE TABLE drafts (
        key TEXT PRIMARY KEY NOT NULL,
        note_id TEXT NOT NULL DEFAULT '',
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        quote TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        color TEXT NOT NULL DEFAULT 'yellow',
        saved TEXT NOT NULL
    )""")


def _v3_to_v4(db: sqlite3.Connection) -> None:
    """Add ``trash``: deleted notes, a JSON snapshot each, kept 30 days (notes/trash.py)."""
    db.execute("CREATE TABLE trash (id TEXT PRIMARY KEY NOT NULL, note TEXT NOT NULL,"
               " trashed TEXT NOT NULL)")


def _v4_to_v5(db: sqlite3.Connection) -> None:
    """Add ``anchor_history``: the anchors a re-attach or a re-anchoring replaced.

    One row per earlier anchor of a note, in order (``position``); they go
    with their note (``ON DELETE CASCADE``; the Trash keeps them in its
    snapshot).  Existing notes start with none: what was replaced before
    this version is gone.
    """
    db.execute("""CREATE TABLE anchor_history (
        note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        changed TEXT NOT NULL,
        reason TEXT NOT NULL,
        article_id TEXT NOT NULL,
        article_title TEXT NOT NULL DEFAULT '',
        exact TEXT NOT NULL DEFAULT '',
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (note_id, position)
    )""")


def _v5_to_v6(db: sqlite3.Connection) -> None:
    """Add ``note_versions``: a note's versions an import did not keep (notes/versions.py).

    When an import brings a note that differs from the one here, the newer
    edit wins and the other is kept here, a JSON snapshot of the whole note,
    with when and why: an import never overwrites work without a trace.
    """
    db.execute("CREATE TABLE note_versions (note_id TEXT NOT NULL, saved TEXT NOT NULL,"
               " reason TEXT NOT NULL, note TEXT NOT NULL)")
    db.execute("CREATE INDEX note_versions_by_note ON note_versions(note_id)")


def _v6_to_v7(db: sqlite3.Connection) -> None:
    """Add the local copy's bookkeeping of the team library's notes (notes/team.py).

    ``team_notes``: which notes belong to the team library, their author and
    whether they are shared, the server's revision this copy last agreed
    with, and whether the copy changed here since (``pending``).  Triggers
    set ``pending`` on every write to such a note, whatever wrote it (an
    edit, an undo, a restore from the Trash, another process), in the very
    transaction of the write: a change can never be forgotten by a sync.
    ``team_state``: the team's identity, this desktop's role on it and how
    far it has pulled.
    """
    db.execute("""CREATE TABLE team_notes (
        note_id TEXT PRIMARY KEY NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        shared INTEGER NOT NULL DEFAULT 0,
        revision INTEGER NOT NULL DEFAULT 0,
        pending INTEGER NOT NULL DEFAULT 1
    )""")
    db.execute("CREATE TABLE team_state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        db.execute(f"CREATE TRIGGER team_note_{event.lower()} AFTER {event} ON notes BEGIN "
                   f"UPDATE team_notes SET pending = 1 WHERE note_id = {row}.id; END")


# The tables a file of each version has: one without them is damaged, not new.
_ADDED_TABLES = ({"notes"}, {"note_tags"}, {"drafts"}, {"trash"}, {"anchor_history"},
                 {"note_versions"}, {"team_notes", "team_state"})
TABLES: dict[int, frozenset[str]] = {
    version: frozenset().union(*_ADDED_TABLES[:version]) for version in range(1, SCHEMA_VERSION + 1)}

# MIGRATIONS[i] upgrades a file from version i to version i + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_v1, _v1_to_v2, _v2_to_v3, _v3_to_v4, _v4_to_v5, _v5_to_v6, _v6_to_v7)


# --- valid notes and their rows ------------------------------------------------

# Every ``notes`` column holds text except these.
_NUMBER_FIELDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "start": (int, "a whole number"),
    "end": (int, "a whole number"),
    "score": ((int, float), "a number"),
}


def _validate(note: Note) -> None:
    """Raise NotesError, in words the user understands, if ``note`` cannot be stored."""
    _check_types("A note's", ((name, getattr(note, name)) for name in COLUMNS))
    if not note.id or not note.article_id:
        raise NotesError("A note needs an id and the id of its article.")
    if note.color not in COLORS:
        raise NotesError(f"Unknown colour {note.color!r}: use one of {', '.join(COLORS)}.")
    if note.status not in STATUSES:
        raise NotesError(f"Unknown status {note.status!r}: use one of {', '.join(STATUSES)}.")
    _check_passage("A note's", note.start, note.end)
    if not 0.0 <= note.score <= 1.0:
        raise NotesError(f"A note's score must be between 0 and 1, not {note.score!r}.")
    if isinstance(note.tags, str) or not all(isinstance(t, str) for t in note.tags):
        raise NotesError(f"A note's tags must be a list of words, not {note.tags!r}.")
    for name in ("created", "modified"):
        _check_timestamp(f"A note's {name} time", getattr(note, name))
    for earlier in note.anchor_history:
        if not isinstance(earlier, EarlierAnchor):
            raise NotesError(f"A note's earlier anchors must be EarlierAnchor values, not {earlier!r}.")
        _check_types("An earlier anchor's", dataclasses.asdict(earlier).items())
        _check_passage("An earlier anchor's", earlier.start, earlier.end)
        _check_timestamp("An earlier anchor's time", earlier.when)


def _check_types(whose: str, values: Iterable[tuple[str, object]]) -> None:
    for name, value in values:
        expected, kind = _NUMBER_FIELDS.get(name, (str, "text"))
        if not isinstance(value, expected) or isinstance(value, bool):
            raise NotesError(f"{whose} {name} must be {kind}, not {value!r}.")


def _check_passage(whose: str, start: int, end: int) -> None:
    if not 0 <= start <= end:
        raise NotesError(f"{whose} passage must have 0 <= start <= end, not start={start}, end={end}.")


def _check_timestamp(what: str, value: str) -> None:
    try:
        aware = datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        aware = False
    if not aware:
        raise NotesError(
            f"{what} must be ISO 8601 with a time zone, "
            f"e.g. 2026-11-21T01:22:39+00:00, not {value!r}."
        )


def checked(note: Note) -> Note:
    """A validated copy of ``note`` in stored form (normalised tags, float score)."""
    _validate(note)
    return dataclasses.replace(note, tags=normalise_tags(note.tags), score=float(note.score),
                               anchor_history=tuple(note.anchor_history))


def note_from_row(row: sqlite3.Row, tags: list[str],
                  history: tuple[EarlierAnchor, ...] = ()) -> Note:
    """The note a ``notes`` row, its tags and its earlier anchors (in order) describe."""
    return Note(**{name: row[name] for name in COLUMNS}, tags=tags, anchor_history=history)


def earlier_from_row(row: Iterable) -> EarlierAnchor:
    """An ``anchor_history`` row (``HISTORY_COLUMNS``, in order) as an ``EarlierAnchor``."""
    return EarlierAnchor(*row)


def insert_note(db: sqlite3.Connection, note: Note) -> None:
    """Write a new, already checked note as it is: every field verbatim."""
    placeholders = ", ".join("?" for _ in COLUMNS)
    db.execute(
        f"INSERT INTO notes ({quoted(COLUMNS)}) VALUES ({placeholders})",
        [getattr(note, name) for name in COLUMNS],
    )
    write_tags(db, note.id, note.tags)
    write_history(db, note.id, note.anchor_history)


def replace_note(db: sqlite3.Connection, note: Note) -> None:
    """Overwrite a stored note with an already checked one, every field verbatim."""
    assignments = ", ".join(f'"{name}" = ?' for name in COLUMNS)
    db.execute(
        f"UPDATE notes SET {assignments} WHERE id = ?",
        [*(getattr(note, name) for name in COLUMNS), note.id],
    )
    db.execute("DELETE FROM note_tags WHERE note_id = ?", (note.id,))
    write_tags(db, note.id, note.tags)
    db.execute("DELETE FROM anchor_history WHERE note_id = ?", (note.id,))
    write_history(db, note.id, note.anchor_history)


def write_tags(db: sqlite3.Connection, note_id: str, tags: list[str]) -> None:
    """One row per tag, in order, with its casefolded key for lookups."""
    db.executemany(
        "INSERT INTO note_tags (note_id, position, tag, key) VALUES (?, ?, ?, ?)",
        [(note_id, position, tag, tag_key(tag)) for position, tag in enumerate(tags)],
    )


def write_history(db: sqlite3.Connection, note_id: str,
                  history: Iterable[EarlierAnchor]) -> None:
    """One ``anchor_history`` row per earlier anchor, in order."""
    db.executemany(
        f"INSERT INTO anchor_history (note_id, position, {quoted(HISTORY_COLUMNS)}) "
        f"VALUES (?, ?, {', '.join('?' for _ in HISTORY_COLUMNS)})",
        [(note_id, position, *dataclasses.astuple(earlier))
         for position, earlier in enumerate(history)],
    )
