"""The analysis: Snowball stems by language, and a filter Whoosh can pickle and compare."""
from __future__ import annotations

import pickle

from reader.core.index.analysis import (SnowballStemFilter, algorithm_for, make_analyzer, stemmer,
                                        stems)


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


def test_an_articles_language_picks_its_stemmer():
    analyzer = make_analyzer()
    assert _terms(analyzer, "терроризмом терроризма") == ["терроризмом", "терроризма"]
    assert [t.text for t in analyzer("терроризмом терроризма", language="ru")] == [
        "терроризм", "терроризм"]
    assert [t.text for t in analyzer("élections élection gouvernements", language="fr")] == [
        "elect", "elect", "gouvern"]
    assert [t.text for t in analyzer("المدينة مدينة", language="ar")] == ["مدين", "مدين"]
    # No Snowball stemmer (Japanese, Hebrew): the words are kept, not English-stemmed.
    assert [t.text for t in analyzer("running", language="ja")] == ["running"]
    # Unknown (""): English, as before languages were detected.
    assert [t.text for t in analyzer("running", language="")] == ["run"]


def test_ukrainian_is_stemmed_as_russian():
    assert algorithm_for("uk") == "russian"
    assert stems("українських", ["uk"]) == stems("українська", ["uk"]) == ["українськ"]
    assert stems("атакували", ["uk"]) == stems("атакував", ["uk"])


def test_stems_across_languages_are_distinct_and_in_order():
    assert stems("terrorism", ["", "en", "ru"]) == ["terror", "terrorism"]
    assert stems("терроризмом", ["", "ru", "uk"]) == ["терроризмом", "терроризм"]
    assert stems("state", []) == []


def test_normalisation_folds_yo_arabic_marks_and_tatweel():
    analyzer = make_analyzer(stem=False)
    assert _terms(analyzer, "Ёлка ёж") == ["елка", "еж"]
    assert _terms(analyzer, "الْمَدِينَةِ المديـــنة") == ["المدينة", "المدينة"]
    assert _terms(analyzer, "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd") == ["\u05e9\u05dc\u05d5\u05dd"]
    assert _terms(analyzer, "Władimir café cafe\u0301") == ["wladimir", "cafe", "cafe"]


def test_marks_stay_inside_their_word():
    """Python's \\w matches no combining mark: the pattern keeps them in the word."""
    analyzer = make_analyzer(stem=False)
    tokens = [(t.text, t.startchar, t.endchar)
              for t in analyzer("за́мок الْمَدِينَةِ e\u0301te\u0301", chars=True)]
    assert tokens == [("замок", 0, 6), ("المدينة", 7, 19), ("ete", 20, 25)]
    # A word is never only tatweel or marks (it would index as an empty term).
    assert _terms(analyzer, "ـــ \u0301\u064e") == []
    for code in (*range(0x300, 0x370), *range(0x64b, 0x660), 0x670):
        assert _terms(analyzer, f"ab{chr(code)}cd") == ["abcd"], hex(code)
