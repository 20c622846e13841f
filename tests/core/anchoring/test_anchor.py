"""Re-anchoring: each path, awkward text, find_quote, and properties of edits."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.anchoring import (
    CONTEXT_CHARS,
    FUZZY_THRESHOLD,
    MAX_ERRORS,
    Anchor,
    Selectors,
    anchor,
    describe,
    find_quote,
)
from reader.core.model import FUZZY, INTACT, MOVED, ORPHANED
from tests.core.anchoring.texts import (
    ARTICLE,
    LOWER_CHARS,
    LOWER_WORDS,
    QUOTE,
    UPPER_WORDS,
    selectors_of,
)


def test_unchanged_text_is_intact():
    start, end = find_quote(ARTICLE, QUOTE)
    assert anchor(ARTICLE, describe(ARTICLE, start, end)) == Anchor(INTACT, start, end, 1.0)


def test_edit_after_the_passage_leaves_it_intact():
    selectors = selectors_of(ARTICLE, QUOTE)
    edited = ARTICLE.replace("Critics say", "Some critics said")
    assert anchor(edited, selectors) == Anchor(INTACT, selectors.start, selectors.end, 1.0)


def test_text_inserted_before_moves_the_passage_by_exactly_that_much():
    selectors = selectors_of(ARTICLE, QUOTE)
    added = "Updated on Friday with comments from the ministry.\n"
    result = anchor(added + ARTICLE, selectors)
    assert result == Anchor(MOVED, selectors.start + len(added), selectors.end + len(added), 1.0)


def test_a_stored_position_outside_the_text_falls_back_to_the_quote():
    start, end = find_quote(ARTICLE, QUOTE)
    for wrong in (-5, len(ARTICLE) + 10):
        selectors = Selectors(QUOTE, ARTICLE[start - 32:start], ARTICLE[end:end + 32], wrong, wrong)
        assert anchor(ARTICLE, selectors) == Anchor(MOVED, start, end, 1.0)


def test_the_end_follows_from_the_quote_when_stored_selectors_disagree():
    start, end = find_quote(ARTICLE, QUOTE)
    selectors = Selectors(QUOTE, ARTICLE[start - 32:start], ARTICLE[end:end + 32], start, start)
    assert anchor(ARTICLE, selectors) == Anchor(INTACT, start, end, 1.0)


VIENNA = ("In March the council met in Vienna. "
          "The committee approved the plan after a long debate.\n")
GENEVA = "In May the council met in Geneva. The committee approved the plan without any debate.\n"


@pytest.mark.parametrize("occurrence", [1, 2])
def test_a_repeated_quote_is_told_apart_by_its_context_when_the_position_moved(occurrence):
    text = VIENNA + GENEVA
    selectors = selectors_of(text, "The committee approved the plan", occurrence)
    swapped = "Minutes of both meetings.\n" + GENEVA + VIENNA  # the old offset now misleads
    paragraph = (VIENNA, GENEVA)[occurrence - 1]
    start = swapped.index(paragraph) + paragraph.index("The committee")
    result = anchor(swapped, selectors)
    assert result == Anchor(MOVED, start, start + len(selectors.exact), 1.0)


def test_context_outweighs_nearness_for_a_repeated_quote():
    text = VIENNA + GENEVA
    selectors = selectors_of(text, "The committee approved the plan", 1)
    # The Vienna paragraph goes far away; a Geneva copy takes its place.
    edited = GENEVA + "x" * 5000 + "\n" + VIENNA
    start = edited.index(VIENNA) + VIENNA.index("The committee")
    assert anchor(edited, selectors).start == start


def test_a_repeated_quote_with_identical_context_goes_to_the_nearest_copy():
    text = VIENNA * 3
    selectors = selectors_of(text, "The committee", 2)
    result = anchor("Note.\n" + text, selectors)
    assert result == Anchor(MOVED, selectors.start + 6, selectors.end + 6, 1.0)


# --- fuzzy ----------------------------------------------------------------------


def test_a_one_letter_edit_inside_the_passage_is_fuzzy_with_the_exact_span():
    selectors = selectors_of(ARTICLE, QUOTE)
    edited = ARTICLE.replace("approved the plan", "approves the plan")
    result = anchor(edited, selectors)
    assert result.status == FUZZY
    assert (result.start, result.end) == (selectors.start, selectors.end)
    assert FUZZY_THRESHOLD <= result.score < 1.0


def test_words_inserted_inside_the_passage_widen_the_span():
    selectors = selectors_of(ARTICLE, QUOTE)
    widened = "the committee unanimously approved the plan on Tuesday"
    edited = "Corrected.\n" + ARTICLE.replace(QUOTE, widened)
    start = selectors.start + len("Corrected.\n")
    result = anchor(edited, selectors)
    assert (result.status, result.start, result.end) == (FUZZY, start, start + len(widened))


def test_a_changed_first_letter_is_a_substitution_not_a_shorter_match():
    selectors = selectors_of(ARTICLE, QUOTE)
    edited = ARTICLE.replace(QUOTE, "T" + QUOTE[1:])
    result = anchor(edited, selectors)
    assert (result.status, result.start, result.end) == (FUZZY, selectors.start, selectors.end)


def test_a_reflowed_passage_is_fuzzy_over_the_reflowed_text():
    selectors = selectors_of(ARTICLE, QUOTE)
    reflowed_quote = "the committee approved\nthe plan\u00a0on Tuesday"
    edited = ARTICLE.replace(QUOTE, reflowed_quote).replace("Judging from", "Judging\nfrom")
    start = edited.index(reflowed_quote)
    result = anchor(edited, selectors)
    assert (result.status, result.start, result.end) == (FUZZY, start, start + len(reflowed_quote))


def test_half_rewritten_passage_in_its_old_place_is_still_found():
    selectors = selectors_of(ARTICLE, QUOTE)
    rewritten = "the panel endorsed the plan on Wednesday"
    edited = ARTICLE.replace(QUOTE, rewritten)
    result = anchor(edited, selectors)
    assert result.status == FUZZY
    assert edited[result.start:result.end] == rewritten


# --- orphaned -------------------------------------------------------------------


def test_a_deleted_passage_is_orphaned():
    selectors = selectors_of(ARTICLE, "Critics say the decision was taken in haste")
    edited = ARTICLE[:selectors.start] + ARTICLE[selectors.end:]
    assert anchor(edited, selectors) == Anchor(ORPHANED, None, None, 0.0)


def test_a_weak_look_alike_elsewhere_does_not_adopt_the_note():
    text = (
        "The summit opened with a speech on trade.\n"
        "Russia will join the coalition against terror, the minister said.\n"
        "Delegates later discussed fishing quotas and the price of grain.\n"
        "Meanwhile Turkey would join a coalition against terrorism in Syria.\n"
    )
    selectors = selectors_of(text, "Russia will join the coalition against terror")
    paragraph = "Russia will join the coalition against terror, the minister said.\n"
    result = anchor(text.replace(paragraph, ""), selectors)
    assert result.status == ORPHANED and result.start is None and result.end is None
    assert 0.0 < result.score < FUZZY_THRESHOLD  # the look-alike was seen and rejected


def test_a_short_deleted_passage_is_not_found_in_the_text_that_closed_the_gap():
    # Without care, "the theme" right after the gap (with the old prefix
    # agreeing perfectly) would pass for an edited "the theatre".
    text = "On Sunday morning we walked in and saw that the theatre the theme park was closed."
    selectors = selectors_of(text, "the theatre")
    edited = text.replace("the theatre ", "")
    assert anchor(edited, selectors).status == ORPHANED


def test_empty_text_orphans_every_passage():
    selectors = selectors_of(ARTICLE, QUOTE)
    assert anchor("", selectors) == Anchor(ORPHANED, None, None, 0.0)


def test_a_one_character_passage_needs_an_exact_match():
    selectors = describe("a;b", 1, 2)
    assert anchor("a;b", selectors).status == INTACT
    assert anchor("a,b", selectors) == Anchor(ORPHANED, None, None, 0.0)


def test_a_long_quote_allows_max_errors_edits_not_half_its_length():
    rng = random.Random(3)
    words = [rng.choice(["alpha", "beta", "gamma", "delta", "omega"]) for _ in range(400)]
    text = "Intro line.\n" + " ".join(words) + "\nOutro line."
    start, end = 12, 12 + 1500
    selectors = describe(text, start, end)
    assert len(selectors.exact) // 2 > MAX_ERRORS  # the 256-error cap, not half the quote, binds
    scattered = list(text)
    for offset in range(start + 10, end - 10, 60):  # 25 substitutions: well within the cap
        scattered[offset] = "#"
    result = anchor("".join(scattered), selectors)
    assert (result.status, result.start, result.end) == (FUZZY, start, end)
    blotted = text[:start + 600] + "#" * 300 + text[start + 900:]  # 300 errors: beyond the cap
    assert anchor(blotted, selectors) == Anchor(ORPHANED, None, None, 0.0)


# --- zero-length passages -------------------------------------------------------


def test_an_empty_quote_is_intact_where_its_context_still_meets():
    start = ARTICLE.index("Critics")
    selectors = describe(ARTICLE, start, start)
    assert anchor(ARTICLE, selectors) == Anchor(INTACT, start, start, 1.0)


def test_an_empty_quote_moves_with_its_context():
    start = ARTICLE.index("Critics")
    selectors = describe(ARTICLE, start, start)
    moved = start + len("New first line.\n")
    assert anchor("New first line.\n" + ARTICLE, selectors) == Anchor(MOVED, moved, moved, 1.0)


def test_an_empty_quote_whose_context_was_edited_is_orphaned():
    start = ARTICLE.index("Critics")
    selectors = describe(ARTICLE, start, start)
    edited = ARTICLE.replace("\nCritics say", "\nSome critics say")
    assert anchor(edited, selectors) == Anchor(ORPHANED, None, None, 0.0)


def test_an_empty_quote_without_context_is_intact_anywhere_in_range():
    selectors = describe("", 0, 0)
    assert anchor("now there is text", selectors) == Anchor(INTACT, 0, 0, 1.0)
    assert anchor("", Selectors("", "", "", 3, 3)) == Anchor(ORPHANED, None, None, 0.0)


# --- awkward text ---------------------------------------------------------------


EMOJI_TEXT = (
    "Field notes \U0001F989 from the night walk.\n"
    "At midnight the owl \U0001F989 watched the mouse \U0001F42D run across the frozen path.\n"
    "Then the wind rose and everyone went home."
)


def test_offsets_count_code_points_so_emoji_move_passages_by_one_each():
    quote = "the owl \U0001F989 watched the mouse \U0001F42D run"
    selectors = selectors_of(EMOJI_TEXT, quote)
    added = "\U0001F389\U0001F389 "  # two party poppers and a space: three code points
    result = anchor(added + EMOJI_TEXT, selectors)
    assert result == Anchor(MOVED, selectors.start + 3, selectors.end + 3, 1.0)
    assert (added + EMOJI_TEXT)[result.start:result.end] == quote


def test_a_changed_emoji_inside_the_passage_is_one_edit():
    quote = "the owl \U0001F989 watched the mouse \U0001F42D run"
    selectors = selectors_of(EMOJI_TEXT, quote)
    edited = EMOJI_TEXT.replace("\U0001F42D", "\U0001F401")
    result = anchor(edited, selectors)
    assert (result.status, result.start, result.end) == (FUZZY, selectors.start, selectors.end)


def test_a_combining_accent_normalised_away_is_a_small_edit():
    text = "We met at the cafe\u0301 on the corner of Rue Lepic, then walked to the river."
    selectors = selectors_of(text, "the cafe\u0301 on the corner of Rue Lepic")
    edited = text.replace("cafe\u0301", "caf\u00e9")  # NFC: one code point fewer
    result = anchor(edited, selectors)
    assert (result.status, result.start, result.end) == (FUZZY, selectors.start, selectors.end - 1)
    assert edited[result.start:result.end] == "the caf\u00e9 on the corner of Rue Lepic"


def test_a_quote_with_hundreds_of_distinct_characters():
    alphabet = [chr(0x4E00 + i) for i in range(700)]
    rng = random.Random(5)
    rng.shuffle(alphabet)
    text = "".join(alphabet)
    start, end = 100, 500  # 400 distinct characters: more than a byte can number
    selectors = describe(text, start, end)
    edited = text[:300] + "\u3002" + text[301:]
    result = anchor(edited, selectors)
    assert (result.status, result.start, result.end) == (FUZZY, start, end)


def test_a_hundred_kilobyte_article():
    rng = random.Random(11)
    vocabulary = ARTICLE.split() + ["\U0001F989", "cafe\u0301", "na\u00efve"]
    text = " ".join(rng.choice(vocabulary) for _ in range(16_000))[:100_000]
    assert len(text) == 100_000
    start = text.index(" ", 60_000) + 1
    end = text.index(" ", start + 250)
    selectors = describe(text, start, end)
    added = "A new introduction. " * 50
    assert anchor(added + text, selectors) == Anchor(MOVED, start + 1000, end + 1000, 1.0)
    middle = (start + end) // 2
    edited = added + text[:middle] + "QQ" + text[middle + 1:]
    result = anchor(edited, selectors)
    assert (result.status, result.start, result.end) == (FUZZY, start + 1000, end + 1001)
    assert anchor(text[:start] + text[end:], selectors).status == ORPHANED


# --- find_quote -----------------------------------------------------------------


def test_find_quote_finds_the_nth_occurrence():
    text = VIENNA + GENEVA
    first, second = find_quote(text, "The committee"), find_quote(text, "The committee", 2)
    assert first == (VIENNA.index("The committee"), VIENNA.index("The committee") + 13)
    assert second[0] == len(VIENNA) + GENEVA.index("The committee")


def test_find_quote_counts_occurrences_without_overlap():
    assert find_quote("aaaa", "aa", 2) == (2, 4)
    with pytest.raises(ValueError, match="quote occurs 2 times; --occurrence 3 is out of range"):
        find_quote("aaaa", "aa", 3)


def test_find_quote_says_how_often_the_quote_occurs():
    with pytest.raises(ValueError, match="^quote occurs 1 time; --occurrence 2 is out of range$"):
        find_quote(ARTICLE, QUOTE, 2)


def test_find_quote_reports_a_missing_quote():
    with pytest.raises(ValueError, match="^quote not found$"):
        find_quote(ARTICLE, "the committee rejected the plan")


@pytest.mark.parametrize("quote, occurrence", [("", 1), (QUOTE, 0)])
def test_find_quote_rejects_nonsense(quote, occurrence):
    with pytest.raises(ValueError):
        find_quote(ARTICLE, quote, occurrence)


def test_find_quote_matches_a_quote_copied_from_a_reflowed_paragraph():
    text = "It inevitably pursues a hidden\npolitical\u00a0agenda.  And so on."
    start, end = find_quote(text, "  pursues a hidden political   agenda.\n")
    assert text[start:end] == "pursues a hidden\npolitical\u00a0agenda."


def test_find_quote_escapes_the_quote_when_ignoring_whitespace():
    assert find_quote("Islamic State (IS)  said", "State (IS) said") == (8, 24)


def test_find_quote_prefers_verbatim_occurrences_and_counts_reflowed_ones_when_short():
    text = "a hidden agenda; a hidden\nagenda; a hidden agenda"
    assert find_quote(text, "a hidden agenda", 2) == (34, 49)  # the second verbatim one
    assert find_quote(text, "a hidden agenda", 3) == (34, 49)  # counted ignoring whitespace
    assert find_quote(text, "a hidden\nagenda") == (17, 32)


# --- properties -----------------------------------------------------------------
#
# Articles are made of lowercase words; the passage of words in capitals.  No
# edit outside the passage adds a capital, so every capital of the text lies in
# the passage: any occurrence of the passage must put its capitals on those,
# which makes it unique, whatever the edits create.  And as capitals are more
# than half of any passage, no text without them is within the fuzzy bound of
# it: a deleted passage leaves nothing to find.


lower_words = st.lists(st.sampled_from(LOWER_WORDS), max_size=25)


def passages(min_words: int = 1) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(UPPER_WORDS), min_size=min_words, max_size=7).map(" ".join)


def build(before: list[str], passage: str, after: list[str]) -> tuple[str, int, int]:
    head = " ".join(before) + " " if before else ""
    tail = " " + " ".join(after) if after else ""
    return head + passage + tail, len(head), len(head) + len(passage)


@st.composite
def edit_outside(draw, text: str, start: int, end: int) -> tuple[str, int, int]:
    """One insertion or deletion of lowercase text that leaves ``text[start:end]`` alone."""
    sides = [side for side, room in (("before", start), ("after", len(text) - end)) if room]
    if not sides or draw(st.booleans()):
        where = draw(st.one_of(st.integers(0, start), st.integers(end, len(text))))
        inserted = draw(st.text(LOWER_CHARS, min_size=1, max_size=12))
        shift = len(inserted) if where <= start else 0
        return text[:where] + inserted + text[where:], start + shift, end + shift
    if draw(st.sampled_from(sides)) == "before":
        low = draw(st.integers(0, start - 1))
        high = draw(st.integers(low + 1, start))
        return text[:low] + text[high:], start - (high - low), end - (high - low)
    low = draw(st.integers(end, len(text) - 1))
    high = draw(st.integers(low + 1, len(text)))
    return text[:low] + text[high:], start, end


@settings(max_examples=400, deadline=None)
@given(before=lower_words, passage=passages(), after=lower_words, data=st.data())
def test_edits_outside_a_passage_keep_it_at_exactly_the_shifted_offsets(
    before, passage, after, data
):
    text, start, end = build(before, passage, after)
    selectors = describe(text, start, end)
    for _ in range(data.draw(st.integers(1, 4))):
        text, start, end = data.draw(edit_outside(text, start, end))
    assert text[start:end] == passage
    expected = INTACT if start == selectors.start else MOVED
    assert anchor(text, selectors) == Anchor(expected, start, end, 1.0)


@settings(max_examples=400, deadline=None)
@given(before=lower_words, passage=passages(min_words=5), after=lower_words, data=st.data())
def test_one_small_edit_inside_a_passage_is_found_where_the_edited_passage_is(
    before, passage, after, data
):
    text, start, end = build(before, passage, after)
    assert len(passage) >= 20
    selectors = describe(text, start, end)
    removed = data.draw(st.integers(0, 3))
    inserted = data.draw(st.text(LOWER_CHARS + "XYZ", min_size=0 if removed else 1, max_size=3))
    at = data.draw(st.integers(1, len(passage) - 1 - removed))  # first and last character stay
    edited = passage[:at] + inserted + passage[at + removed:]
    shift = data.draw(st.text(LOWER_CHARS, max_size=40))  # and maybe everything moves
    new_text = shift + text[:start] + edited + text[end:]
    new_start, new_end = start + len(shift), start + len(shift) + len(edited)

    result = anchor(new_text, selectors)

    if passage in new_text:  # a no-op edit, or one like "ZULU" -> "ZZULU"
        assert result.status in (INTACT, MOVED)
        assert new_text[result.start:result.end] == passage
        assert new_start <= result.start <= result.end <= new_end
        return
    assert result.status == FUZZY
    assert FUZZY_THRESHOLD <= result.score < 1.0
    # Where the text ends, nothing tells "AXXLPHA" (two letters inserted) from
    # "A" + "XLPHA" (one replaced), or "ECHO EXXXCHO" from "ECHO E" + "CHO"
    # deleted: the span may then be off by up to twice the edit's size.
    # Even with full context, an edit at the passage's edge trades quote errors
    # against context errors ("A"+"XXX"+"LPHA": drop "AXXX" for one quote error
    # and four context errors): the span may be off by the edit's size.
    size = max(removed, len(inserted))
    assert abs(result.start - new_start) <= (size if len(selectors.prefix) == CONTEXT_CHARS else 2 * size)
    assert abs(result.end - new_end) <= (size if len(selectors.suffix) == CONTEXT_CHARS else 2 * size)


@settings(max_examples=200, deadline=None)
@given(before=lower_words, passage=passages(), after=lower_words)
def test_a_deleted_passage_with_nothing_like_it_left_is_orphaned(before, passage, after):
    text, start, end = build(before, passage, after)
    selectors = describe(text, start, end)
    assert anchor(text[:start] + text[end:], selectors) == Anchor(ORPHANED, None, None, 0.0)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), data=st.data())
def test_any_passage_of_an_unchanged_text_is_intact(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert anchor(text, describe(text, start, end)) == Anchor(INTACT, start, end, 1.0)
