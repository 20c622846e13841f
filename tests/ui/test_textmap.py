"""TextMap: core offsets (code points) <-> Qt positions (UTF-16 units)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.ui.textmap import TextMap, utf16_length

EMOJI = "😀"  # U+1F600: two UTF-16 units
FAMILY = "👩\u200d👩\u200d👧"  # a ZWJ sequence: five code points, eight units


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_ascii_is_identity() -> None:
    tm = TextMap("hello\nworld")
    assert [tm.to_doc(i) for i in range(12)] == list(range(12))
    assert [tm.to_core(i) for i in range(12)] == list(range(12))


def test_emoji_counts_twice_in_the_document() -> None:
    text = f"a{EMOJI}b{EMOJI}{EMOJI}c"
    tm = TextMap(text)
    assert [tm.to_doc(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    assert tm.doc_length == units(text) == utf16_length(text) == 9
    for offset in range(len(text) + 1):
        assert tm.to_core(tm.to_doc(offset)) == offset


def test_position_inside_a_surrogate_pair_snaps_to_the_character() -> None:
    tm = TextMap(f"a{EMOJI}b")
    assert tm.to_core(2) == 1  # between the halves: start of the emoji
    assert tm.to_core(2, round_up=True) == 2  # ... or its end
    assert tm.range_to_core(2, 2) == (1, 2)


def test_combining_accents_and_cjk_are_one_unit_each() -> None:
    text = "e\u0301te\u0301 中文 naïve"
    tm = TextMap(text)
    assert tm.doc_length == len(text)
    assert all(tm.to_doc(i) == i for i in range(len(text) + 1))


def test_zwj_sequence() -> None:
    text = f"x{FAMILY}y"
    tm = TextMap(text)
    assert tm.to_doc(len(text)) == units(text)
    assert tm.to_doc(text.index("y")) == units(text[: text.index("y")])


def test_base_is_added_and_clamped() -> None:
    tm = TextMap(f"{EMOJI}ab", base=10)
    assert tm.to_doc(0) == 10
    assert tm.to_doc(1) == 12
    assert tm.to_core(12) == 1
    assert tm.to_core(3) == 0  # before the text (in the header): clamped to the start
    assert tm.to_core(999) == 3
    assert tm.to_doc(-5) == 10 and tm.to_doc(99) == 14


def test_reversed_range_is_normalised() -> None:
    tm = TextMap("abcdef")
    assert tm.range_to_core(4, 1) == (1, 4)


def test_large_text_with_many_emoji() -> None:
    chunk = f"Paragraph {EMOJI} with café and 中文 and {FAMILY}.\n"
    text = chunk * 20_000  # about 1 MB
    tm = TextMap(text)
    for offset in (0, 1, 11, 12, 500_000, len(text) - 3, len(text)):
        assert tm.to_doc(offset) == units(text[:offset])
        assert tm.to_core(tm.to_doc(offset)) == offset


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80),
       st.integers(min_value=0, max_value=50))
def test_round_trip_and_utf16_property(text: str, base: int) -> None:
    tm = TextMap(text, base)
    for offset in range(len(text) + 1):
        position = tm.to_doc(offset)
        assert position == base + units(text[:offset])
        assert tm.to_core(position) == offset
        assert tm.to_core(position, round_up=True) == offset
