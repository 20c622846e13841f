"""E-mail (.eml): Subject, sender and Date as metadata; the plain or HTML body as text."""
from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from reader.core.articles import parse_article, parse_articles
from reader.core.model import PARAGRAPH, ArticleError, article_id_for
from tests.core.articles.checks import assert_text_model, kinds_and_texts
from tests.core.articles.formats.pdfs import make_pdf
from tests.core.articles.formats.test_docx import make_docx

DOCX_TYPE = "vnd.openxmlformats-officedocument.wordprocessingml.document"


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


# Attachments -----------------------------------------------------------------

def with_attachments(*attachments: tuple[bytes, str, str, str]) -> EmailMessage:
    """A plain message with (bytes, maintype, subtype, file name) attached."""
    message = email.message_from_bytes(make_eml(plain="Reports attached.\n"),
                                       policy=email.policy.default)
    for data, maintype, subtype, name in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def test_an_attached_report_is_an_article_of_its_own_named_after_the_mail():
    report = make_pdf([["Convoy routes near Idlib were shelled overnight."]],
                      info={"Title": "Idlib situation report"})
    brief = make_docx()
    message = with_attachments((report, "application", "pdf", "sitrep.pdf"),
                               (brief, "application", DOCX_TYPE, "brief.docx"),
                               (b"\x89PNG\r\n", "image", "png", "map.png"))
    found = parse_articles(Path("msg.eml"), bytes(message))
    assert [(a.part, a.title) for a in found.articles] == [
        ("", "Re: Aleppo talks"),
        ("sitrep.pdf", "Re: Aleppo talks — sitrep.pdf"),
        ("brief.docx", "Re: Aleppo talks — brief.docx")]
    assert found.skipped == ()  # the picture is no article, and no failure either
    mail_article, pdf_article, docx_article = found.articles
    assert "shelled overnight" in pdf_article.text
    assert [b.page for b in pdf_article.blocks if "shelled" in b.text] == [1]
    assert docx_article.author == "A. Analyst"  # its own property, not the sender
    assert pdf_article.author == "Анна Петрова"  # the PDF names none: the sender's
    assert pdf_article.date == "2016-11-24T23:21"
    assert len({a.id for a in found.articles}) == 3
    assert pdf_article.id == article_id_for(Path("msg.eml"), "sitrep.pdf")
    for article in found.articles:
        assert_text_model(article)


def test_a_forwarded_message_and_two_attachments_of_one_name():
    inner = email.message_from_bytes(make_eml(plain="Forwarded: the ceasefire held.\n",
                                              subject="Ceasefire"), policy=email.policy.default)
    message = with_attachments((b"First note.\n", "text", "plain", "note.txt"),
                               (b"Second note.\n", "text", "plain", "note.txt"))
    message.add_attachment(inner)
    found = parse_articles(Path("msg.eml"), bytes(message))
    assert [a.part for a in found.articles] == ["", "note.txt", "note (2).txt", "message.eml"]
    forwarded = found.articles[3]
    assert forwarded.title == "Re: Aleppo talks — message.eml"
    assert "the ceasefire held" in forwarded.text
    assert "Second note." in found.articles[2].text


def test_a_damaged_attachment_is_skipped_with_its_reason_and_the_mail_kept():
    scanned = make_pdf([[]])  # a page with no text: a scan
    message = with_attachments((scanned, "application", "pdf", "scan.pdf"),
                               (b"PK\x03\x04 not a zip", "application", DOCX_TYPE, "broken.docx"))
    found = parse_articles(Path("msg.eml"), bytes(message))
    assert [a.part for a in found.articles] == [""]
    assert found.skipped[0] == "attachment scan.pdf: no text layer (scanned)"
    assert found.skipped[1].startswith("attachment broken.docx: ")
    assert parse_article(Path("msg.eml"), bytes(message)).title == "Re: Aleppo talks"


def test_a_mail_whose_body_is_unreadable_keeps_its_attachments():
    message = EmailMessage()
    message["From"] = "desk@example.org"
    message["Subject"] = "Annex only"
    message.add_attachment(b"The annex text.\n", maintype="text", subtype="plain",
                           filename="annex.txt")
    found = parse_articles(Path("msg.eml"), bytes(message))
    assert [a.part for a in found.articles] == ["annex.txt"]
    assert found.skipped == ("the message: e-mail without a text body",)
    with pytest.raises(ArticleError, match="the message: e-mail without a text body"):
        parse_articles(Path("empty.eml"), b"From: a@example.org\nSubject: nothing\n"
                                          b"Content-Type: image/png\n\n")
