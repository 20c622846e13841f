"""Text helpers (text.py): cleaning a block's text, rejoining hard-wrapped lines."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.articles import text as text_module
from tests.core.articles.checks import txt


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


def test_whitespace_is_collapsed_but_a_lone_nbsp_kept() -> None:
    article = txt("Headline\n\nsome\t\ttabs and\u00a0nbsp and \u00a0 runs\x07.\n")
    assert article.blocks[1].text == "some tabs and\u00a0nbsp and runs."


_SPACY = st.text(st.sampled_from([c for c in map(chr, range(0x3001)) if c.isspace()]
                                 + list("ab\u200b\x07é")), max_size=12)


@given(_SPACY)
@settings(max_examples=500, deadline=None)
def test_whitespace_pattern_replaces_what_the_plain_one_does(text: str) -> None:
    """SPACES is written for speed; it must match what its plain form matches."""
    plain = re.compile(r"\s{2,}|[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
    assert text_module.SPACES.sub(" ", text) == plain.sub(" ", text)


@given(st.text(alphabet=st.sampled_from(" \t\n\x0b\u00a0\u2009\x01\x7fab Ж🙂"), max_size=40),
       st.lists(st.integers(0, 40), max_size=8))
def test_clean_mapped_cleans_as_clean_does_and_keeps_marks_in_the_text(raw, marks):
    marks = sorted(min(m, len(raw)) for m in marks)
    cleaned, moved = text_module.clean_mapped(raw, marks)
    assert cleaned == text_module.clean(raw)
    assert all(0 <= m <= len(cleaned) for m in moved)
    assert moved == sorted(moved)  # order is kept, so a span never turns inside out


@given(st.lists(st.text(alphabet=st.sampled_from(" \t\n\x01aЖع🙂"), max_size=6), min_size=1, max_size=8))
def test_clean_mapped_keeps_each_piece_where_it_went(pieces):
    """Marks at the pieces' edges cut the cleaned text into the pieces' own cleaned texts."""
    raw = "".join(pieces)
    edges = [sum(map(len, pieces[:i])) for i in range(len(pieces) + 1)]
    cleaned, moved = text_module.clean_mapped(raw, edges)
    for piece, start, end in zip(pieces, moved, moved[1:]):
        assert cleaned[start:end].strip() == text_module.clean(piece)


def test_clean_mapped_examples():
    assert text_module.clean_mapped("  a  \x01b\n\n c ", [0, 2, 3, 5, 6, 10, 11]) == (
        "a b c", [0, 0, 1, 2, 2, 4, 5])
    assert text_module.clean_mapped("plain", []) == ("plain", [])


@given(st.lists(st.sampled_from([" ", " ", "a", "b.", "Ж🙂", "\u00a0", "\u2009", "\t", "\n",
                                  "\x0b", "\x01", "\x7f", "\x85"]), max_size=12).map("".join))
@settings(max_examples=500)
def test_clean_takes_its_shortcut_only_where_the_substitutions_change_nothing(raw):
    """``clean`` skips its two substitutions for printable text without double
    spaces; the result must be what the substitutions give."""
    full = text_module.SPACES.sub(" ", text_module.CONTROL.sub("", raw)).strip()
    assert text_module.clean(raw) == full


@given(st.text(alphabet=st.sampled_from(".!?…:\"'”’»)] \t\n\u2009a,;"), max_size=12))
@settings(max_examples=1000)
def test_ends_sentence_is_what_the_end_anchored_pattern_says(text):
    pattern = re.compile(r"[.!?…:][\"'”’»)\]]*\s*$")
    assert text_module.ends_sentence(text) == bool(pattern.search(text))
