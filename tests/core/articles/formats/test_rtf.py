"""RTF: paragraphs, the info group's title, author and date, code pages and Unicode escapes."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.articles import parse_article
from reader.core.model import HEADING, LIST_ITEM, PARAGRAPH, ArticleError
from tests.core.articles.checks import assert_text_model, indexed_library, kinds_and_texts


def rtf_escaped(text: str, encoding: str) -> str:
    """``text`` as RTF writes it: ASCII as is, every other byte of the code page as \\'xx."""
    return "".join(char if char.isascii() else "".join(f"\\'{b:02x}" for b in char.encode(encoding))
                   for char in text)


def make_rtf(paragraphs: list[str], *, title: str = "", author: str = "", code_page: int = 1252,
             created: tuple[int, int, int] | None = None) -> bytes:
    encoding = f"cp{code_page}"
    info = ""
    if title:
        info += "{\\title " + rtf_escaped(title, encoding) + "}"
    if author:
        info += "{\\author " + rtf_escaped(author, encoding) + "}"
    if created:
        info += "{\\creatim\\yr%d\\mo%d\\dy%d\\hr9\\min30}" % created
    body = "".join("{\\pard\\f0 " + rtf_escaped(p, encoding) + "\\par}\n" for p in paragraphs)
    return ("{\\rtf1\\ansi\\ansicpg%d\\deff0{\\fonttbl{\\f0 Times New Roman;}}{\\info %s}\n%s}"
            % (code_page, info, body)).encode("ascii")


def test_paragraphs_and_the_info_group():
    article = parse_article(Path("brief.rtf"), make_rtf(
        ["Moscow and the Coalition", "The committee approved the plan on Tuesday.",
         "- first point", "- second point"],
        title="Moscow and the Coalition", author="A. Analyst", created=(2019, 1, 10)))
    assert (article.title, article.author, article.date) == (
        "Moscow and the Coalition", "A. Analyst", "2019-01-10")
    assert kinds_and_texts(article) == [
        (HEADING, "Moscow and the Coalition"),
        (PARAGRAPH, "The committee approved the plan on Tuesday."),
        (LIST_ITEM, "first point"), (LIST_ITEM, "second point")]
    assert_text_model(article)


def test_a_russian_brief_in_cp1251_with_a_unicode_escape():
    data = make_rtf(["Новости России", "Москва заявила о новых мерах."], title="Новости России",
                    author="Иван Петров", code_page=1251)
    data = data.replace(b"\\'ec\\'e5\\'f0\\'e0\\'f5", b"\\u1084?\\'e5\\'f0\\'e0\\'f5")  # м, as Unicode
    article = parse_article(Path("brief.rtf"), data)
    assert (article.title, article.author) == ("Новости России", "Иван Петров")
    assert kinds_and_texts(article) == [
        (HEADING, "Новости России"), (PARAGRAPH, "Москва заявила о новых мерах.")]


def test_the_first_line_is_the_title_when_the_info_group_has_none():
    article = parse_article(Path("brief.rtf"), make_rtf(
        ["Arabic sources", "قالت وزارة الخارجية إن المحادثات ستستمر."], code_page=1256))
    assert article.title == "Arabic sources"
    assert article.blocks[1].text == "قالت وزارة الخارجية إن المحادثات ستستمر."


def test_what_is_not_rtf_says_so():
    with pytest.raises(ArticleError, match="not an RTF document"):
        parse_article(Path("a.rtf"), b"just text with an .rtf name")


def test_an_rtf_without_text_says_so():
    with pytest.raises(ArticleError, match="no readable text|empty"):
        parse_article(Path("a.rtf"), b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}}")


def test_an_rtf_folder_is_indexed_with_phrase_hits(tmp_path):
    files = {"brief.rtf": make_rtf(["Report", "Russian cooperation was settled in the end."],
                                   title="Report")}
    with indexed_library(tmp_path, files) as (library, summary):
        assert summary.added == 1
        hit = library.search('"russian cooperation"').hits[0]
        text = library.article(hit.id).text
        assert [text[s:e] for s, e in hit.highlights] == ["Russian cooperation"]
