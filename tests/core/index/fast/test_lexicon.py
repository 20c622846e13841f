"""A segment's words in memory: the same fuzzy expansion as Whoosh's walk over its term index."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from reader.core.index.fast import _FastSegmentWriter, lexicon
from reader.core.index.fast.lexicon import LEXICON_EXT, Lexicons, words_within
from reader.core.index.schema import make_schema

# Words close to one another, Cyrillic and accented ones included.
WORDS = sorted({"kremlin", "kreml", "kremlins", "kremlyn", "krelmin", "gremlin", "berlin",
                "state", "states", "stated", "estate", "statue", "coalition", "coalitions",
                "кремль", "кремля", "кремлём", "moscow", "moskva", "café", "cafe", "caf"})


def _index(folder: Path, bodies: list[str], fast: bool = True):
    folder.mkdir()
    ix = FileStorage(str(folder), supports_mmap=False).create_index(make_schema())
    writer = _FastSegmentWriter(ix) if fast else ix.writer()
    for i, body in enumerate(bodies):
        writer.add_document(id=f"d{i}", path=f"/d{i}.txt", title=f"Report {i}", body=body,
                            text=body)
    writer.commit()
    return ix


@pytest.fixture
def ix(tmp_path):
    rng = random.Random(5)
    bodies = [" ".join(rng.choices(WORDS, k=8)) for _ in range(40)] + [" ".join(WORDS)]
    ix = _index(tmp_path / "ix", bodies)
    yield ix
    ix.close()


@pytest.mark.parametrize("text, maxdist, prefix", [
    ("kremlin", 1, 0), ("krelmin", 2, 0), ("kremlin", 2, 1), ("stat", 1, 0), ("state", 2, 0),
    ("кремль", 1, 0), ("cafe", 1, 0), ("zzzzzz", 2, 0), ("a", 1, 0), ("coalitio", 2, 0)])
def test_the_same_words_as_whooshs_walk_over_the_term_index(ix, text, maxdist, prefix):
    with ix.searcher() as searcher:
        [reader] = [sub.reader() for sub, _offset in searcher.leaf_searchers()]
        words = Lexicons().words(reader, "body")
        assert words == sorted(reader.field_terms("body"))  # every word, in order
        assert words_within(words, text, maxdist, prefix) == list(
            reader.terms_within("body", text, maxdist, prefix))


def test_each_text_field_has_its_words_and_other_fields_none(ix):
    with ix.searcher() as searcher:
        reader = searcher.reader()
        kept = Lexicons()
        assert kept.words(reader, "title") == sorted(reader.field_terms("title"))
        assert kept.words(reader, "id") is None  # not a text field: Whoosh's own walk


def test_a_segment_is_read_once_then_kept(ix, monkeypatch):
    reads = []
    real = lexicon._read
    monkeypatch.setattr(lexicon, "_read", lambda *a: reads.append(1) or real(*a))
    kept = Lexicons()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        first = kept.words(reader, "body")
        assert kept.words(reader, "body") is first and kept.words(reader, "title")
    with ix.searcher() as searcher:  # another searcher of the same segment
        assert kept.words(searcher.reader(), "body") is first
    assert len(reads) == 1


def test_a_segment_without_the_file_is_left_to_whoosh(tmp_path):
    """An index written before the file existed (here: by Whoosh's own writer)."""
    ix = _index(tmp_path / "old", ["kremlin state", "krelmin"], fast=False)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert not any(name.endswith(LEXICON_EXT) for name in ix.storage.list())
        assert Lexicons().words(reader, "body") is None
    ix.close()


def test_the_file_goes_into_a_compound_segment(tmp_path):
    ix = _index(tmp_path / "ix", ["kremlin state"])
    [segment] = ix._segments()
    assert segment.is_compound() and not any(n.endswith(LEXICON_EXT) for n in ix.storage.list())
    with ix.searcher() as searcher:
        assert Lexicons().words(searcher.reader(), "body") == ["kremlin", "state"]
    ix.close()


def test_words_with_a_separator_leave_their_field_out():
    data = lexicon.lexicon_bytes({"body": [b"bad\x00word", b"good"], "title": [b"fine"]})
    assert lexicon._parsed(data) == {"title": ["fine"]}
