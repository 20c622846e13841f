"""Re-anchoring notes: what changes for each note after its article's text changed.

Pure: it reads notes and index records and returns the updates; the library
writes them (and rebases the undo history on them).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from reader.core.model import ORPHANED, FileRecord, Note, reanchored, stored

from .anchor import anchor
from .selectors import Selectors

#: (note id, the fields that change) for each note whose anchor changed.
Updates = list[tuple[str, dict[str, object]]]


def selectors_of(note: Note) -> Selectors:
    """The W3C selectors a note stored for its passage."""
    return Selectors(note.exact, note.prefix, note.suffix, note.start, note.end)


def reanchor_updates(notes: Iterable[Note], records: Mapping[str, FileRecord],
                     article_text: Callable[[str], str], *,
                     orphan: bool, when: str) -> tuple[Updates, Counter]:
    """The updates that put each of ``notes`` on its article's current text.

    A note whose text fingerprint is its article's is left alone (the text
    is the one it was made on).  ``orphan``: a note whose article is not in
    ``records`` becomes an orphan, keeping its quote and body to be
    re-attached, and forgets its text's fingerprint, so that it is anchored
    again when the article is back.  ``article_text(article_id)`` loads a text only when a
    note needs it.  A note put at another place keeps the place it leaves
    in its ``anchor_history``, stamped ``when``.  Also returns how many
    notes ended in each status.
    """
    updates: Updates = []
    counts: Counter = Counter()
    for note in notes:
        record = records.get(note.article_id)
        if record is None:
            if orphan and (note.status != ORPHANED or note.fingerprint):
                # No fingerprint: when the article comes back (a drive mounted
                # again, a folder added back), its text is compared afresh.
                updates.append((note.id, {"status": ORPHANED, "score": 0.0, "fingerprint": ""}))
                counts[ORPHANED] += note.status != ORPHANED
            continue
        if note.fingerprint == record.fingerprint:
            continue
        found = anchor(article_text(record.article_id), selectors_of(note))
        update: dict[str, object] = {
            "status": found.status, "score": found.score, "fingerprint": record.fingerprint,
            "article_path": stored(record.path), "article_title": record.title}
        if found.start is not None and (found.start, found.end) != (note.start, note.end):
            update.update(start=found.start, end=found.end,
                          anchor_history=note.anchor_moved(reanchored(found.status), when))
        updates.append((note.id, update))
        counts[found.status] += 1
    return updates, counts
