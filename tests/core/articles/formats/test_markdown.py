"""Markdown (formats/markdown.py): rendering, and metadata from the YAML front matter."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.articles import parse_article
from reader.core.model import BOLD, CODE, HEADING, ITALIC, LINK, LIST_ITEM, PARAGRAPH, QUOTE
from tests.core.articles.checks import assert_text_model, kinds_and_texts


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


@pytest.mark.parametrize(
    ("front", "fields"),
    [
        # YAML would type these; the article wants them as written
        ("title: 2016\ndate: 2016-11-24", ("2016", "2016-11-24", "")),
        ("title: yes\ndate: 2016-11-24T23:21:05Z\nauthor: null", ("yes", "2016-11-24T23:21", "")),
        ("title: T # a comment\nauthors: [Ann, 'Bob Roe']", ("T", "", "Ann, Bob Roe")),
        ("Title: Upper\nauthor: ~", ("Upper", "", "")),
    ],
)
def test_front_matter_values_are_text_as_written(front: str, fields: tuple[str, str, str]) -> None:
    article = parse_article(Path("a.md"), f"---\n{front}\n---\nBody.\n".encode())
    assert (article.title, article.date, article.author) == fields
    assert "Body." in article.text


@pytest.mark.parametrize(
    "front",
    ["title: [unclosed", "title: T: U", "- a list\n- not a mapping", "title: !!python/object:os.system x"],
)
def test_a_front_matter_yaml_rejects_is_read_as_text(front: str) -> None:
    article = parse_article(Path("a.md"), f"---\n{front}\n---\n\nBody.\n".encode())
    assert article.title == "a"
    assert "Body." in article.text and front.split("\n")[0].lstrip("- ") in article.text


def test_bold_italic_code_and_links_are_kept_as_spans_over_unchanged_text() -> None:
    source = ("# The **Grain** Deal\n\n"
              "Talks in *Москва* and **الرياض** 🙂 went on, see [the other report](other.md)\n"
              "and `grain_corridor()`; ***both*** at once, [web](https://example.org/a?b=1&c=2).\n")
    article = parse_article(Path("deal.md"), source.encode("utf-8"))
    assert_text_model(article)
    heading, paragraph = (b for b in article.blocks if b.kind != "boilerplate")
    assert heading.kind == HEADING and heading.text == article.title == "The Grain Deal"
    assert [(heading.text[s.start:s.end], s.kind) for s in heading.spans] == [("Grain", BOLD)]
    assert paragraph.text == ("Talks in Москва and الرياض 🙂 went on, see the other report and "
                              "grain_corridor(); both at once, web.")
    assert sorted((paragraph.text[s.start:s.end], s.kind, s.href) for s in paragraph.spans) == sorted([
        ("Москва", ITALIC, ""), ("الرياض", BOLD, ""), ("the other report", LINK, "other.md"),
        ("grain_corridor()", CODE, ""), ("both", BOLD, ""), ("both", ITALIC, ""),
        ("web", LINK, "https://example.org/a?b=1&c=2"),
    ])
