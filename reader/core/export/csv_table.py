"""Notes as a CSV table, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from reader.core.model import Note

from .common import ArticleMeta, meta_for

CSV_HEADER = (
    "note_id", "article_title", "article_path", "article_id", "start", "end", "quote",
    "note", "tags", "color", "status", "score", "created", "modified",
)


def to_csv(notes: Iterable[Note], articles: Mapping[str, ArticleMeta]) -> str:
    """One row per note, in the given order, RFC 4180 style (``\\r\\n`` rows, no BOM).

    Cells with commas, quotes or newlines are quoted by the ``csv`` module;
    write the result with ``newline=""`` so rows keep their ``\\r\\n``.  Tags
    are joined by ``"; "``.  A text cell a spreadsheet would run as a
    formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return: a quote from a hostile page can) gets a leading ``'``, as OWASP
    advises for CSV injection; the spreadsheet shows it as text.  The
    lossless formats are W3C JSON and Markdown.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for note in notes:
        meta = meta_for(note, articles)
        writer.writerow([
            note.id, _inert(meta.title), _inert(meta.path), note.article_id, note.start, note.end,
            _inert(note.exact), _inert(note.body), _inert("; ".join(note.tags)), note.color,
            note.status, note.score, note.created, note.modified,
        ])
    return out.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """``cell``, with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell
