"""Block assembly (blocks.py): the title heading first, chrome before it, no readable text."""
from __future__ import annotations

import pytest

from reader.core.model import BOILERPLATE, HEADING, PARAGRAPH, ArticleError
from tests.core.articles.checks import assert_text_model, kinds_and_texts, seed, txt


def test_chrome_before_the_headline_keeps_its_place() -> None:
    for prefix, chrome in (("003", "Support Russia Insider - Go Ad-Free!"), ("004", "Skip to main content")):
        blocks = seed(prefix).blocks
        assert (blocks[0].kind, blocks[0].text) == (BOILERPLATE, chrome)
        assert blocks[1].kind == HEADING


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


def test_only_chrome_is_no_readable_text() -> None:
    with pytest.raises(ArticleError, match="^no readable text$"):
        txt("Subscribe\n\nLeave a Reply\n")


def test_a_very_long_block_is_cut_at_spaces_into_pieces_the_reading_pane_can_lay_out() -> None:
    from reader.core.articles.blocks import MAX_BLOCK_CHARS, split_long
    from reader.core.model import BOLD, Block, Span

    words = " ".join(f"word{n}" for n in range(6000))  # about 53,000 characters, no break
    block = Block(PARAGRAPH, words, page=3, spans=(Span(9990, 10010, BOLD),))
    pieces = split_long(block)
    assert len(pieces) > 1 and all(len(p.text) <= MAX_BLOCK_CHARS for p in pieces)
    assert " ".join(p.text for p in pieces) == words  # each cut at a space: nothing lost
    assert len("\n".join(p.text for p in pieces)) == len(words)  # so no offset moves
    assert all(p.kind == PARAGRAPH and p.page == 3 for p in pieces)
    bold = [p.text[s.start:s.end] for p in pieces for s in p.spans]
    assert " ".join(bold) == words[9990:10010]  # the span follows its words, across a cut too
    run = Block(PARAGRAPH, "x" * 25_000)  # no space at all: cut hard
    assert [len(p.text) for p in split_long(run)] == [10_000, 10_000, 5_000]
    assert split_long(Block(PARAGRAPH, "short")) == [Block(PARAGRAPH, "short")]


def test_an_article_of_one_enormous_line_comes_in_pieces(tmp_path) -> None:
    from reader.core.articles import load_article
    path = tmp_path / "dump.txt"
    body = " ".join(["Damascus convoy monitors said"] * 20_000)  # 600 KB on one line
    path.write_text("Dump\n\n" + body, encoding="utf-8")
    article = load_article(path)
    assert max(len(b.text) for b in article.blocks) <= 10_000
    assert article.text.replace("\n", " ").endswith(body)  # the same words, same offsets
