"""A note's versions that an import did not keep.

Importing a note that differs from the one here keeps the newer edit (by
``modified``) in ``notes`` and the other here, in ``note_versions``, as a
JSON snapshot of the whole note with when and why: an older export brought
back never overwrites newer work, and a newer one never erases what was
here without a trace.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from datetime import datetime, timezone

from reader.core.model import KeptVersion, Note

log = logging.getLogger("reader.notes")


def keep_version(db: sqlite3.Connection, note: Note, when: str, reason: str) -> None:
    """In the caller's transaction: ``note`` kept as a version of itself."""
    db.execute("INSERT INTO note_versions (note_id, saved, reason, note) VALUES (?, ?, ?, ?)",
               (note.id, when, reason, json.dumps(note.to_dict(), ensure_ascii=False)))


def kept_versions(db: sqlite3.Connection, note_id: str) -> list[KeptVersion]:
    """The versions kept of a note, the latest first."""
    found = []
    for data, saved, reason in db.execute(
            "SELECT note, saved, reason FROM note_versions WHERE note_id = ? "
            "ORDER BY saved DESC, rowid DESC", (note_id,)):
        try:
            found.append(KeptVersion(Note.from_dict(json.loads(data)), saved, reason))
        except (ValueError, TypeError) as exc:  # a snapshot a newer Reader wrote
            log.warning("a kept version of note %s cannot be read: %s", note_id, exc)
    return found


def version_counts(db: sqlite3.Connection) -> dict[str, int]:
    """note id -> how many of its versions are kept (notes with none are absent)."""
    return dict(db.execute("SELECT note_id, count(*) FROM note_versions GROUP BY note_id"))


def newer(one: str, other: str) -> bool:
    """Whether the time ``one`` is later than ``other`` (ISO 8601, any offset; an
    unreadable time is the earliest)."""
    return _moment(one) > _moment(other)


def _moment(iso: str) -> datetime:
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
