"""Note search: notes found with the article query language."""
from __future__ import annotations

import html
import threading
from collections.abc import Callable, Sequence

from whoosh import fields as wfields
from whoosh import query
from whoosh.filedb.filestore import RamStorage

from reader.core.index import make_analyzer
from reader.core.model import Note, NoteHit

from .query import NOTE_FIELDS, parse_query


def _notes_schema() -> wfields.Schema:
    text = make_analyzer()
    return wfields.Schema(
        id=wfields.ID(stored=True, unique=True),
        quote=wfields.TEXT(analyzer=text),
        note=wfields.TEXT(analyzer=text),
        title=wfields.TEXT(analyzer=text),
        tag=wfields.KEYWORD(lowercase=True, commas=True, scorable=True),
        color=wfields.ID(),
        status=wfields.ID(),
    )


class NoteSearcher:
    """Full-text search over notes with the article query language.

    The notes are few (thousands, not millions), so the index is built in
    memory from the store and rebuilt when the store's revision changes.
    """

    def __init__(self) -> None:
        self._ix = None
        self._revision: int | None = None
        # The GUI's search worker and its export dialog may both ask at once:
        # one rebuild or search at a time (they take milliseconds).
        self._lock = threading.Lock()

    def search(self, load_notes: Callable[[], Sequence[Note]], revision: int, text: str,
               limit: int = 50) -> tuple[list[NoteHit], int]:
        """The best ``limit`` hits, and how many notes match in all (for "More").

        ``load_notes`` is called only when ``revision`` says the notes changed."""
        if not text.strip():
            return [], 0
        q = parse_query(text, _notes_schema(), ("quote", "note", "tag"), NOTE_FIELDS)
        with self._lock:
            if self._ix is None or revision != self._revision:
                self._build(load_notes(), revision)
            return self._run(q, limit)

    def _run(self, q: query.Query, limit: int) -> tuple[list[NoteHit], int]:
        by_id = self._notes
        hits = []
        with self._ix.searcher() as searcher:
            found = searcher.search(q, limit=limit)
            total = len(found)  # every match, not only the ``limit`` scored
            for hit in found:
                note = by_id[hit["id"]]
                hits.append(NoteHit(
                    note_id=note.id, article_id=note.article_id,
                    article_title=note.article_title, score=round(float(hit.score or 0), 4),
                    snippet=html.escape(_excerpt(note.exact)),
                ))
        return hits, total

    def _build(self, notes: Sequence[Note], revision: int) -> None:
        ix = RamStorage().create_index(_notes_schema())
        writer = ix.writer()
        for note in notes:
            writer.add_document(
                id=note.id, quote=note.exact, note=note.body, title=note.article_title,
                tag=",".join(note.tags), color=note.color, status=note.status,
            )
        writer.commit()
        self._ix, self._revision = ix, revision
        self._notes = {note.id: note for note in notes}


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
