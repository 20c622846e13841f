"""Blocks and their inline spans: styling over the text, never part of it."""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from reader.core.model import (BOLD, CODE, ITALIC, LINK, PARAGRAPH, Article, Block, Span,
                               article_id_for, text_fingerprint)


def test_spans_leave_the_article_text_alone():
    plain = Article("a", Path("a.md"), "T", (Block(PARAGRAPH, "one two"), Block(PARAGRAPH, "three")))
    styled = Article("a", Path("a.md"), "T", (
        Block(PARAGRAPH, "one two", spans=(Span(0, 3, BOLD), Span(4, 7, LINK, "b.md"))),
        Block(PARAGRAPH, "three", spans=(Span(0, 5, ITALIC),)),
    ))
    assert styled.text == plain.text == "one two\nthree"
    assert styled.block_starts == plain.block_starts
    assert styled.fingerprint == plain.fingerprint == text_fingerprint("one two\nthree")
    assert styled.indexable_text() == plain.indexable_text()


@pytest.mark.parametrize("span", [
    (0, 0, BOLD, ""), (3, 2, BOLD, ""), (-1, 2, BOLD, ""),  # empty, backwards, before the text
    (0, 2, "underline", ""),  # no such kind
    (0, 2, LINK, ""),  # a link without its target
    (0, 2, CODE, "x.md"),  # an href on no link
])
def test_a_span_that_is_no_span_is_refused(span):
    with pytest.raises(ValueError):
        Span(*span)


def test_a_span_must_stay_inside_its_block():
    Block(PARAGRAPH, "abc", spans=(Span(0, 3, BOLD),))
    with pytest.raises(ValueError, match="inside its text"):
        Block(PARAGRAPH, "abc", spans=(Span(1, 4, BOLD),))
    with pytest.raises(ValueError):
        Block(PARAGRAPH, "abc", spans=((0, 2, BOLD),))  # a tuple is no Span


def test_spans_are_kept_sorted_and_hashable():
    block = Block(PARAGRAPH, "hello world", spans=[Span(6, 11, LINK, "x"), Span(0, 5, BOLD)])
    assert block.spans == (Span(0, 5, BOLD), Span(6, 11, LINK, "x"))
    assert hash(block) == hash(Block(PARAGRAPH, "hello world",
                                     spans=(Span(0, 5, BOLD), Span(6, 11, LINK, "x"))))
    assert pickle.loads(pickle.dumps(block)) == block  # index workers pickle articles' parts


def test_styling_is_part_of_a_blocks_value():
    assert Block(PARAGRAPH, "abc") != Block(PARAGRAPH, "abc", spans=(Span(0, 1, BOLD),))
    assert Block(PARAGRAPH, "abc").spans == ()


def test_block_and_span_stay_slotted():
    with pytest.raises((AttributeError, TypeError)):
        Block(PARAGRAPH, "abc").colour = "red"  # type: ignore[attr-defined]
    assert not hasattr(Span(0, 1, BOLD), "__dict__")


def test_an_articles_id_is_that_of_its_resolved_path(tmp_path, monkeypatch):
    """A link, a relative path and the file itself give one id (the key is the
    resolved path, as Path.resolve() gives it); a part's key makes another."""
    real = tmp_path / "real" / "a.txt"
    real.parent.mkdir()
    real.write_text("x")
    (tmp_path / "link").symlink_to(real.parent)
    monkeypatch.chdir(tmp_path)
    expected = hashlib.sha1(str(real.resolve()).encode()).hexdigest()[:16]
    for path in (real, tmp_path / "link" / "a.txt", Path("link/../real/a.txt"),
                 Path("real//./a.txt")):
        assert article_id_for(path) == expected
    assert article_id_for(real, "part-2") != expected
