"""MHTML: the HTML part of a saved page, read as a web page; the snapshot's address as source."""
from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from reader.core.articles import parse_article
from reader.core.model import BOILERPLATE, ArticleError
from tests.core.articles.checks import assert_text_model, indexed_library

PAGE = """<html><head><title>{title}</title>
<meta name="author" content="Jane Roe"><meta property="article:published_time" content="2019-01-10">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1><p>{body}</p><p>The second paragraph of the story.</p></article>
<footer>All rights reserved.</footer></body></html>"""


def make_mhtml(title: str, body: str, *, charset: str | None = "utf-8",
               address: str = "https://www.rbc.ru/politics/10/01/2019/story",
               html_first: bool = True) -> bytes:
    """A page as Chrome saves it: multipart/related, the HTML part and an image."""
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = address
    message["Subject"] = title
    message["MIME-Version"] = "1.0"
    message.make_related()
    html = PAGE.format(title=title, body=body)
    image = ("image", "png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    parts = [("html", html), image] if html_first else [image, ("html", html)]
    for part in parts:
        if part[0] == "html":
            encoded = html.encode(charset or "cp1251")
            message.add_related(encoded, "text", "html", cte="quoted-printable",
                                headers=[f"Content-Location: {address}"])
            related = message.get_payload()[-1]
            if charset:
                related.set_param("charset", charset)
            else:
                related.del_param("charset")
        else:
            message.add_related(part[2], part[0], part[1], cid="<img@mhtml.blink>")
    return bytes(message)


def test_the_html_part_is_read_as_a_web_page():
    article = parse_article(Path("story.mhtml"), make_mhtml(
        "Talks in Geneva", "The delegations met in Geneva on Thursday."))
    assert (article.title, article.author, article.date) == (
        "Talks in Geneva", "Jane Roe", "2019-01-10")
    assert "The delegations met in Geneva on Thursday." in article.indexable_text()
    assert "All rights reserved." not in article.indexable_text()
    assert any(b.kind == BOILERPLATE for b in article.blocks)
    assert article.source == "rbc.ru"  # no site name on the page: the snapshot's host
    assert_text_model(article)


def test_a_legacy_part_without_a_charset_is_decoded_by_guessing():
    article = parse_article(Path("story.mht"), make_mhtml(
        "Новости России", "Москва заявила сегодня о новых мерах безопасности.", charset=None,
        html_first=False))
    assert article.title == "Новости России"
    assert "Москва заявила сегодня о новых мерах безопасности." in article.text


@pytest.mark.parametrize("data, reason", [
    (b"From: someone\r\nSubject: hi\r\n\r\nplain text", "not an MHTML page"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n"
     b"Content-Type: image/png\r\n\r\nxx\r\n--b--\r\n", "without an HTML page"),
])
def test_what_is_no_saved_page_says_so(data, reason):
    with pytest.raises(ArticleError, match=reason):
        parse_article(Path("broken.mhtml"), data)


def test_an_mhtml_folder_is_indexed_with_phrase_hits(tmp_path):
    files = {"story.mhtml": make_mhtml("Talks in Geneva", "Russian cooperation was settled.")}
    with indexed_library(tmp_path, files) as (library, summary):
        assert summary.added == 1
        [hit] = library.search('"russian cooperation"').hits
        text = library.article(hit.id).text
        assert [text[s:e] for s, e in hit.highlights] == ["Russian cooperation"]
