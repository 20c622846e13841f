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
