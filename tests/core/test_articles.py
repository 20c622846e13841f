"""Tests for reader.core.articles: every format, the seeds, errors and the text model."""
from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import articles
from reader.core.articles import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    ArticleError,
    decode_text,
    is_supported,
    load_article,
    parse_article,
)
from reader.core.model import (
    BOILERPLATE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    QUOTE,
    Article,
    article_id_for,
)

SEEDS = Path(__file__).resolve().parents[2] / "resources" / "articles"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")


def seed(prefix: str) -> Article:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return load_article(path)


def txt(text: str, name: str = "a.txt") -> Article:
    return parse_article(Path(name), text.encode("utf-8"))


def kinds_and_texts(article: Article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in article.blocks]


def assert_text_model(article: Article) -> None:
    """The invariant everything else rests on (DESIGN.md, "The text model")."""
    blocks = article.blocks
    assert blocks
    assert article.text == "\n".join(b.text for b in blocks)
    assert len(article.block_starts) == len(blocks)
    for block, start in zip(blocks, article.block_starts):
        assert block.text
        assert block.text == block.text.strip()
        assert "\n" not in block.text and "  " not in block.text
        assert block.text.splitlines() == [block.text]  # no \r, \x0c, U+2029...: one Qt block
        assert article.text[start : start + len(block.text)] == block.text
    assert article.title and article.title == article.title.strip() and "\n" not in article.title
    assert article.date == "" or ISO_DATE.fullmatch(article.date)
    first = next(b for b in blocks if b.kind != BOILERPLATE)
    titled = first.kind == HEADING and first.level == 1 and first.text == article.title
    assert titled or article.title == article.path.stem


# --- the seeds ---------------------------------------------------------------

SEED_METADATA = {
    "000": ("France will now hold its nose and join Russia to crush Caliphate", "2016-11-24T23:21", ""),
    "001": ("Putin must now realize that he fought the wrong war", "", ""),
    "002": ("How Terror Attacks Gift Russia Foreign Policy Opportunity", "", ""),
    "003": ("ISIS Can Be Defeated - Putin Said How", "", "Russia Insider"),
    "004": ("Moscow backs fight against IS … to an extent", "", ""),
}

# Every boilerplate block of each seed, in order, by its opening words.
SEED_CHROME = {
    "000": [
        "The JC Podcast:",
        "Want more from the JC?",
        "To continue reading, we just need a few details...",
        "Want more from the JC?",
        "To continue reading, we just need a few details...",
        "Get the best news and views",
    ],
    "001": [
        "Broaden your horizons",
        "Related Articles",
        "Leave a Reply",
        "Your email address will not be published.",
        "Back to top button",
    ],
    "002": [],
    "003": [
        "Support Russia Insider - Go Ad-Free!",
        "This post first appeared on Russia Insider",
        "Support Russia Insider - Go Ad-Free!",
        "This post first appeared on Russia Insider",
        "Anyone is free to republish",
        "Our commenting rules:",
    ],
    "004": [
        "Skip to main content",
        "Access the Middle East news and analysis you can trust",
        "Join our community of Middle East readers",
        "Subscribe",
        "Only $100 per year.",
    ],
}


def test_there_are_five_seeds() -> None:
    assert [p.name[:3] for p in SEED_FILES] == sorted(SEED_METADATA)


@pytest.mark.parametrize("prefix", sorted(SEED_METADATA))
def test_seed_metadata(prefix: str) -> None:
    article = seed(prefix)
    title, date, source = SEED_METADATA[prefix]
    assert (article.title, article.date, article.author, article.source) == (title, date, "", source)
    assert article.id == article_id_for(article.path)


@pytest.mark.parametrize("prefix", sorted(SEED_METADATA))
def test_seed_text_model_and_title_heading(prefix: str) -> None:
    article = seed(prefix)
    assert_text_model(article)
    headings = [b for b in article.blocks if b.kind == HEADING]
    assert [(h.text, h.level) for h in headings] == [(article.title, 1)]


@pytest.mark.parametrize("prefix", sorted(SEED_CHROME))
def test_seed_chrome_is_boilerplate(prefix: str) -> None:
    chrome = [b.text for b in seed(prefix).blocks if b.kind == BOILERPLATE]
    assert len(chrome) == len(SEED_CHROME[prefix])
    for text, opening in zip(chrome, SEED_CHROME[prefix]):
        assert text.startswith(opening)


def test_chrome_before_the_headline_keeps_its_place() -> None:
    for prefix, chrome in (("003", "Support Russia Insider - Go Ad-Free!"), ("004", "Skip to main content")):
        blocks = seed(prefix).blocks
        assert (blocks[0].kind, blocks[0].text) == (BOILERPLATE, chrome)
        assert blocks[1].kind == HEADING


@pytest.mark.parametrize(
    ("prefix", "prose"),
    [
        ("000", "Beyond Friday night's carnage in Paris"),
        ("001", "Con Coughlin’s latest book, Assad: The Triumph of Tyranny, is published by Picador"),
        ("003", "At the UN General Assembly Session Putin set out a clear plan"),
        ("003", "If the Western powers refuse to do all these things"),
        ("004", "Russia is expressing cautious solidarity"),
        ("004", "Let me cite in this regard Daniel Serwer"),
    ],
)
def test_seed_prose_is_not_boilerplate(prefix: str, prose: str) -> None:
    (block,) = [b for b in seed(prefix).blocks if b.text.startswith(prose)]
    assert block.kind == PARAGRAPH


def test_hard_wrapped_seed_reads_as_paragraphs() -> None:
    article = seed("002")
    paragraphs = [b.text for b in article.blocks if b.kind == PARAGRAPH]
    sentence = (
        "Russian President Vladimir Putin went on television to express his condolences"
        " to the French people and President Francois Hollande over the horrendous act of"
        " terror in the southern town of Nice on July 14."
    )
    assert any(sentence in p for p in paragraphs)
    assert paragraphs[0] == (
        "When Moscow calls for joining forces with the West to combat global terrorism,"
        " it inevitably pursues a hidden political agenda."
    )
    assert all(re.search(r"[.!?][”\"]?$", p) for p in paragraphs), "a paragraph ends mid-sentence"
    assert len(paragraphs) == 12
    text = article.text
    assert "somewhat over-hyped, and" in text  # "overhyped" appears nowhere else: hyphen kept
    assert "el-Sissi. Their domestic solution was Ramzan Kadyrov" in text  # blank lines mid-sentence


def test_seed_word_broken_across_blank_line_is_rejoined() -> None:
    assert "extremely dangerous. This may make the" in seed("003").text


def test_seed_wrapped_caption_is_joined_but_not_merged_into_standfirst() -> None:
    texts = [b.text for b in seed("004").blocks]
    assert texts[2].endswith("support of the Syrian government.")
    assert texts[3].startswith("Russia's Foreign Minister Sergey Lavrov addresses a meeting")
    assert "Security Council at the 69th U.N. General Assembly" in texts[3]


# --- plain text --------------------------------------------------------------


def test_plain_text_paragraphs_and_lists() -> None:
    article = txt(
        "The Headline\n\nFirst paragraph is\nwrapped here.\n\nShopping list:\n- milk\n"
        "- bread that is\n  wholemeal\n* eggs\n1. one\n2. two\n"
    )
    assert kinds_and_texts(article) == [
        (HEADING, "The Headline"),
        (PARAGRAPH, "First paragraph is wrapped here."),
        (PARAGRAPH, "Shopping list:"),
        (LIST_ITEM, "milk"),
        (LIST_ITEM, "bread that is wholemeal"),
        (LIST_ITEM, "eggs"),
        (LIST_ITEM, "1. one"),
        (LIST_ITEM, "2. two"),
    ]
    assert_text_model(article)


def test_unwrapped_text_keeps_one_paragraph_per_line() -> None:
    long = "word " * 30
    article = txt(f"Headline\n\n{long}ends here.\nNext paragraph {long}ends.\nA caption that\nwraps.\n")
    assert [b.text for b in article.blocks[1:]] == [
        f"{long}ends here.".strip(),
        f"Next paragraph {long}ends.",
        "A caption that wraps.",
    ]


def test_wrapped_title_case_headline_is_joined() -> None:
    article = txt("\nA Long Wrapped\nHeadline Here\nThe body starts here and goes on.\nIt continues.\n")
    assert article.title == "A Long Wrapped Headline Here"
    assert article.blocks[1].text == "The body starts here and goes on. It continues."


def test_a_dateline_before_the_headline_follows_the_title() -> None:
    article = txt("November 24, 2016\n\nThe Headline\n\nBody text.\n")
    assert kinds_and_texts(article) == [
        (HEADING, "The Headline"),
        (PARAGRAPH, "November 24, 2016"),
        (PARAGRAPH, "Body text."),
    ]
    assert article.date == "2016-11-24"


def test_no_headline_means_the_stem_is_the_title_and_no_heading() -> None:
    prose = "This is a long opening sentence that goes on and on. " * 5
    article = txt(prose, name="my-notes.txt")
    assert article.title == "my-notes"
    assert [b.kind for b in article.blocks] == [PARAGRAPH]
    assert_text_model(article)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("The co-\noperation worked, and the cooperation held.", "The cooperation worked"),
        ("The co-\noperation worked, and it held.", "The co-operation worked"),
        ("Allies of the anti-\nHitler coalition.", "the anti-Hitler coalition"),
        ("A dash -\nthen more.", "A dash - then more"),
        ("Two words\nsplit by a line.", "Two words split by a line"),
    ],
)
def test_line_end_hyphenation(lines: str, expected: str) -> None:
    assert expected in txt(f"Headline\n\n{lines}\n").text


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("November 24, 2016 23:21", "2016-11-24T23:21"),
        ("Nov 24, 2016", "2016-11-24"),
        ("Nov. 24, 2016", "2016-11-24"),
        ("2016-11-24", "2016-11-24"),
        ("2016-11-24T23:21:05Z", "2016-11-24T23:21"),
        ("24 Nov 2016", "2016-11-24"),
        ("24 November 2016", "2016-11-24"),
        ("Thursday, 24 November 2016 14.30 GMT", "2016-11-24T14:30"),
        ("Published November 24, 2016", "2016-11-24"),
        ("Updated: Nov 24, 2016 at 9:05 pm", "2016-11-24T21:05"),
        ("Posted on 24 Nov 2016", "2016-11-24"),
        ("Politics | 24 November 2016", "2016-11-24"),
        ("February 30, 2016", ""),
        ("The council met on November 24, 2016 in Geneva.", ""),
        ("in New York, September 24, 2014. REUTERS/Brendan McDermid", ""),
    ],
)
def test_dateline_forms(line: str, iso: str) -> None:
    assert txt(f"Headline\n\n{line}\n\nBody text.\n").date == iso


def test_a_date_far_from_the_top_is_not_the_date() -> None:
    body = "".join(f"Paragraph {n}.\n\n" for n in range(20))
    assert txt(f"Headline\n\n{body}November 24, 2016\n").date == ""


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("By Jane Doe, Reuters", "Jane Doe"),
        ("By Jane Doe | November 24, 2016", "Jane Doe"),
        ("By the way, this is prose.", ""),
    ],
)
def test_byline_forms(line: str, author: str) -> None:
    assert txt(f"Headline\n\n{line}\n\nBody text.\n").author == author


def test_byline_and_date_on_one_line() -> None:
    article = txt("Headline\n\nBy Jane Doe | Nov 24, 2016\n\nBody text.\n")
    assert (article.author, article.date) == ("Jane Doe", "2016-11-24")


def test_a_long_line_of_short_fields_is_metadata() -> None:
    line = "By Jane Doe and John Roe · Thursday, November 24, 2016 23:21 · World News"
    assert len(line) > 60
    article = txt(f"Headline\n\n{line}\n\nBody text.\n")
    assert (article.author, article.date) == ("Jane Doe and John Roe", "2016-11-24T23:21")


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("This post first appeared on Russia Insider", "Russia Insider"),
        ("This article was originally published in Foreign Policy on 3 May 2016.", "Foreign Policy"),
        ("Originally published at The Conversation.", "The Conversation"),
        ("Source: Reuters", "Reuters"),
        ("Source: https://www.example.org/news/1", "example.org"),
    ],
)
def test_source_from_attribution(line: str, source: str) -> None:
    article = txt(f"Headline\n\nBody text.\n\n{line}\n")
    assert article.source == source
    assert article.blocks[-1].kind == BOILERPLATE


def test_prose_mentioning_subscriptions_is_not_chrome() -> None:
    prose = "Analysts who subscribe to this view argue that sanctions work; readers may subscribe to it too."
    long = "Subscribe now, the editors said, " + "and the debate went on " * 20 + "for weeks."
    article = txt(f"Headline\n\n{prose}\n\n{long}\n\nSubscribe\n")
    assert [b.kind for b in article.blocks] == [HEADING, PARAGRAPH, PARAGRAPH, BOILERPLATE]


def test_chrome_lines_are_not_merged_into_paragraphs() -> None:
    article = txt("Skip to main content\nHeadline Here\nBody text that ends.\nLeave a Reply\n")
    assert kinds_and_texts(article) == [
        (BOILERPLATE, "Skip to main content"),
        (HEADING, "Headline Here"),
        (PARAGRAPH, "Body text that ends."),
        (BOILERPLATE, "Leave a Reply"),
    ]


def test_whitespace_is_collapsed_but_a_lone_nbsp_kept() -> None:
    article = txt("Headline\n\nsome\t\ttabs and\u00a0nbsp and \u00a0 runs\x07.\n")
    assert article.blocks[1].text == "some tabs and\u00a0nbsp and runs."


_SPACY = st.text(st.sampled_from([c for c in map(chr, range(0x3001)) if c.isspace()]
                                 + list("ab\u200b\x07é")), max_size=12)


@given(_SPACY)
@settings(max_examples=500, deadline=None)
def test_whitespace_pattern_replaces_what_the_plain_one_does(text: str) -> None:
    """_SPACES is written for speed; it must match what its plain form matches."""
    plain = re.compile(r"\s{2,}|[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
    assert articles._SPACES.sub(" ", text) == plain.sub(" ", text)


# --- HTML --------------------------------------------------------------------

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


def html(page: str, name: str = "page.html") -> Article:
    return parse_article(Path(name), page.encode("utf-8"))


def test_saved_web_page() -> None:
    article = html(PAGE)
    assert (article.title, article.date, article.author, article.source) == (
        "Sanctions & Grain: What Next?",
        "2016-11-24T23:21",
        "Jane Doe",
        "The Daily Ledger",
    )
    assert [(b.kind, b.text, b.level) for b in article.blocks] == [
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
    ]
    assert_text_model(article)


def test_page_without_main_drops_page_chrome_and_inserts_title() -> None:
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
        (HEADING, "The Real Title"),
        (PARAGRAPH, "Body text here."),
        (PARAGRAPH, "By Jane Doe"),
        (PARAGRAPH, "2 March"),
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
    assert html(page).blocks[0].text.startswith("Real story text.")


def test_deeply_nested_html_does_not_overflow() -> None:
    page = "<div>" * 5000 + "Deep text." + "</div>" * 5000
    assert html(page).text == "Deep text."


def test_html_with_only_scripts_has_no_readable_text() -> None:
    with pytest.raises(ArticleError, match="no readable text"):
        html("<html><script>x()</script><style>p{}</style></html>")


# --- Markdown ----------------------------------------------------------------

MARKDOWN = """---
title: "Grain Corridors"
date: 2016-11-24 23:21
author: [Jane Doe, John Roe]
source: The Ledger
---
# Grain Corridors

Intro paragraph with *emphasis*
spanning two lines.

## Routes

- Odesa
- Constanța
    - nested

1. first
2. second

> A quoted line.

Closing paragraph.
"""


def test_markdown_with_front_matter() -> None:
    article = parse_article(Path("notes.md"), MARKDOWN.encode("utf-8"))
    assert (article.title, article.date, article.author, article.source) == (
        "Grain Corridors",
        "2016-11-24T23:21",
        "Jane Doe, John Roe",
        "The Ledger",
    )
    assert [(b.kind, b.text, b.level) for b in article.blocks] == [
        (HEADING, "Grain Corridors", 1),
        (PARAGRAPH, "Intro paragraph with emphasis spanning two lines.", 0),
        (HEADING, "Routes", 2),
        (LIST_ITEM, "Odesa", 1),
        (LIST_ITEM, "Constanța", 1),
        (LIST_ITEM, "nested", 2),
        (LIST_ITEM, "first", 1),
        (LIST_ITEM, "second", 1),
        (QUOTE, "A quoted line.", 0),
        (PARAGRAPH, "Closing paragraph.", 0),
    ]
    assert_text_model(article)


def test_markdown_title_from_front_matter_is_inserted_when_not_a_heading() -> None:
    text = "---\ntitle: Front Title\nauthors:\n  - Ann\n  - Bob\n---\nBody paragraph.\n"
    article = parse_article(Path("a.markdown"), text.encode())
    assert kinds_and_texts(article) == [(HEADING, "Front Title"), (PARAGRAPH, "Body paragraph.")]
    assert article.author == "Ann, Bob"


def test_markdown_title_from_first_h1_else_stem() -> None:
    assert parse_article(Path("a.md"), b"Intro.\n\nTitle Here\n==========\n\nBody.\n").title == "Title Here"
    assert parse_article(Path("plain-note.md"), b"Just text.\n").title == "plain-note"


def test_a_leading_rule_that_is_not_front_matter_is_content() -> None:
    article = parse_article(Path("a.md"), b"---\nJust a sentence, not yaml.\n---\n\nBody.\n")
    assert "Body." in article.text
    assert "Just a sentence" in article.text


# --- decoding ----------------------------------------------------------------


def test_cp1252_file() -> None:
    article = parse_article(Path("a.txt"), b"Headline\n\ncaf\xe9 \x93quoted\x94 \x96 dash.\n")
    assert article.blocks[1].text == "café “quoted” – dash."


def test_decode_variants() -> None:
    assert decode_text("\ufeffcafé".encode("utf-8")) == "café"
    assert decode_text("café".encode("utf-16")) == "café"
    assert decode_text(b"\xfe\xff" + "café".encode("utf-16-be")) == "café"
    assert decode_text(b"a\x81b") == "a\x81b"  # not cp1252 either: latin-1 takes every byte
    assert decode_text(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    assert decode_text("e\u0301".encode()) == "\u00e9"


def test_utf8_bom_crlf_and_nfc_through_parse() -> None:
    data = "\ufeffHeadline\r\n\r\nCafe\u0301 society\r\nmatters.\r\n".encode("utf-8")
    article = parse_article(Path("a.txt"), data)
    assert article.title == "Headline"
    assert article.blocks[1].text == "Caf\u00e9 society matters."
    assert "\r" not in article.text and "\ufeff" not in article.text


def test_utf16_file_is_not_binary() -> None:
    article = parse_article(Path("a.txt"), "Headline\n\nBody.\n".encode("utf-16"))
    assert article.text == "Headline\nBody."


@given(st.binary(max_size=300))
@settings(max_examples=150, deadline=None)
def test_decode_text_never_raises(data: bytes) -> None:
    text = decode_text(data)
    assert "\r" not in text


# --- errors ------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n ", "\ufeff\n".encode()])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(ArticleError, match="^empty file$") as info:
        parse_article(Path("a.txt"), data)
    assert info.value.reason == "empty file"


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00text", bytes(range(1, 9)) * 50 + b"some text"])
def test_binary_file(data: bytes) -> None:
    with pytest.raises(ArticleError, match="^binary file$"):
        parse_article(Path("a.txt"), data)


def test_too_large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(articles, "MAX_FILE_BYTES", 10)
    with pytest.raises(ArticleError, match=r"^file too large \(11 bytes, limit 10 bytes\)$"):
        parse_article(Path("a.txt"), b"x" * 11)
    path = tmp_path / "big.txt"
    path.write_bytes(b"y" * 2048)
    with pytest.raises(ArticleError, match=r"^file too large \(2 KB, limit 10 bytes\)$"):
        load_article(path)


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(int(34.2 * 2**20))  # sparse: costs no disk
    with pytest.raises(ArticleError, match=r"^file too large \(34.2 MB, limit 20 MB\)$"):
        load_article(path)
    assert MAX_FILE_BYTES == 20 * 2**20


def test_vanished_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(ArticleError, match="^vanished before it could be read$"):
        load_article(path)
    path.write_text("Headline\n\nBody.\n")

    def vanish(self: Path, *args: object, **kwargs: object) -> None:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))

    monkeypatch.setattr(Path, "open", vanish)  # deleted between stat and open
    with pytest.raises(ArticleError, match="^vanished before it could be read$"):
        load_article(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Headline\n\nBody.\n")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ArticleError, match="^unreadable: Permission denied$"):
        load_article(path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Headline\n\nBody.\n")
    path.chmod(0)
    try:
        with pytest.raises(ArticleError, match="^unreadable: Permission denied$"):
            load_article(path)
    finally:
        path.chmod(0o644)


def test_a_directory_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ArticleError, match="^unreadable: "):
        load_article(folder)


def test_only_chrome_is_no_readable_text() -> None:
    with pytest.raises(ArticleError, match="^no readable text$"):
        txt("Subscribe\n\nLeave a Reply\n")


def test_unsupported_suffix() -> None:
    with pytest.raises(ArticleError, match="unsupported file type .pdf"):
        parse_article(Path("a.pdf"), b"%PDF")


def test_is_supported() -> None:
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".markdown", ".html", ".htm"}
    assert is_supported(Path("x/A.TXT")) and is_supported(Path("b.Markdown"))
    assert not is_supported(Path("c.pdf")) and not is_supported(Path("txt"))


def test_load_article_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Headline\n\nBody.\n")
    article = load_article(path)
    assert (article.path, article.id, article.text) == (path, article_id_for(path), "Headline\nBody.")


# --- properties --------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "", " ", "Word", "word", "co-", "operation", "Title Case Line", "A sentence.", "- item", "* item",
        "1. item", "# Heading", "> quote", "---", "title: x", "Subscribe", "Leave a Reply",
        "November 24, 2016", "By Jane Doe", "<p>para", "</p>", "<br>", "<li>", "<h1>", "<script>",
        "&amp;", "\u00a0", "e\u0301", "\t", "\r", "\u2028", "\x0c", "😀", "<!--", "<![CDATA[",
    ]
)
_TEXTY = st.lists(st.lists(_PIECES, max_size=6).map(" ".join), max_size=12).map("\n".join)


def _parse_or_error(name: str, data: bytes) -> None:
    try:
        article = parse_article(Path(name), data)
    except ArticleError as err:
        assert err.reason and str(err) == err.reason
        return
    assert_text_model(article)


_SUFFIXES = st.sampled_from(sorted(SUPPORTED_SUFFIXES))
_PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(_SUFFIXES, st.text(max_size=400))
@_PROPERTY
def test_any_text_gives_an_article_or_an_article_error(suffix: str, text: str) -> None:
    _parse_or_error(f"doc{suffix}", text.encode("utf-8", errors="surrogatepass"))


@given(_SUFFIXES, _TEXTY)
@_PROPERTY
def test_text_like_input_gives_an_article_or_an_article_error(suffix: str, text: str) -> None:
    _parse_or_error(f"doc{suffix}", text.encode("utf-8"))


@given(_SUFFIXES, st.binary(max_size=400))
@_PROPERTY
def test_any_bytes_give_an_article_or_an_article_error(suffix: str, data: bytes) -> None:
    _parse_or_error(f"doc{suffix}", data)
