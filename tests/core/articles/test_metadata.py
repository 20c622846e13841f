"""Datelines, bylines and sources (metadata.py)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.articles import metadata
from reader.core.model import BOILERPLATE, PARAGRAPH, Block
from tests.core.articles.checks import txt


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


@given(st.sampled_from(["This post first appeared on X", "the article was first published by Y",
                        "ORIGINALLY PUBLISHED AT Z", "source: W", "ſource: V", "Sources say",
                        " Source: U", "Thesis", ""]))
def test_only_blocks_that_can_start_an_attribution_are_tried(line):
    """source_from skips a block whose first letter no attribution starts
    with: the answer is the patterns' own."""
    expected = next((metadata._tidy_source(m.group("source"))
                     for m in (p.match(line) for p in metadata._ATTRIBUTIONS) if m), "")
    assert metadata.source_from([Block(PARAGRAPH, line)]) == expected
