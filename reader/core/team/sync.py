"""Syncing the notes file's copy of the team's notes with the server, both ways.

A desktop works on its copy (notes/team.py) whether the server is there or
not; ``sync`` then sends what changed here and brings in what changed there.

* **Send.** Each note changed here is written against the server revision
  the copy last agreed with (an optimistic lock): ``UPDATE ... WHERE
  revision = r``.  When the server's row has moved on (the same author
  changed the note on another desktop), the newer edit wins (by the
  note's ``modified``, or the time of a deletion); the other version goes
  into the note's kept versions here.  A server row that already equals
  the copy (a sync killed after the server committed) is simply agreed.
* **Receive.** Rows are pulled by the transaction that last changed them:
  everything since the oldest transaction still running at the last pull
  (``pg_snapshot_xmin``), so a change committed late is never skipped.  A
  row received twice is a no-op.  The notes, their entries and the new
  watermark are written here in one transaction.
* **Deletes** are tombstones on the server (``deleted``) and go to the Trash
  here; a note another member stops sharing leaves this desktop's copy
  (into the Trash) too.

Row-level security decides what this role may read and write; the desktop
never sends another member's note.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from ..model import Changes, Note, SyncReport, TeamError, UndoStatus
from ..notes.team import (LAST_ERROR, LAST_SYNCED, ROLE, TEAM_ID, WATERMARK, Incoming, Outgoing,
                          TeamCopy)
from ..notes.versions import newer
from .migrations import SCHEMA, current_version

log = logging.getLogger("reader.team")

#: The first schema step that has what sync needs (migrations.py).
_SYNC_STEP = 3
_NOTE_FIELDS = ("article_id", "shared", "quote", "prefix", "suffix", "start_offset", "end_offset",
                "body", "tags", "color", "created", "modified", "note")
_INSERT = (f"INSERT INTO {SCHEMA}.notes (id, {', '.join(_NOTE_FIELDS)}) "
           f"VALUES (%s, {', '.join(['%s'] * len(_NOTE_FIELDS))}) "
           "ON CONFLICT (id) DO NOTHING RETURNING revision")
_UPDATE = (f"UPDATE {SCHEMA}.notes SET {', '.join(f'{c} = %s' for c in _NOTE_FIELDS)}, "
           "deleted = NULL WHERE id = %s AND revision = %s RETURNING revision")
_DELETE = (f"UPDATE {SCHEMA}.notes SET deleted = %s WHERE id = %s AND revision = %s "
           "RETURNING revision")
_ROW = f"SELECT id, author, shared, revision, deleted, note, {', '.join(_NOTE_FIELDS[:-1])} " \
       f"FROM {SCHEMA}.notes"
_KEEP_THEIRS = "older than this one, in the team library"
_KEEP_OURS = "replaced by a newer one from the team library"


def sync(conn: psycopg.Connection, copy: TeamCopy) -> SyncReport:
    """Send this desktop's changes, then receive the team's; TeamError if the
    server is not this copy's team library or cannot take the notes."""
    role = _identify(conn, copy)
    sent, received = _send(conn, copy, role)
    before, after, conflicts, removed = _receive(conn, copy, received)
    changes = Changes.between(before, after, undo=UndoStatus())
    return SyncReport(sent=len(sent), received=len(after) - removed, removed=removed,
                      conflicts=tuple(conflicts), changes=changes)


def _identify(conn: psycopg.Connection, copy: TeamCopy) -> str:
    """This role's name, once the server is known to be this copy's team library."""
    if current_version(conn) < _SYNC_STEP:
        raise TeamError("The team library's schema is older than this Reader's notes need: "
                        "ask the team's admin to run 'reader-cli team init' once.")
    team_id, role = conn.execute(f"SELECT id::text, current_user FROM {SCHEMA}.team").fetchone()
    known_team, known_role = copy.state(TEAM_ID), copy.state(ROLE)
    if known_team and known_team != team_id:
        raise TeamError("This notes file holds the notes of another team library: sync it "
                        "with that one, or use another Reader home for this team.")
    if known_role and known_role != role:
        raise TeamError(f"These team notes were written as '{known_role}', and this connection "
                        f"is '{role}': connect as '{known_role}' to sync them.")
    if not known_team:
        copy.set_state(**{TEAM_ID: team_id, ROLE: role})
    return role


def _send(conn: psycopg.Connection, copy: TeamCopy, role: str
          ) -> tuple[list[str], list[Incoming]]:
    """Send what changed here; the ids sent, and the server's versions that won."""
    settled: list[tuple[Outgoing, int, Note | None]] = []
    theirs_won: list[Incoming] = []
    outgoing = copy.outgoing()
    if not outgoing:
        return [], []
    with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        for out in outgoing:
            revision = _write(cur, out, out.entry.revision)
            if revision is not None:
                settled.append((out, revision, None))
                continue
            cur.execute(f"{_ROW} WHERE id = %s FOR UPDATE", (out.entry.note_id,))
            row = cur.fetchone()
            if row is None:  # gone from the server (or never there): send it afresh
                revision = 0 if out.note is None else _write(cur, out, 0)
                if revision is None:  # the id is a row this role may not read
                    log.warning("team note %s cannot be sent: its id is taken on the server",
                                out.entry.note_id)
                else:
                    settled.append((out, revision, None))
                continue
            theirs = _server_note(row)
            if _same(out, theirs, row):
                settled.append((out, row["revision"], None))
            elif newer(_when(out.note, out.deleted), _when(theirs, row["deleted"])):
                settled.append((out, _write(cur, out, row["revision"]), theirs))
            else:
                theirs_won.append(Incoming(out.entry.note_id, None if row["deleted"] else theirs,
                                           row["author"], row["shared"], row["revision"],
                                           keep_ours=_KEEP_OURS))
    copy.settle(settled, role)
    return [out.entry.note_id for out, _revision, _replaced in settled], theirs_won


def _write(cur: psycopg.Cursor, out: Outgoing, revision: int) -> int | None:
    """Write ``out`` over server revision ``revision``: the new revision, or None
    if the server's row is not at that revision."""
    note_id = out.entry.note_id
    if out.note is None:
        if revision == 0:
            return 0  # deleted before it was ever sent: the server never had it
        cur.execute(_DELETE, (out.deleted or _now(), note_id, revision))
    elif revision == 0:
        cur.execute(_INSERT, (note_id, *_values(out)))
    else:
        cur.execute(_UPDATE, (*_values(out), note_id, revision))
    row = cur.fetchone()
    return None if row is None else row["revision"]


def _values(out: Outgoing) -> tuple:
    note = out.note
    assert note is not None
    return (note.article_id, out.entry.shared, note.exact, note.prefix, note.suffix, note.start,
            note.end, note.body, list(note.tags), note.color, note.created, note.modified,
            Jsonb(note.to_dict()))


def _receive(conn: psycopg.Connection, copy: TeamCopy, theirs_won: list[Incoming]
             ) -> tuple[dict, dict, list, int]:
    """Bring in what changed on the server since the last pull, and apply it here."""
    (horizon,) = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
    since = copy.state(WATERMARK)
    with conn.cursor(row_factory=dict_row) as cur:
        if since:
            cur.execute(f"{_ROW} WHERE changed_xid >= %s::xid8 ORDER BY changed_xid", (since,))
        else:
            cur.execute(f"{_ROW} ORDER BY changed_xid")
        rows = cur.fetchall()
    entries = copy.entries()
    others = [e.note_id for e in entries.values() if not e.mine]
    visible = {row[0] for row in conn.execute(
        f"SELECT id FROM {SCHEMA}.notes WHERE id = ANY(%s)", (others,))} if others else set()
    forced = {item.note_id for item in theirs_won}
    incoming = list(theirs_won)
    for row in rows:
        known = entries.get(row["id"])
        if row["id"] in forced or (known is not None and known.revision == row["revision"]):
            continue
        if row["deleted"] and known is None:  # deleted before this desktop ever had it
            continue
        incoming.append(Incoming(row["id"], None if row["deleted"] else _server_note(row),
                                 row["author"], row["shared"], row["revision"]))
    for entry in entries.values():  # another member's note this role may no longer read
        if not entry.mine and entry.note_id not in visible:
            incoming.append(Incoming(entry.note_id, None, entry.author, False, entry.revision))
    before, after, conflicts = copy.apply(incoming, {WATERMARK: horizon, LAST_SYNCED: _now(),
                                                     LAST_ERROR: ""})
    removed = sum(1 for note_id, note in after.items() if note is None and before.get(note_id))
    return before, after, conflicts, removed


def _server_note(row: dict) -> Note:
    """The note a server row holds: as Reader wrote it, or (a row another client
    wrote) made from its columns."""
    if row["note"]:
        return Note.from_dict(row["note"])
    return Note(id=row["id"], article_id=row["article_id"], article_path="", article_title="",
                fingerprint="", exact=row["quote"], prefix=row["prefix"], suffix=row["suffix"],
                start=row["start_offset"], end=row["end_offset"], color=row["color"] or "yellow",
                tags=list(row["tags"]), body=row["body"], created=_iso(row["created"]),
                modified=_iso(row["modified"]))


def _same(out: Outgoing, theirs: Note, row: dict) -> bool:
    """Whether the server already holds exactly what is being sent."""
    if out.note is None:
        return row["deleted"] is not None
    return row["deleted"] is None and theirs == out.note and row["shared"] == out.entry.shared


def _when(note: Note | None, deleted: str | datetime | None) -> str:
    """When a version came to be: its deletion, or its last edit."""
    if deleted:
        return deleted if isinstance(deleted, str) else _iso(deleted)
    return note.modified if note is not None else ""


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _now() -> str:
    return _iso(datetime.now(timezone.utc))
