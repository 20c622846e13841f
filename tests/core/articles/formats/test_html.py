"""Saved web pages (formats/html.py): content element, page chrome, metadata, broken and hostile HTML."""
from __future__ import annotations


import pytest

from reader.core.articles import load_article
from reader.core.model import BOILERPLATE, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, ArticleError
from tests.core.articles.checks import assert_text_model, html, kinds_and_texts


PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Sanctions &amp; Grain: What Next? | The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2016-11-24T23:21:00+00:00">
<style>p { color: red }</style>
<script>var s = "<p>not text</p>";</script>
</head><body>
<a href="#main">Skip to main content</a>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav><p>The Daily Ledger</p></header>
<main id="main">
<article>
<h1>Sanctions &amp; Grain: What Next?</h1>
<p class="byline">By Jane Doe</p>
<p>The first paragraph &mdash; with an <em>emphasised</em>
   word and a <a href="#">link</a>.</p>
<p>Line one<br>Line two
<p>An unclosed paragraph.
<blockquote><p>A quoted passage.</p></blockquote>
<ul><li>First point<li>Second point<ul><li>Nested point</li></ul></li></ul>
<h2>Background</h2>
<p>Caf&eacute; society&nbsp;matters.</p>
<noscript>Enable JavaScript</noscript>
<form><button>Subscribe</button></form>
<div hidden>hidden text</div>
<p style="display: none">invisible</p>
<p>Leave a Reply</p>
</article>
<aside><p>Related: other stuff</p></aside>
</main>
<footer><p>&copy; 2016 The Daily Ledger</p></footer>
<script>document.write("x")</script>
</body></html>
"""


def test_saved_web_page() -> None:
    article = html(PAGE)
    assert (article.title, article.date, article.author, article.source) == (
        "Sanctions & Grain: What Next?",
        "2016-11-24T23:21",
        "Jane Doe",
        "The Daily Ledger",
    )
    assert [(b.kind, b.text, b.level) for b in article.blocks] == [
        (BOILERPLATE, "Skip to main content", 0),
        (BOILERPLATE, "Home World", 0),
        (BOILERPLATE, "The Daily Ledger", 0),
        (HEADING, "Sanctions & Grain: What Next?", 1),
        (PARAGRAPH, "By Jane Doe", 0),
        (PARAGRAPH, "The first paragraph — with an emphasised word and a link.", 0),
        (PARAGRAPH, "Line one", 0),
        (PARAGRAPH, "Line two", 0),
        (PARAGRAPH, "An unclosed paragraph.", 0),
        (QUOTE, "A quoted passage.", 0),
        (LIST_ITEM, "First point", 1),
        (LIST_ITEM, "Second point", 1),
        (LIST_ITEM, "Nested point", 2),
        (HEADING, "Background", 2),
        (PARAGRAPH, "Café society\u00a0matters.", 0),
        (BOILERPLATE, "Leave a Reply", 0),
        (BOILERPLATE, "Related: other stuff", 0),
        (BOILERPLATE, "© 2016 The Daily Ledger", 0),
    ]
    assert_text_model(article)


def test_page_without_main_dims_page_chrome_and_inserts_title() -> None:
    page = """<html><head>
    <meta property="og:title" content="The Real Title - Example News">
    <meta property="og:site_name" content="Example News">
    <meta property="article:author" content="https://example.com/jane">
    </head><body>
    <header>Example News masthead</header>
    <div>Body <b>text</b> here.</div>
    <p>By <a rel="author" href="/jane">Jane Doe</a></p>
    <time datetime="2015-03-02">2 March</time>
    <aside>Sidebar</aside><footer>Footer</footer>
    </body></html>"""
    article = html(page, "x.htm")
    assert kinds_and_texts(article) == [
        (BOILERPLATE, "Example News masthead"),
        (HEADING, "The Real Title"),
        (PARAGRAPH, "Body text here."),
        (PARAGRAPH, "By Jane Doe"),
        (PARAGRAPH, "2 March"),
        (BOILERPLATE, "Sidebar"),
        (BOILERPLATE, "Footer"),
    ]
    assert (article.author, article.date, article.source) == ("Jane Doe", "2015-03-02", "Example News")


def test_html_title_falls_back_to_title_tag_then_h1() -> None:
    assert html("<title>Only A Title</title><p>Body.</p>").title == "Only A Title"
    assert html("<title>Site | Story</title><meta name='application-name' content='Site'>"
                "<p>Body.</p>").title == "Story"
    assert html("<h1>Heading Title</h1><p>Body.</p>").title == "Heading Title"
    untitled = html("<p>Just a paragraph.</p>", "untitled.html")
    assert untitled.title == "untitled"
    assert [b.kind for b in untitled.blocks] == [PARAGRAPH]


def test_the_most_specific_content_element_wins_over_teasers() -> None:
    story = "<p>" + "Real story text. " * 20 + "</p>"
    page = f"<body><article><p>Teaser.</p></article><main><article>{story}</article></main></body>"
    article = html(page)
    assert kinds_and_texts(article)[0] == (BOILERPLATE, "Teaser.")
    assert article.blocks[1].text.startswith("Real story text.")


def test_deeply_nested_html_does_not_overflow() -> None:
    page = "<div>" * 5000 + "Deep text." + "</div>" * 5000
    assert html(page).text == "Deep text."


def test_html_with_only_scripts_has_no_readable_text() -> None:
    with pytest.raises(ArticleError, match="no readable text"):
        html("<html><script>x()</script><style>p{}</style></html>")


def test_hostile_entities_and_doctypes_are_inert() -> None:
    page = ('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            '<p>&xxe; <img src="http://example.invalid/x.png"></p><p>Safe &amp; sound.</p>')
    article = html(page)
    assert "&xxe;" in article.text and "root:" not in article.text
    assert article.blocks[-1].text == "Safe & sound."


def test_tag_soup_reads_as_a_browser_shows_it() -> None:
    """An HTML5 parser: a heading closed by another heading's end tag is closed.

    The page's only heading is its title (the extractor's choice), so it
    becomes the title heading.
    """
    article = html("<h2>Headline</h3><p>One<p>Two<ul><li>a<li>b</ul><table><tr><td>c<td>d</table>")
    assert article.title == "Headline"
    assert [(b.kind, b.text, b.level) for b in article.blocks] == [
        (HEADING, "Headline", 1),
        (PARAGRAPH, "One", 0),
        (PARAGRAPH, "Two", 0),
        (LIST_ITEM, "a", 1),
        (LIST_ITEM, "b", 1),
        (PARAGRAPH, "c", 0),
        (PARAGRAPH, "d", 0),
    ]


def test_a_page_of_comments_has_no_readable_text() -> None:
    with pytest.raises(ArticleError, match="no readable text"):
        html("<!-- only a comment <p>never shown</p>")


XHTML_PAGE = """<?xml version="1.0" encoding="windows-1251"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru"><head>
<title>Коалиция против ИГИЛ</title></head>
<body><h1>Коалиция против ИГИЛ</h1>
<p>Министр заявил, что коалиция продолжит удары по позициям боевиков в Сирии.</p>
<p>Второй абзац&#160;статьи.</p></body></html>
"""


@pytest.mark.parametrize("suffix", [".xhtml", ".xht"])
def test_a_page_saved_as_xhtml_is_read_in_its_declared_encoding(tmp_path, suffix) -> None:
    """A browser's "save as XHTML" (and the desktop's Open With for that type)."""
    path = tmp_path / f"page{suffix}"
    path.write_bytes(XHTML_PAGE.encode("windows-1251"))
    article = load_article(path)
    assert article.title == "Коалиция против ИГИЛ"
    assert [text for kind, text in kinds_and_texts(article) if kind == PARAGRAPH] == [
        "Министр заявил, что коалиция продолжит удары по позициям боевиков в Сирии.",
        "Второй абзац\u00a0статьи."]
    assert article.language == "ru"
    assert_text_model(article)
