"""The notes' item models: one row per note, the filters, reading order."""
from __future__ import annotations

from reader.core.model import FUZZY, ORPHANED, Note
from reader.ui.notes_model import (
    NoteFilters, NoteIdRole, NoteRole, NotesFilterModel, NotesModel, reading_order,
)


def note(note_id: str, start: int, **fields) -> Note:
    return Note(id=note_id, article_id="a", article_path="/a.md", article_title="Kremlin and oil",
                fingerprint="f", exact=f"passage {note_id}", prefix="", suffix="", start=start,
                end=start + 5, **fields)


NOTES = [note("late", 50, color="green", tags=["Policy"]), note("early", 10, body="**Key** point"),
         note("lost", 0, status=ORPHANED), note("near", 30, status=FUZZY, score=0.8)]


def test_reading_order_puts_orphans_last():
    assert [n.id for n in reading_order(NOTES)] == ["early", "near", "late", "lost"]


def test_filters_by_colour_status_tag_and_words():
    assert NoteFilters().accepts(NOTES[0])
    green, orphans = NoteFilters(color="green"), NoteFilters(status=ORPHANED)
    assert green.accepts(NOTES[0]) and not green.accepts(NOTES[1])
    assert orphans.accepts(NOTES[2]) and not orphans.accepts(NOTES[1])
    assert NoteFilters(tag="policy").accepts(NOTES[0])  # tags match without case
    assert NoteFilters(text="KEY kremlin").accepts(NOTES[1])  # body and article title
    assert not NoteFilters(text="key absent").accepts(NOTES[1])


def test_models_pass_the_model_tester_and_filter(qtmodeltester):
    model = NotesModel()
    model.set_notes(NOTES)
    proxy = NotesFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    assert model.index(1, 0).data(NoteRole) is NOTES[1]
    assert model.index(1, 0).data(NoteIdRole) == "early"
    assert model.row_of("lost") == 2
    proxy.set_filters(NoteFilters(color="green"))
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(NoteRole) is NOTES[0]
    qtmodeltester.check(proxy)
