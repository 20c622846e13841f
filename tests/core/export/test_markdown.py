"""Markdown: one document of notes."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from reader.core.export import LOST_HEADING, ArticleMeta, deep_link, to_markdown
from tests.core.export.helpers import (ARTICLES, WHEN, blockquote_texts, front_matter, headings,
                                       make_note, md_tokens, rendered)


def test_markdown_front_matter_and_sections(notes):
    text = to_markdown(notes, ARTICLES, exported_at=WHEN)
    fm = front_matter(text)
    assert fm == {"title": "Reader notes", "exported_at": "2026-11-21T09:30:00+00:00",
                  "note_count": 4, "article_count": 2}
    tokens = md_tokens(text)
    assert headings(tokens, "h1") == ["Reader notes"]
    assert headings(tokens, "h2") == ["France will now hold its nose", 'Oil: a "new" era?']
    assert headings(tokens, "h3") == [LOST_HEADING]
    assert text.count("---\n") == 2  # one front matter only


def test_markdown_passages_bodies_tags_links(notes):
    text = to_markdown(notes, ARTICLES, exported_at=WHEN)
    quotes = blockquote_texts(md_tokens(text))
    assert "passage number 3" in quotes
    assert "passage number 2" in quotes
    html = rendered(text)
    assert "<strong>bold</strong> point" in html
    assert "<li>first</li>" in html and "<li>second</li>" in html
    assert "#Russia #big-picture" in text
    assert "Colour: green" in text
    assert f'<a href="{deep_link(notes[0])}">Open in Reader</a>' in html
    assert "<code>/lib/france.txt</code>" in html
    for note in notes:
        assert text.count(f"<!-- reader-note: {note.id} -->") == 1
        assert text.count(f"<!-- /reader-note: {note.id} -->") == 1


def test_markdown_reading_order_and_orphans_last(notes):
    text = to_markdown(notes, ARTICLES, exported_at=WHEN)
    france = text[:text.index("## Oil")]
    order = [france.index(f"reader-note: {n.id}") for n in (notes[1], notes[0], notes[3])]
    assert order == sorted(order)
    assert france.index(LOST_HEADING) < france.index(f"reader-note: {notes[3].id}")
    assert france.index(LOST_HEADING) > france.index(f"reader-note: {notes[0].id}")


def test_markdown_passage_cannot_become_structure(notes):
    text = to_markdown([notes[1]], ARTICLES, exported_at=WHEN)
    tokens = md_tokens(text)
    assert headings(tokens, "h1") == ["Reader notes"]
    inside = tokens[[t.type for t in tokens].index("blockquote_open"):]
    inside = inside[:[t.type for t in inside].index("blockquote_close")]
    assert {t.type for t in inside} == {
        "blockquote_open", "paragraph_open", "inline", "paragraph_close"}
    quote = blockquote_texts(tokens)[0]
    assert quote.splitlines() == ["\\# Not a heading", "\\- not a list", "1\\. not ordered",
                                  "plain line"]
    html = rendered(text)
    for line in ("# Not a heading", "- not a list", "1. not ordered", "plain line"):
        assert f"<p>{line}</p>" in html
    raw = text[text.index("> "):]
    quote_lines = raw[:raw.index("\n\n")].splitlines()
    assert all(line.startswith(">") for line in quote_lines)


@pytest.mark.parametrize("line", [
    "=====", "---", "***", "> nested", "+ plus", "* star", "    indented code",
    "```fence", "~~~tilde", "<div>html</div>", "[ref]: http://x", "| a | b |", "$$math",
    "<!-- reader: your notes below are kept -->", "2) two",
])
def test_markdown_passage_line_stays_a_paragraph(line):
    note = make_note(1, exact=f"Intro line\n{line}")
    html = rendered(to_markdown([note], ARTICLES, exported_at=WHEN))
    inner = html[html.index("<blockquote>"):html.index("</blockquote>")]
    assert inner.count("<p>") == 2
    assert not re.search(r"<(h\d|ul|ol|hr|pre|div|table)\b", inner)


def test_markdown_titles_and_metadata_render_literally():
    meta = ArticleMeta(id="c3" * 8, path="/lib/a `b`.txt", title="C# *not em* <b>x</b> [y](z) #",
                       author="_A_ & B", date="2016-11-24", source="- dash")
    text = to_markdown([make_note(1, article_id=meta.id)], {meta.id: meta}, exported_at=WHEN)
    assert headings(md_tokens(text), "h2") == [
        "C\\# \\*not em\\* \\<b\\>x\\</b\\> \\[y\\](z) \\#"]
    html = rendered(text)
    assert "<h2>C# *not em* &lt;b&gt;x&lt;/b&gt; [y](z) #</h2>" in html
    assert "<li>Author: _A_ &amp; B</li>" in html and "<li>Source: - dash</li>" in html
    assert "<code>/lib/a `b`.txt</code>" in html


def test_markdown_empty_export():
    text = to_markdown([], {}, exported_at=WHEN)
    assert front_matter(text)["note_count"] == 0
    assert "No notes to export." in text


def test_markdown_orphaned_article_uses_note_fallback():
    note = make_note(1, article_id="dead" * 4, article_title="Gone article",
                     article_path="/lib/gone.txt")
    text = to_markdown([note], {}, exported_at=WHEN)
    assert headings(md_tokens(text), "h2") == ["Gone article"]
    assert "<code>/lib/gone.txt</code>" in rendered(text)


def test_markdown_naive_exported_at_gets_a_zone(notes):
    stamp = front_matter(to_markdown(notes, ARTICLES, exported_at=datetime(2026, 1, 2, 3, 4)))
    assert datetime.fromisoformat(stamp["exported_at"]).tzinfo is not None


# --------------------------------------------------------------------------
# Markdown, one file per article


def test_markdown_quote_of_a_passage_with_its_source():
    from reader.core.export import markdown_quote
    from reader.core.model import Article, Block

    article = Article(id="x" * 16, path=Path("/lib/a.md"), title="A *starred* [title]",
                      blocks=(Block("heading", "A *starred* [title]", 1),
                              Block("paragraph", "# Not a heading"),
                              Block("paragraph", "  1. Not a list  ")),
                      date="2016-11-24T23:21", source="Example Times")
    start = article.text.index("# Not")
    quote = markdown_quote(article, start, len(article.text))
    assert quote == ("> \\# Not a heading\n>\n> 1\\. Not a list\n>\n"
                     "> — *A \\*starred\\* \\[title\\]*, Example Times, 24 November 2016 (/lib/a.md)\n")
    tokens = md_tokens(quote)
    assert [t.type for t in tokens if t.type.endswith("_open")] == [
        "blockquote_open", "paragraph_open", "paragraph_open", "paragraph_open"]


def test_markdown_quote_refuses_a_passage_outside_the_text():
    from reader.core.export import markdown_quote
    from reader.core.model import Article, Block

    article = Article(id="x" * 16, path=Path("/a.txt"), title="", blocks=(Block("paragraph", "abc"),))
    with pytest.raises(ValueError, match="no passage 2..9"):
        markdown_quote(article, 2, 9)


# --------------------------------------------------------------------------
# Citations, with the page where the passage starts


def _paragraphs_after_quotes(text: str) -> list[str]:
    """The paragraph right after each top-level quote: its citation."""
    tokens = md_tokens(text)
    found, depth = [], 0
    for i, token in enumerate(tokens):
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type == "blockquote_close" and depth == 0:
            found.append(tokens[i + 2].content)  # paragraph_open, inline
    return found


def test_markdown_cites_each_passage_with_its_page():
    meta = ArticleMeta(id="c3" * 8, path="/lib/sitrep.pdf", title="Situation *Report*",
                       date="2019-01-10T08:00", source="The Ministry", pages=((0, 1), (300, 12)))
    notes = [make_note(1, article_id=meta.id, start=10, end=20),
             make_note(40, article_id=meta.id, start=400, end=405),
             make_note(41, article_id=meta.id, start=400, end=405, status="orphaned")]
    text = to_markdown(notes, {meta.id: meta}, exported_at=WHEN)
    cite = "— *Situation \\*Report\\**, The Ministry, 10 January 2019"
    assert _paragraphs_after_quotes(text) == [f"{cite}, p. 1", f"{cite}, p. 12", cite]
    assert "<p>— <em>Situation *Report*</em>, The Ministry, 10 January 2019, p. 12</p>" \
        in rendered(text)


def test_markdown_cites_no_page_for_an_article_without_pages(notes):
    text = to_markdown(notes, ARTICLES, exported_at=WHEN)
    citations = _paragraphs_after_quotes(text)
    assert "— *Oil: a \"new\" era?*, Example News" in citations
    assert "— *France will now hold its nose*, The Telegraph, 24 November 2016" in citations
    assert not any("p." in line for line in citations)


def test_markdown_quote_cites_the_page_of_the_block_the_passage_starts_in():
    from reader.core.export import markdown_quote
    from reader.core.model import Article, Block

    article = Article(id="x" * 16, path=Path("/lib/r.pdf"), title="R", source="S", blocks=(
        Block("heading", "R", 1, page=1), Block("paragraph", "On the first page.", page=1),
        Block("paragraph", "On page twelve, and on.", page=12)))
    start = article.text.index("twelve")
    assert markdown_quote(article, start, len(article.text)).endswith("> — *R*, S, p. 12 (/lib/r.pdf)\n")
    first = article.text.index("first")
    assert markdown_quote(article, first, len(article.text)).endswith("> — *R*, S, p. 1 (/lib/r.pdf)\n")
