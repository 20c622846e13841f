"""What a template receives: block ids, Obsidian tags, quoting, the variables."""
from __future__ import annotations

import re

import pytest

from reader.core.export import ArticleMeta, block_id, obsidian_tag
from reader.core.export.template_vars import article_vars, document_vars, quoted
from tests.core.export.helpers import ARTICLES, make_note


def test_block_ids_are_short_stable_and_differ_for_ids_with_the_same_start():
    a, b = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
    assert block_id(a) == block_id(a) != block_id(b)
    assert re.fullmatch(r"note-[0-9a-f]{8}", block_id("imported/odd id é"))


@pytest.mark.parametrize("tag, expected", [
    ("big picture", "big-picture"), ("1984", "_1984"), ("topic/sub", "topic/sub"),
    ("/a//b/", "a/b"), ("Россия", "Россия"), ("a: b!", "a-b"), ("#x", "x"), ("🙂", ""),
])
def test_obsidian_tags(tag, expected):
    assert obsidian_tag(tag) == expected


def test_quoted_puts_markdown_inside_a_quote():
    assert quoted("one\n\n- two\r\nthree") == "> one\n>\n> - two\n> three"


def test_the_variables_of_a_document_and_of_an_articles_file(notes):
    whole = document_vars(notes, ARTICLES, "2026-11-21T09:30:00+00:00", False)
    assert (whole["note_count"], whole["article_count"], whole["per_article"]) == (4, 2, False)
    france = whole["articles"][0]
    assert [n["quote"] for n in france["notes"]][-1] == "passage number 3"
    assert [n["body"] for n in france["lost"]] == ["Orphan body"]
    assert france["date_text"] == "24 November 2016"
    assert france["link"] == "reader://article/" + "a1" * 8
    assert france["tags"] == ["big-picture", "Russia", "syria"]
    note = france["notes"][-1]
    assert note["hashtags"] == "#Russia #big-picture" and note["tags"] == ["Russia", "big picture"]
    assert note["citation"] == "— *France will now hold its nose*, The Telegraph, 24 November 2016"
    meta = ArticleMeta(id="e5" * 8, path="/lib/x.pdf", title="", pages=((0, 1), (40, 2)))
    one = article_vars(meta, [make_note(5, article_id=meta.id)], "2026-11-21T09:30:00+00:00", True)
    assert one["per_article"] and one["with_colour"] and one["title"] == "x"
    assert one["articles"][0]["notes"][0]["page"] == 2
    assert "author:" not in one["front_matter"] and "tags:" not in one["front_matter"]
