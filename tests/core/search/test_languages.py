"""Queries analysed in every language the index holds, through a real Library:
one inflected form finds another in Russian, Ukrainian, Arabic and French, with
exact highlights; ``lang:`` and the language facet; English exactly as before."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from whoosh import query

from reader.core.library import Library
from reader.core.model import QueryError
from reader.core.search.languages import in_languages, parse_article_query, present_languages
from reader.core.search.query import ARTICLE_FIELDS, parse_query
from tests.core.articles.checks import indexed_library

FILES = {
    "ru-1.txt": "Борьба с терроризмом\n\nПравительство объявило о новых мерах борьбы с "
                "терроризмом. Министр заявил, что ёлка у здания ведомства останется на месте, "
                "а охрана будет усилена до конца года.\n",
    "ru-2.txt": "Угроза терроризма\n\nЭксперты считают, что угроза терроризма в регионе "
                "растёт, и призывают власти к борьбе с терроризмом всеми законными средствами.\n",
    "uk.txt": "Українські військові\n\nУкраїнських військових атакували біля міста вчора "
              "ввечері, повідомила влада. Командування заявило, що атаку відбито.\n",
    "ar-1.txt": "أخبار\n\nأعلنت الوزارة يوم الثلاثاء أن المقاتلين انسحبوا من الْمَدِينَةِ بعد "
                "يومين من القصف العنيف، وأن المحادثات ستستأنف الأسبوع المقبل في جنيف.\n",
    "ar-2.txt": "تقرير\n\nقال مسؤولون إن مدينة حلب شهدت هدوءا نسبيا بعد الاتفاق، وإن "
                "المساعدات الإنسانية بدأت تصل إلى السكان في الأحياء الشرقية.\n",
    "fr.txt": "Les élections\n\nLes élections présidentielles ont eu lieu dimanche dans un "
              "climat tendu, et les observateurs ont salué une participation record.\n",
    "en.txt": "Elections in Syria\n\nThe government announced that elections would be held "
              "next spring, and observers said terrorism remained the main concern.\n",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Iterator[Library]:
    files = {name: text.encode("utf-8") for name, text in FILES.items()}
    with indexed_library(tmp_path_factory.mktemp("languages"), files) as (lib, summary):
        assert not summary.skipped
        yield lib


def _found(library: Library, text: str, **options) -> dict[str, list[str]]:
    """File name -> the highlighted passages, for every hit."""
    found = {}
    for hit in library.search(text, limit=50, **options).hits:
        article = library.article(hit.id)
        found[article.path.name] = [article.text[s:e] for s, e in hit.highlights]
    return found


def test_each_article_has_its_language(library):
    languages = {info.path.rsplit("/", 1)[-1]: info.language for info in library.articles()}
    assert languages == {"ru-1.txt": "ru", "ru-2.txt": "ru", "uk.txt": "uk", "ar-1.txt": "ar",
                         "ar-2.txt": "ar", "fr.txt": "fr", "en.txt": "en"}


def test_a_russian_word_finds_its_other_forms(library):
    assert _found(library, "терроризм") == {
        "ru-1.txt": ["терроризмом", "терроризмом"],
        "ru-2.txt": ["терроризма", "терроризма", "терроризмом"]}
    assert _found(library, "Ёлки") == {"ru-1.txt": ["ёлка"]}  # ё folded, and stemmed


def test_a_russian_phrase_in_one_form_finds_another(library):
    assert _found(library, '"борьбе с терроризмом"') == {
        "ru-1.txt": ["Борьба с терроризмом", "борьбы с терроризмом"],
        "ru-2.txt": ["борьбе с терроризмом"]}


def test_ukrainian_forms_find_each_other(library):
    # (the Russian stemmer knows the ending -их, not the Ukrainian -і: see index.analysis)
    assert _found(library, "українська") == {"uk.txt": ["Українських"]}
    assert _found(library, "атакував") == {"uk.txt": ["атакували"]}


def test_an_arabic_word_finds_its_forms_with_and_without_harakat(library):
    found = _found(library, "المدينة")
    assert found == {"ar-1.txt": ["الْمَدِينَةِ"], "ar-2.txt": ["مدينة"]}
    assert _found(library, "مَدِينَة") == found  # a vowelled query too


def test_french_accents_and_inflection(library):
    assert _found(library, "élection") == {
        "fr.txt": ["élections", "élections"], "en.txt": ["Elections", "elections"]}


def test_lang_field_by_code_or_name(library):
    assert set(_found(library, "lang:ru")) == {"ru-1.txt", "ru-2.txt"}
    assert set(_found(library, "lang:Arabic")) == {"ar-1.txt", "ar-2.txt"}
    assert set(_found(library, "elections -lang:en")) == {"fr.txt"}
    assert library.search("lang:xq").total == 0


def test_the_language_facet_and_its_filter(library):
    results = library.search("lang:ru OR lang:ar OR lang:fr")
    assert results.facets["language"] == {"ar": 2, "ru": 2, "fr": 1}
    narrowed = library.search("lang:ru OR lang:ar OR lang:fr", languages=["ar", "fr"])
    assert narrowed.total == 3
    assert set(narrowed.facets["language"]) == {"ar", "fr"}


def test_a_malformed_query_is_still_a_sentence(library):
    for text in ('"борьба с', "lang:", "(терроризм"):
        with pytest.raises(QueryError):
            library.search(text)


def test_present_languages_and_word_variants(library):
    searcher = library.index.searcher()
    assert present_languages(searcher) == ["", "ar", "en", "fr", "ru", "uk"]
    q = parse_article_query("terrorism", searcher)
    body = next(s for s in q.subqueries if s.field() == "body")
    assert isinstance(body, query.Or)
    assert sorted(t.text for t in body.subqueries) == ["terror", "terrorism"]


@pytest.mark.parametrize("text", [
    "Russia", "Putin AND Kerry", '"Islamic State"', "Kery~", "counterterror*",
    "title:russia", "terrorism^2 title:russia", "Putin -Kerry", '"islamic state"~3'])
def test_english_only_queries_are_as_before(text, tmp_path):
    """With English (and unknown) articles only, the query is the one parsed
    with the index's own English analysis."""
    files = {"a.txt": b"Russia\n\nThe Islamic State and Russia, said Kerry and Putin.\n"}
    with indexed_library(tmp_path, files) as (lib, _summary):
        searcher = lib.index.searcher()
        assert present_languages(searcher) == ["", "en"]
        expected = parse_query(text, lib.index.schema, ("title", "body"), ARTICLE_FIELDS)
        assert parse_article_query(text, searcher) == expected


def test_only_stemmed_fields_get_variants():
    q = query.And([query.Term("year", "2016"), query.Term("body", "running"),
                   query.Term("lang", "Russian")])
    assert in_languages(q, frozenset({"body"}), ["", "ru"]) == query.And([
        query.Term("year", "2016"),
        query.Or([query.Term("body", "run"), query.Term("body", "running")]),
        query.Term("lang", "ru")])
