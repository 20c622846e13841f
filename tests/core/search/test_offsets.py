"""Exact hit offsets: phrases whole, matches far into long articles, one
article's highlights, merged spans; and the property that every span is text
whose analysed form is a query term, in English, Russian, Arabic, French and German."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import articles
from reader.core.index import make_analyzer, stems
from reader.core.search.articles import search_articles
from reader.core.search.offsets import article_highlights, merge_spans
from tests.core.search.hits import name as _name
from tests.core.articles.checks import indexed_library
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
UNSTEMMED = make_analyzer(stem=False)


def _terms(text: str, stem: bool = True) -> list[str]:
    return [t.text for t in (ANALYZER if stem else UNSTEMMED)(text)]


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


# -- the same property in Russian, Arabic, French and German ---------------------

# Inflected forms, with ё, a stress mark, harakat, tatweel and accents: the
# text the analyzer normalises, whose offsets must still be the text's own.
MULTILINGUAL_WORDS = {
    "ru": "терроризм терроризма терроризмом ёлка ёлки елка за́мок замка власти властью "
          "город города городом министр министра заявил заявила".split(),
    "ar": "المدينة الْمَدِينَةِ مدينة المديـــنة الوزارة وزارة الْوِزَارَةُ المقاتلين مقاتل "
          "الإسلامية إسلامية الدولة دولة".split(),
    "fr": "élection élections électoral gouvernement gouvernements ministre ministères "
          "déclaré déclaration sécurité".split(),
    "de": "Regierung Regierungen Häuser Haus Straße Strasse Sicherheit Kämpfer Kämpfern "
          "erklärte erklärt".split(),
}


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory):
    """A library of generated Russian, Arabic, French and German articles."""
    rng = random.Random(11)
    files = {}
    for code, words in MULTILINGUAL_WORDS.items():
        for n in range(4):
            paragraphs = [" ".join(rng.choices(words, k=rng.randint(25, 60))) + "."
                          for _ in range(rng.randint(2, 4))]
            files[f"{code}-{n}.txt"] = "\n\n".join([words[n], *paragraphs]).encode("utf-8")
    with indexed_library(tmp_path_factory.mktemp("multilingual"), files) as (library, _summary):
        assert {info.language for info in library.articles()} == set(MULTILINGUAL_WORDS)
        yield library


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_span_matches_a_query_term_in_every_language(multilingual, data):
    code = data.draw(st.sampled_from(sorted(MULTILINGUAL_WORDS)))
    words = data.draw(st.lists(st.sampled_from(MULTILINGUAL_WORDS[code]), min_size=1,
                               max_size=3))
    shape = data.draw(st.sampled_from(["or", "and", "phrase"]))
    q = {"or": " OR ".join(words), "and": " ".join(words),
         "phrase": '"' + " ".join(words) + '"'}[shape]
    languages = ["", *MULTILINGUAL_WORDS]
    wanted = {stem for w in words for term in _terms(w, stem=False)
              for stem in stems(term, languages)}
    hits = multilingual.search(q, limit=50).hits
    if shape == "or":
        assert hits, q  # the words come from the articles
    for hit in hits:
        article = multilingual.article(hit.id)
        for s, e in hit.highlights:
            found = [t.text for t in ANALYZER(article.text[s:e], language=article.language)]
            assert found, (q, article.text[s:e])
            assert set(found) <= wanted, (q, article.text[s:e], found)
            # the span is whole words: nothing of a word is left outside it
            assert not article.text[s - 1:s].isalnum() and not article.text[e:e + 1].isalnum()
