"""E-mail (.eml): Subject, sender and Date as metadata; the plain or HTML body as text."""
from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from reader.core.articles import parse_article
from reader.core.model import PARAGRAPH, ArticleError
from tests.core.articles.checks import assert_text_model, kinds_and_texts


def make_eml(*, plain: str | None = None, html: str | None = None, charset: str = "utf-8",
             subject: str = "Re: Aleppo talks") -> bytes:
    message = EmailMessage()
    message["From"] = "Анна Петрова <anna@example.org>"
    message["To"] = "desk@example.org"
    message["Subject"] = subject
    message["Date"] = "Thu, 24 Nov 2016 23:21:05 +0300"
    if plain is not None:
        message.set_content(plain, charset=charset)
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    return bytes(message)


def test_headers_become_title_author_and_date():
    article = parse_article(Path("msg.eml"), make_eml(plain="The talks resume on Monday.\n"))
    assert (article.title, article.author, article.date) == (
        "Re: Aleppo talks", "Анна Петрова", "2016-11-24T23:21")
    assert ("paragraph", "The talks resume on Monday.") in kinds_and_texts(article)
    assert_text_model(article)


def test_the_plain_part_is_preferred_and_hard_wrapped_lines_are_reflowed():
    body = ("The delegation arrived late and the talks, which had been\n"
            "planned for weeks, were put off until Monday.\n\nSecond paragraph.\n")
    article = parse_article(Path("msg.eml"), make_eml(plain=body, html="<p>HTML version</p>"))
    assert [text for kind, text in kinds_and_texts(article) if kind == PARAGRAPH] == [
        "The delegation arrived late and the talks, which had been planned for weeks, were "
        "put off until Monday.", "Second paragraph."]


def test_an_html_only_message_is_read_as_a_page_and_legacy_charsets_decode():
    article = parse_article(Path("msg.eml"), make_eml(
        html="<h2>Сводка</h2><p>Переговоры о терроризме возобновятся.</p>"))
    assert ("paragraph", "Переговоры о терроризме возобновятся.") in kinds_and_texts(article)
    koi8 = parse_article(Path("msg.eml"), make_eml(plain="Новости России\n", charset="koi8-r"))
    assert "Новости России" in koi8.text


def test_a_file_that_is_no_message_says_so():
    with pytest.raises(ArticleError, match="not an e-mail message"):
        parse_article(Path("notes.eml"), b"just some words\n")
