"""The Trash: deleted notes, kept 30 days, so a deletion can be taken back.

A deleted note leaves the ``notes`` table (so no list, count, search or
export ever sees it) for ``trash``, as a JSON snapshot of the whole note:
restoring it puts back the very note, id, tags, times and all.  Opening the
file empties what has been in the Trash longer than ``KEEP_DAYS``.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

from reader.core.model import Note, TrashedNote

#: How long a deleted note stays in the Trash.
KEEP_DAYS = 30


def to_trash(db: sqlite3.Connection, note: Note, when: str) -> None:
    """In the caller's transaction: ``note`` into the Trash (it leaves ``notes`` there too)."""
    db.execute("INSERT OR REPLACE INTO trash (id, note, trashed) VALUES (?, ?, ?)",
               (note.id, json.dumps(note.to_dict(), ensure_ascii=False), when))


def out_of_trash(db: sqlite3.Connection, note_id: str) -> None:
    db.execute("DELETE FROM trash WHERE id = ?", (note_id,))


def trashed(db: sqlite3.Connection) -> list[TrashedNote]:
    """What the Trash holds, the most recently deleted first."""
    found = []
    for note_id, data, when in db.execute("SELECT id, note, trashed FROM trash "
                                          "ORDER BY trashed DESC, id"):
        try:
            found.append(TrashedNote(Note.from_dict(json.loads(data)), when))
        except (ValueError, TypeError):
            continue  # a snapshot this version cannot read: left for a newer one
    return found


def purge(db: sqlite3.Connection, now: datetime) -> int:
    """Empty what was deleted more than ``KEEP_DAYS`` ago; how many notes went."""
    # (as ``NotesFile.now`` writes them: UTC, to the second, so text order is time order)
    cutoff = (now.astimezone(timezone.utc) - timedelta(days=KEEP_DAYS)).replace(
        microsecond=0).isoformat()
    return db.execute("DELETE FROM trash WHERE trashed < ?", (cutoff,)).rowcount
