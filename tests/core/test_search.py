"""Queries on the seed articles: ranking, offsets, snippets, facets, errors."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import articles
from reader.core.index import make_analyzer
from reader.core.model import Note, QueryError
from reader.core.search import (NoteSearcher, article_highlights, merge_spans,
                                render_snippet, search_articles)
from tests.core.search_corpus import write_search_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = write_search_corpus(tmp_path_factory.mktemp("corpus"))
    # One long article: the only match sits far beyond Whoosh's 32K fragment limit.
    filler = " ".join(["The committee discussed routine matters at length."] * 1500)
    (folder / "long.txt").write_text(
        f"A very long report\n\n{filler}\n\nFinally the quokka appeared.\n", encoding="utf-8")
    return folder


def _name(hit) -> str:
    return Path(hit.path).name


def _texts(ix, hit) -> list[str]:
    text = articles.load_article(Path(hit.path)).text
    return [text[s:e] for s, e in hit.highlights]


def test_single_word(ix):
    results = search_articles(ix, "Kerry")
    assert [_name(h) for h in results.hits] == ["002_f1679ddc9c757593.txt"]
    hit = results.hits[0]
    assert _texts(ix, hit) == ["Kerry", "Kerry"]
    assert "<mark>Kerry</mark>" in hit.snippet
    assert hit.title == "How Terror Attacks Gift Russia Foreign Policy Opportunity"


def test_phrase_is_highlighted_whole_across_reflowed_lines(ix):
    results = search_articles(ix, '"anti-Hitler coalition"')
    names = sorted(_name(h) for h in results.hits)
    assert names == ["002_f1679ddc9c757593.txt", "003_fda6f1deab9c57e6.txt"]
    for hit in results.hits:
        assert _texts(ix, hit) == ["anti-Hitler coalition"]
    # "coalition" alone occurs elsewhere but is only part of the phrase here.
    assert all(t == "anti-Hitler coalition" for h in results.hits for t in _texts(ix, h))


def test_stemming_and_accent_folding(ix):
    hit = search_articles(ix, "Crocus").hits[0]
    assert _name(hit) == "001_80c24120098c9853.txt"
    attack = search_articles(ix, "attack", limit=50)
    forms = {t.lower() for h in attack.hits for t in _texts(ix, h)}
    assert {"attack", "attacks"} <= forms
    polish = search_articles(ix, "Wladimir Walesa")
    assert [_name(h) for h in polish.hits] == ["polish.md"]
    assert set(_texts(ix, polish.hits[0])) == {"Władimir", "Wałęsa"}
    cafe = search_articles(ix, "cafe")
    assert _name(cafe.hits[0]) == "polish.md" and "café" in _texts(ix, cafe.hits[0])


def test_hit_beyond_32k_characters(ix):
    hit = search_articles(ix, "quokka").hits[0]
    assert _name(hit) == "long.txt"
    assert hit.highlights[0][0] > 60_000
    assert _texts(ix, hit) == ["quokka"]
    assert "<mark>quokka</mark>" in hit.snippet


def test_boolean_operators(ix):
    both = {_name(h) for h in search_articles(ix, "Putin AND Kerry").hits}
    assert both == {"002_f1679ddc9c757593.txt"}
    without = {_name(h) for h in search_articles(ix, "Putin NOT Kerry", limit=50).hits}
    minus = {_name(h) for h in search_articles(ix, "Putin -Kerry", limit=50).hits}
    assert without == minus and "002_f1679ddc9c757593.txt" not in without and without
    either = {_name(h) for h in search_articles(ix, "Kerry OR Crocus").hits}
    assert either == {"002_f1679ddc9c757593.txt", "001_80c24120098c9853.txt"}


def test_fields_wildcards_fuzzy(ix):
    title = search_articles(ix, "title:caliphate")
    assert [_name(h) for h in title.hits] == ["000_bd4b439d0d512623.txt"]
    hit = title.hits[0]
    text = articles.load_article(Path(hit.path)).text
    assert [text[s:e] for s, e in hit.highlights] == ["Caliphate"]
    assert hit.highlights[0][1] <= len(hit.title) + text.index(hit.title)
    source = search_articles(ix, 'source:"Russia Insider"')
    assert [_name(h) for h in source.hits] == ["003_fda6f1deab9c57e6.txt"]
    wild = search_articles(ix, "counterterror*")
    assert "002_f1679ddc9c757593.txt" in {_name(h) for h in wild.hits}
    assert all(t.lower().startswith("counterterror") for h in wild.hits for t in _texts(ix, h))
    fuzzy = search_articles(ix, "Kery~")  # one edit from the stem of "Kerry"
    kerry = next(h for h in fuzzy.hits if _name(h) == "002_f1679ddc9c757593.txt")
    assert "Kerry" in _texts(ix, kerry)


def test_dates_sorting_paging_facets(ix):
    dated = search_articles(ix, "date:2016")
    assert [_name(h) for h in dated.hits] == ["000_bd4b439d0d512623.txt"]
    assert search_articles(ix, "date:[2015 to 2017]").total == 1
    assert search_articles(ix, "date:2014").total == 0
    everything = search_articles(ix, "Russia", limit=50)
    assert everything.facets["year"] == {"2016": 1}
    assert everything.facets["source"] == {"Russia Insider": 1}
    by_date = search_articles(ix, "Russia", limit=50, sort="date")
    assert _name(by_date.hits[0]) == "000_bd4b439d0d512623.txt"
    page1 = search_articles(ix, "Russia", limit=2, page=1)
    page2 = search_articles(ix, "Russia", limit=2, page=2)
    assert page1.total == page2.total == everything.total >= 4
    assert not {h.id for h in page1.hits} & {h.id for h in page2.hits}
    filtered = search_articles(ix, "Russia", limit=50, sources=["Russia Insider"])
    assert [_name(h) for h in filtered.hits] == ["003_fda6f1deab9c57e6.txt"]
    assert search_articles(ix, "Russia", limit=50, years=[2016]).total == 1


def test_did_you_mean(ix):
    results = search_articles(ix, "terorism")
    assert results.total == 0
    assert results.suggestion == "terrorism"
    assert search_articles(ix, "terrorism").suggestion is None


@pytest.mark.parametrize("bad, words", [
    ('"anti-Hitler coalition', "closing quote"),
    ("(Putin AND Kerry", "brackets"),
    ("colour:red", "Unknown field"),
    ("Putin AND", "needs a word"),
    ("OR Putin", "needs a word"),
    ("Putin AND OR Kerry", "two operators"),
    ("date:[soon to later]", "date"),
    ("title: Putin", "needs a value"),
])
def test_malformed_queries_are_explained(ix, bad, words):
    with pytest.raises(QueryError, match=words) as info:
        search_articles(ix, bad)
    assert "\n" not in str(info.value) and len(str(info.value)) < 160


def test_empty_query_has_no_results(ix):
    assert search_articles(ix, "   ").total == 0


def test_article_highlights_for_one_article(ix):
    record = next(r for r in ix.records() if r.path.endswith("002_f1679ddc9c757593.txt"))
    spans = article_highlights(ix, record.article_id, 'Kerry OR "anti-Hitler coalition"')
    text = articles.load_article(Path(record.path)).text
    assert [text[s:e] for s, e in spans] == ["anti-Hitler coalition", "Kerry", "Kerry"]
    assert article_highlights(ix, record.article_id, "Crocus") == []


def test_snippet_rendering_escapes_and_marks():
    text = "Title\nA <b>bold</b> claim & a quokka here."
    start = text.index("quokka")
    html = render_snippet(text, [(start, start + 6)])
    assert "<mark>quokka</mark>" in html and "&lt;b&gt;" in html and "&amp;" in html
    assert merge_spans([(5, 9), (0, 3), (2, 4)]) == [(0, 4), (5, 9)]


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
    hits = searcher.search(lambda: notes, 1, "tag:sanctions Putin")
    assert [h.note_id for h in hits] == ["n0"]
    assert {h.note_id for h in searcher.search(lambda: notes, 1, "sanctions")} == {"n0", "n1", "n2"}
    with pytest.raises(QueryError):
        searcher.search(lambda: notes, 1, "tag:")


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
