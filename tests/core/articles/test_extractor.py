"""The kept extractor (articles/extractor.py): main text as lines, matched by text."""
from __future__ import annotations

from reader.core.articles.extractor import extract

STORY = ("<p>The ministry said the strikes targeted supply lines around Raqqa, while opposition"
         " groups reported damage to two hospitals and a grain store north of the city.</p>")


def test_the_main_text_is_matched_by_whole_lines_and_long_parts() -> None:
    found = extract(f"<html><body><article><h1>Strikes widen</h1>{STORY}"
                    "<p>Line one<br>Line two</p></article></body></html>")
    assert found is not None
    assert found.is_main("Strikes widen") and found.is_main("Line one") and found.is_main("Line two")
    assert found.is_main("The ministry said the strikes   targeted supply lines")  # a long part
    assert not found.is_main("Raqqa")  # a short part matches only as a whole line
    assert not found.is_main("Subscribe to our newsletter")


def test_metadata_from_json_ld() -> None:
    found = extract('<html><head><script type="application/ld+json">{"@context": "https://schema.org",'
                    ' "@type": "NewsArticle",'
                    ' "headline": "Strikes widen", "datePublished": "2019-01-10",'
                    ' "author": {"@type": "Person", "name": "Omar Haddad"},'
                    ' "publisher": {"@type": "Organization", "name": "Levant Monitor"}}</script>'
                    f"</head><body>{STORY}</body></html>")
    assert found is not None
    assert (found.title, found.author, found.date, found.site) == (
        "Strikes widen", "Omar Haddad", "2019-01-10", "Levant Monitor")


def test_a_page_without_text_gives_nothing() -> None:
    assert extract("<html><body><script>x()</script></body></html>") is None
    assert extract("") is None


def test_an_xhtml_declaration_or_a_control_character_does_not_stop_it() -> None:
    """lxml refuses a decoded string that declares its encoding, or holds C0 controls."""
    page = f'<?xml version="1.0" encoding="windows-1251"?><html><body>{STORY}\x0b</body></html>'
    found = extract(page)
    assert found is not None and found.is_main("The ministry said the strikes targeted supply lines")
