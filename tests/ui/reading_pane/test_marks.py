"""Hits and highlights as extra selections: exactly the core text, only near the view."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.ui.reading_pane.pane_helpers import (
    EMOJI, SAMPLE, drawn, long_article, make_article, make_note, select_doc,
)

from reader.core.model import BLOCK_KINDS, FUZZY, ORPHANED, Block, text_fingerprint
from reader.ui.reading_pane import PARAGRAPH_SEPARATOR, ReadingPane
from reader.ui.reading_pane.marks import is_drawable, valid_ranges

_CHARS = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                  exclude_characters="\ufdd0\ufdd1\ufffc"),
    st.sampled_from([EMOJI, "👍🏽", "👩\u200d👩\u200d👧", "e\u0301", "a\u0308\u0323", "中", "文", "𝔘", " "]),
)
_BLOCKS = st.lists(
    st.tuples(st.sampled_from(BLOCK_KINDS), st.lists(_CHARS, max_size=30).map("".join),
              st.integers(0, 3)),
    min_size=1, max_size=7,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=_BLOCKS, data=st.data())
def test_drawn_text_is_exactly_the_core_text(pane: ReadingPane, blocks, data) -> None:
    article = make_article(*(Block(kind, text, level) for kind, text, level in blocks),
                           title="T")
    text = article.text
    offsets = st.integers(0, len(text))

    def ranges(n: int) -> list[tuple[int, int]]:
        found = []
        for _ in range(n):
            a, b = sorted(data.draw(st.tuples(offsets, offsets)))
            if a < b:
                found.append((a, b))
        return found

    notes = [make_note(article, s, e, note_id=f"n{i}") for i, (s, e) in enumerate(ranges(4))]
    hits = ranges(4)
    pane.show_article(article, notes, hits)
    by_note = {n.id: text[n.start:n.end] for n in notes}
    for note_id, shown in drawn(pane, "note"):
        assert shown == by_note[note_id]
    assert sorted(shown for _k, shown in drawn(pane, "hit")) == sorted(
        text[s:e] for s, e in valid_ranges(hits, article))  # (words that meet: one hit)
    for key, shown in drawn(pane, "current"):
        assert shown == text.__getitem__(slice(*pane.hits[int(key)]))
    assert len(drawn(pane, "note")) == len(notes)
    # a programmatic selection of document positions maps back exactly
    if text:
        s, e = sorted(data.draw(st.tuples(offsets, offsets)))
        if s < e:
            select_doc(pane, pane.text_map.to_doc(s), pane.text_map.to_doc(e))
            assert pane.selected_range() == (s, e)
            assert pane.selected_text() == text[s:e]
            selected = pane.view.textCursor().selectedText().replace(PARAGRAPH_SEPARATOR, "\n")
            assert selected == text[s:e]


def test_emoji_highlight_and_hit_are_exact(pane: ReadingPane) -> None:
    text = SAMPLE.text
    s = text.index(EMOJI)
    note = make_note(SAMPLE, s - 6, s + 1 + 6, body="emoji!")
    pane.show_article(SAMPLE, [note], [(s, s + 1)])
    assert drawn(pane, "note") == [("n1", text[s - 6:s + 7])]
    assert drawn(pane, "hit") == [("0", EMOJI)]
    assert drawn(pane, "current") == [("0", EMOJI)]


@pytest.mark.parametrize("mark", ["\ufeff", "\ufffe"])
def test_a_block_that_starts_with_a_byte_order_mark_keeps_every_offset(
        pane: ReadingPane, mark: str) -> None:
    """A BOM left mid-page starts a block: PySide would drop it as a string's
    byte order mark (and read the rest byte-swapped after a U+FFFE), and
    every mark after it would be a character off."""
    article = make_article(Block("paragraph", "Before the mark."),
                           Block("paragraph", f"{mark}After the mark."), title="T")
    text = article.text
    s = text.index("After")
    pane.show_article(article, [make_note(article, s, s + 5)], [(s - 1, s + 5)])
    assert drawn(pane, "note") == [("n1", "After")]
    assert drawn(pane, "hit") == [("0", f"{mark}After")]
    select_doc(pane, pane.text_map.to_doc(s), pane.text_map.to_doc(len(text)))
    assert pane.view.textCursor().selectedText() == "After the mark."


def test_orphaned_and_stale_notes_are_not_drawn(pane: ReadingPane) -> None:
    good = make_note(SAMPLE, 0, 4, note_id="good")
    orphan = make_note(SAMPLE, 5, 9, note_id="orphan", status=ORPHANED)
    stale = make_note(SAMPLE, 10, 14, note_id="stale")
    stale.fingerprint, stale.exact = text_fingerprint("old text"), "zzzz"
    moved = make_note(SAMPLE, 20, 24, note_id="fuzzy", status=FUZZY)
    moved.fingerprint = text_fingerprint("old text")  # re-anchored: text there differs from exact
    moved.exact = "something similar"
    pane.show_article(SAMPLE, [good, orphan, stale, moved])
    assert [k for k, _ in drawn(pane, "note")] == ["good"]


def test_only_marks_near_the_view_are_selections_and_scrolling_brings_the_rest(
        qtbot, pane: ReadingPane) -> None:
    """An extra selection makes Qt lay out the text up to it: marks far below the
    view must wait until the reader scrolls there, then be drawn exactly."""
    article = long_article()
    text = article.text
    hits = [(i, i + 9) for i in range(len(text)) if text.startswith("Paragraph", i)]
    notes = [make_note(article, s, s + 14, note_id=f"n{i}") for i, (s, _e) in enumerate(hits[::10])]
    needle = text.index("needle")
    notes.append(make_note(article, needle, needle + 6, note_id="last"))
    pane.show_article(long_article())  # another long one before, read to the end
    bar = pane.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    pane.show_article(article, notes, hits)
    # Right after the render: only the marks near the top, where the view is.
    first_drawn = {int(key) for kind, key, _text in pane.drawn_passages() if kind == "hit"}
    assert bar.value() == 0 and 0 in first_drawn and max(first_drawn) < 25  # a screen or two
    bar.setValue(0)
    near_top = {key for kind, key, _text in pane.drawn_passages() if kind == "hit"}
    assert "0" in near_top and str(len(hits) - 1) not in near_top
    assert len(near_top) < len(hits) // 2
    assert "last" not in {key for kind, key, _text in pane.drawn_passages() if kind == "note"}
    bar.setValue(bar.maximum())
    qtbot.wait(200)  # Qt finishes laying out a long text in the background
    bar.setValue(bar.maximum())
    near_end = pane.drawn_passages()
    keys = {key for kind, key, _text in near_end if kind == "hit"}
    assert str(len(hits) - 1) in keys and "0" not in keys
    assert "last" in {key for kind, key, _text in near_end if kind == "note"}
    for kind, key, passage in near_end:
        start, end = hits[int(key)] if kind in ("hit", "current") else \
            next((n.start, n.end) for n in notes if n.id == key)
        assert passage == text[start:end]
    # The whole article's marks, as scrolling through it shows them.
    everything = pane.drawn_passages(whole_article=True)
    assert [p for kind, _key, p in everything if kind == "hit"] == [text[s:e] for s, e in hits]
    assert len([1 for kind, _key, _p in everything if kind == "note"]) == len(notes)



def test_valid_ranges_are_inside_sorted_and_unique() -> None:
    article = make_article(Block("paragraph", "0123456789"))
    assert valid_ranges([(5, 7), (0, 2), (5, 7), (3, 3), (8, 99), (-1, 2)], article) == [(0, 2), (5, 7)]
    assert valid_ranges([(0, 2)], None) == []


def test_a_note_is_drawable_only_where_its_passage_is() -> None:
    article = make_article(Block("paragraph", "The passage is here."))
    note = make_note(article, 4, 11)
    assert is_drawable(note, article)
    assert not is_drawable(note, None)
    assert not is_drawable(replace(note, status=ORPHANED), article)
    assert not is_drawable(replace(note, article_id="other"), article)
    assert not is_drawable(replace(note, fingerprint="old", exact="missing"), article)
    assert is_drawable(replace(note, fingerprint="old"), article)  # the text still matches


def test_words_that_meet_are_one_hit_and_paragraphs_stay_apart() -> None:
    article = make_article(Block("paragraph", "The Islamic State said."),
                           Block("paragraph", "State media replied."), title="T")
    text = article.text
    islamic, state = text.index("Islamic"), text.index("State")
    second = text.index("State", state + 1)
    hits = [(islamic, islamic + 7), (state, state + 5), (second, second + 5)]
    assert [text[s:e] for s, e in valid_ranges(hits, article)] == ["Islamic State", "State"]
