"""Exact hit offsets: phrases whole, matches far into long articles, one
article's highlights, merged spans; and the property that every span is text
whose analysed form is a query term."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import articles
from reader.core.index import make_analyzer
from reader.core.search.articles import search_articles
from reader.core.search.offsets import article_highlights, merge_spans
from tests.core.search.hits import name as _name
from tests.core.search.hits import texts as _texts


def test_phrase_is_highlighted_whole_across_reflowed_lines(ix):
    results = search_articles(ix, '"anti-Hitler coalition"')
    names = sorted(_name(h) for h in results.hits)
    assert names == ["002_f1679ddc9c757593.txt", "003_fda6f1deab9c57e6.txt"]
    for hit in results.hits:
        assert _texts(ix, hit) == ["anti-Hitler coalition"]
    # "coalition" alone occurs elsewhere but is only part of the phrase here.
    assert all(t == "anti-Hitler coalition" for h in results.hits for t in _texts(ix, h))


def test_hit_beyond_32k_characters(ix):
    hit = search_articles(ix, "quokka").hits[0]
    assert _name(hit) == "long.txt"
    assert hit.highlights[0][0] > 60_000
    assert _texts(ix, hit) == ["quokka"]
    assert "<mark>quokka</mark>" in hit.snippet


def test_article_highlights_for_one_article(ix):
    record = next(r for r in ix.records() if r.path.endswith("002_f1679ddc9c757593.txt"))
    spans = article_highlights(ix, record.article_id, 'Kerry OR "anti-Hitler coalition"')
    text = articles.load_article(Path(record.path)).text
    assert [text[s:e] for s, e in spans] == ["anti-Hitler coalition", "Kerry", "Kerry"]
    assert article_highlights(ix, record.article_id, "Crocus") == []


def test_overlapping_spans_are_merged():
    assert merge_spans([(5, 9), (0, 3), (2, 4)]) == [(0, 4), (5, 9)]


# -- the property: every span is text whose analysed form is a query term --------

ANALYZER = make_analyzer()


def _terms(text: str) -> list[str]:
    return [t.text for t in ANALYZER(text)]


@pytest.fixture(scope="module")
def vocabulary(corpus) -> list[str]:
    words = set()
    for path in sorted(corpus.glob("0*.txt")):
        words.update(w for w in re.findall(r"[A-Za-z]{4,}", path.read_text(encoding="utf-8")))
    return sorted(words)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_span_matches_a_query_term(ix, vocabulary, data):
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3))
    shape = data.draw(st.sampled_from(["or", "and", "phrase", "prefix"]))
    if shape == "or":
        q = " OR ".join(words)
    elif shape == "and":
        q = " ".join(words)
    elif shape == "phrase":
        q = '"' + " ".join(words) + '"'
    else:
        q = words[0][:4] + "*"
    wanted = {t for w in words for t in _terms(w)}
    for hit in search_articles(ix, q, limit=50).hits:
        text = articles.load_article(Path(hit.path)).text
        for s, e in hit.highlights:
            found = _terms(text[s:e])
            assert found, (q, text[s:e])
            if shape == "prefix":
                assert all(t.startswith(_terms(words[0][:4])[0][:3]) for t in found), (q, found)
            else:
                assert set(found) <= wanted, (q, text[s:e], found)
