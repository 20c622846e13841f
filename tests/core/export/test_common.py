"""Filters and deep links."""
from __future__ import annotations

from datetime import date

from reader.core.export import NoteFilter, apply_filter, deep_link
from tests.core.export.helpers import make_note


def test_filter_none_keeps_all_in_order(notes):
    assert apply_filter(notes, NoteFilter()) == notes


def test_filter_article_ids(notes):
    assert [n.id for n in apply_filter(notes, NoteFilter(article_ids=frozenset({"b2" * 8})))] \
        == [notes[2].id]


def test_filter_tags_any_case_insensitive(notes):
    got = apply_filter(notes, NoteFilter(tags=frozenset({"RUSSIA", "Syria"})))
    assert got == [notes[0], notes[1]]


def test_filter_colors(notes):
    assert apply_filter(notes, NoteFilter(colors=frozenset({"green", "blue"}))) \
        == [notes[0], notes[2]]


def test_filter_dates_inclusive(notes):
    flt = NoteFilter(since=date(2026, 11, 2), until=date(2026, 11, 3))
    assert apply_filter(notes, flt) == [notes[0], notes[2]]
    assert apply_filter(notes, NoteFilter(since=date(2026, 11, 4))) == [notes[3]]
    assert apply_filter(notes, NoteFilter(until=date(2026, 11, 1))) == [notes[1]]


def test_filter_date_uses_the_notes_own_offset():
    late = make_note(1, created="2026-11-01T23:30:00-05:00")  # Nov 2 in UTC
    assert apply_filter([late], NoteFilter(until=date(2026, 11, 1))) == [late]


def test_filter_undated_note_fails_date_constraint():
    undated = make_note(1, created="")
    assert apply_filter([undated], NoteFilter(since=date(2000, 1, 1))) == []
    assert apply_filter([undated], NoteFilter()) == [undated]


def test_filter_note_ids_and_combination(notes):
    flt = NoteFilter(note_ids=frozenset({notes[0].id, notes[2].id}), colors=frozenset({"blue"}))
    assert apply_filter(notes, flt) == [notes[2]]


def test_filter_empty_set_matches_nothing(notes):
    assert apply_filter(notes, NoteFilter(tags=frozenset())) == []


def test_deep_link(notes):
    note = notes[0]
    assert deep_link(note) == f"reader://article/{note.article_id}?note={note.id}"


# --------------------------------------------------------------------------
# Markdown, one document
