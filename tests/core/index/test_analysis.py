"""The analysis: Snowball stems by language, and a filter Whoosh can pickle and compare."""
from __future__ import annotations

import pickle

from reader.core.index.analysis import SnowballStemFilter, make_analyzer, stemmer


def _terms(analyzer, text: str) -> list[str]:
    return [t.text for t in analyzer(text)]


def test_english_stems_are_snowballs_porter2():
    # (Porter's stems, before PyStemmer: "gener", "nation", "ye")
    assert _terms(make_analyzer(), "generously nationalities yes Władimir") == [
        "generous", "nation", "yes", "wladimir"]


def test_a_language_name_picks_the_stemmer():
    assert stemmer("russian")("книги") == "книг"
    assert _terms(make_analyzer(language="german"), "Häuser") == ["haus"]
    assert _terms(make_analyzer(stem=False), "Running") == ["running"]


def test_the_filter_pickles_as_its_language_and_compares_by_it():
    english = SnowballStemFilter()
    copy = pickle.loads(pickle.dumps(english))
    assert copy == english and hash(copy) == hash(english)
    assert copy != SnowballStemFilter("french")
    assert _terms(make_analyzer(), "running") == ["run"]
    assert pickle.loads(pickle.dumps(make_analyzer())) == make_analyzer()
