"""Note search in the article query language."""
from __future__ import annotations

import pytest

from reader.core.model import Note, QueryError
from reader.core.search.notes import NoteSearcher


def test_note_search_with_tags():
    notes = [
        Note(id=f"n{i}", article_id="a", article_path="/a.txt", article_title="T", fingerprint="f",
             exact=exact, prefix="", suffix="", start=0, end=len(exact), tags=tags, body=body)
        for i, (exact, tags, body) in enumerate([
            ("Putin called for a coalition", ["sanctions"], ""),
            ("Putin went on television", ["media"], "Note about **sanctions** policy"),
            ("Kerry came to Moscow", ["sanctions"], ""),
        ])
    ]
    searcher = NoteSearcher()
    hits, total = searcher.search(lambda: notes, 1, "tag:sanctions Putin")
    assert [h.note_id for h in hits] == ["n0"] and total == 1
    hits, total = searcher.search(lambda: notes, 1, "sanctions", limit=2)
    assert total == 3 and len(hits) == 2  # every match counted, the best shown
    with pytest.raises(QueryError):
        searcher.search(lambda: notes, 1, "tag:")


