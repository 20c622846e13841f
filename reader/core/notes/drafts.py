"""Drafts: the notes being written, kept in the notes file until saved or discarded.

The note editor keeps its draft here a moment after each change, so a crash,
a kill or a power cut in the middle of a long note loses at most that
moment; the next start offers the draft back.  A draft is not a note: it is
in no list, count, search or export, and saving the note (or discarding the
draft) removes it.
"""
from __future__ import annotations

import json

from reader.core.model import Draft

from .file import NotesFile

_COLUMNS = ("key", "note_id", "article_id", "start", "end", "quote", "body", "tags", "color",
            "saved")


def save_draft(file: NotesFile, draft: Draft) -> None:
    """Keep ``draft`` (replacing the earlier one of the same note), stamped now."""
    row = (draft.key, draft.note_id, draft.article_id, draft.start, draft.end, draft.quote,
           draft.body, json.dumps(list(draft.tags), ensure_ascii=False), draft.color, file.now())
    with file.transaction() as db:
        db.execute(f"INSERT OR REPLACE INTO drafts ({', '.join(map(_quoted, _COLUMNS))})"
                   f" VALUES ({', '.join('?' * len(_COLUMNS))})", row)


def load_drafts(file: NotesFile) -> list[Draft]:
    """Every kept draft, the oldest first."""
    with file.guard:
        rows = file.conn().execute(
            f"SELECT {', '.join(map(_quoted, _COLUMNS))} FROM drafts ORDER BY saved").fetchall()
    drafts = []
    for row in rows:
        try:
            tags = tuple(str(t) for t in json.loads(row["tags"]))
        except (ValueError, TypeError):
            tags = ()
        drafts.append(Draft(row["key"], row["article_id"], row["start"], row["end"], row["quote"],
                            row["body"], tags, row["color"], row["note_id"], row["saved"]))
    return drafts


def drop_draft(file: NotesFile, key: str) -> None:
    with file.transaction() as db:
        db.execute("DELETE FROM drafts WHERE key = ?", (key,))


def _quoted(column: str) -> str:
    return f'"{column}"'
