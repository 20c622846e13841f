"""Notes as a CSV table, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from reader.core.model import (
    Note,
)

from .common import ArticleMeta, meta_for

CSV_HEADER = (
    "note_id", "article_title", "article_path", "article_id", "start", "end", "quote",
    "note", "tags", "color", "status", "score", "created", "modified",
)


def to_csv(notes: Iterable[Note], articles: Mapping[str, ArticleMeta]) -> str:
    """One row per note, in the given order, RFC 4180 style (``\\r\\n`` rows, no BOM).

    Cells with commas, quotes or newlines are quoted by the ``csv`` module;
    write the result with ``newline=""`` so rows keep their ``\\r\\n``.  Tags
    are joined by ``"; "``.  Cells are written as they are: no spreadsheet
    formula neutralising, which would change the data.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for note in notes:
        meta = meta_for(note, articles)
        writer.writerow([
            note.id, meta.title, meta.path, note.article_id, note.start, note.end,
            note.exact, note.body, "; ".join(note.tags), note.color, note.status,
            note.score, note.created, note.modified,
        ])
    return out.getvalue()
