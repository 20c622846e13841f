"""The one undo history, owned by the core: every note change through the Library is a step."""
from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from tests.core.notes.notes_helpers import make_note, raw

from reader.core.model import Changes, EarlierAnchor, NotesError, UndoStatus
from reader.core.notes import History, NoteStore

QUOTE = "Crocus City concert hall"


@pytest.fixture
def path(seeds):
    return seeds / "001_80c24120098c9853.txt"


def notes(library) -> dict:
    return {n.id: n for n in library.list_notes()}


def test_nothing_to_undo_or_redo(library) -> None:
    assert library.undo_status() == UndoStatus(None, None)
    assert library.undo() == Changes() and library.redo() == Changes()


def test_add_highlight_and_note_undo_redo_with_labels(library, path) -> None:
    highlight = library.add_note(str(path), quote=QUOTE, color="green")
    assert highlight.added == {highlight.note.id} and highlight.articles == {highlight.note.article_id}
    assert highlight.undo == UndoStatus("Highlight (green)", None)
    note = library.add_note(str(path), quote="concert", body="a note").note
    assert library.undo_status() == UndoStatus("Add Note", None)

    undone = library.undo()
    assert undone.removed == {note.id} and undone.undo == UndoStatus("Highlight (green)", "Add Note")
    assert set(notes(library)) == {highlight.note.id}
    redone = library.redo()
    assert redone.added == {note.id} and redone.note == note
    assert notes(library) == {highlight.note.id: highlight.note, note.id: note}
    assert library.undo_status() == UndoStatus("Add Note", None)


def test_edit_undo_restores_the_exact_snapshot(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE, body="old", tags=["a"]).note
    edited = library.edit_note(note.id, body="new", tags=["a", " B "], color="pink")
    assert edited.changed == {note.id} and edited.note.tags == ["a", "B"]
    assert edited.undo.undo == "Edit Note"
    same = library.edit_note(note.id, body="new", tags=[" a", "B"], color="pink")
    assert same.changed == frozenset() and same.note == edited.note  # nothing differs: no step
    assert library.undo().note == note  # modified too: the very snapshot
    assert library.note(note.id) == note
    assert library.redo().note == edited.note


def test_a_deleted_note_comes_back_identical(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE, body="keep", tags=["x", "y"], color="blue").note
    deleted = library.delete_note(note.id)
    assert (deleted.removed, deleted.note, deleted.undo.undo) == ({note.id}, note, "Delete Note")
    deleted.note.tags.append("mutated by the caller")
    back = library.undo()
    assert back.added == {note.id} and back.note == note
    assert library.note(note.id) == note
    assert library.undo_status() == UndoStatus("Add Note", "Delete Note")


def test_reattach_undo_and_redo(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE).note
    text = library.article(str(path)).text
    start = text.index("concert")
    moved = library.reattach_note(note.id, start, start + len("concert"))
    assert moved.undo.undo == "Re-attach Note" and moved.note.exact == "concert"
    assert library.undo().note == note
    assert library.redo().note == moved.note


def anchor_rows(library) -> list[tuple]:
    """The ``anchor_history`` table, read from the file behind the library's back."""
    with raw(library.paths.notes_file) as db:
        return db.execute("SELECT note_id, position, reason, exact, start, \"end\" "
                          "FROM anchor_history ORDER BY note_id, position").fetchall()


def test_a_reattach_keeps_the_passage_it_left_and_undo_takes_that_back(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE).note
    text = library.article(str(path)).text
    start = text.index("concert")
    moved = library.reattach_note(note.id, start, start + len("concert")).note
    [left] = moved.anchor_history
    assert left == EarlierAnchor(left.when, "re-attached", note.article_id, note.article_title,
                                 QUOTE, note.prefix, note.suffix, note.start, note.end)
    assert datetime.fromisoformat(left.when).tzinfo is not None
    assert anchor_rows(library) == [(note.id, 0, "re-attached", QUOTE, note.start, note.end)]

    assert library.undo().note == note and note.anchor_history == ()
    assert anchor_rows(library) == []  # the note is as it was: no trace of an undone re-attach
    assert library.redo().note == moved
    assert anchor_rows(library) == [(note.id, 0, "re-attached", QUOTE, note.start, note.end)]

    again = library.reattach_note(note.id, quote=QUOTE).note  # back, and both moves are kept
    assert [(e.reason, e.exact) for e in again.anchor_history] == [
        ("re-attached", QUOTE), ("re-attached", "concert")]
    same = library.reattach_note(note.id, again.start, again.end).note
    assert same.anchor_history == again.anchor_history  # the same passage: nothing was left


def test_a_deleted_note_keeps_its_earlier_anchors_through_the_trash(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE).note
    text = library.article(str(path)).text
    start = text.index("concert")
    moved = library.reattach_note(note.id, start, start + len("concert")).note
    library.delete_note(note.id)
    assert anchor_rows(library) == []  # (they went with the note, into the Trash)
    assert [t.note for t in library.trash()] == [moved]
    assert library.undo().note == moved
    library.redo()
    assert library.restore_note(note.id).note == moved and library.note(note.id) == moved


def test_import_is_one_step(library, path, tmp_path) -> None:
    kept = library.add_note(str(path), quote=QUOTE, body="kept").note
    gone = library.add_note(str(path), quote="concert", body="gone").note
    exported = tmp_path / "notes.json"
    library.export_notes("w3c", exported)
    library.delete_note(gone.id)
    library.edit_note(kept.id, body="edited since")
    before = notes(library)

    imported = library.import_notes(exported)
    # the deleted note comes back; the older export does not undo the later edit
    assert (imported.added, imported.changed) == ({gone.id}, set())
    assert [(c.note_id, c.kept) for c in imported.conflicts] == [(kept.id, "here")]
    assert imported.undo.undo == "Import Notes"
    assert notes(library)[kept.id].body == "edited since"
    assert [v.note.body for v in library.note_versions(kept.id)] == ["kept"]
    library.undo()
    assert notes(library) == before
    library.redo()
    assert set(notes(library)) == {kept.id, gone.id}


def test_a_new_change_clears_redo(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE).note
    library.edit_note(note.id, body="one")
    library.undo()
    assert library.undo_status() == UndoStatus("Highlight (yellow)", "Edit Note")
    assert library.edit_note(note.id, body="two").undo == UndoStatus("Edit Note", None)
    assert library.redo() == Changes(undo=UndoStatus("Edit Note", None))
    assert library.note(note.id).body == "two"


def test_each_library_has_its_own_history_in_memory(library, path) -> None:
    library.add_note(str(path), quote=QUOTE)
    home = library.paths.home
    library.close()
    from reader.core.library import Library

    with Library(home) as again:
        assert len(again.list_notes()) == 1
        assert again.undo_status() == UndoStatus()


# --- re-anchoring is not a step, and keeps undo right ------------------------

def prepend(path, text: str = "Breaking update.\n\n") -> None:
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


def test_reanchoring_is_not_a_step_and_undoing_an_edit_keeps_the_new_anchor(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE, body="old").note
    library.edit_note(note.id, body="new")
    prepend(path)
    _, reanchored = library.update_index()
    assert reanchored.note_ids == {note.id} and reanchored.article_ids == {note.article_id}
    assert library.undo_status().undo == "Edit Note"
    moved = library.note(note.id)

    undone = library.undo().note
    text = library.article(str(path)).text
    assert undone.body == "old" and undone.modified == note.modified
    assert (undone.start, undone.end, undone.fingerprint, undone.status) == (
        moved.start, moved.end, moved.fingerprint, "moved")
    assert text[undone.start:undone.end] == QUOTE
    library.undo()  # the highlight's own step still works after the move
    assert library.list_notes() == []


def test_a_note_deleted_before_the_article_changed_comes_back_on_the_new_text(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE, tags=["moscow"]).note
    library.delete_note(note.id)
    prepend(path)
    library.update_index()
    back = library.undo()
    assert back.added == {note.id}
    restored = library.note(note.id)
    text = library.article(str(path)).text
    assert text[restored.start:restored.end] == QUOTE and restored.status == "moved"
    [left] = restored.anchor_history  # where it was before the article changed
    assert (left.reason, left.exact, left.start, left.end) == (
        "re-anchored: moved", QUOTE, note.start, note.end)
    anchor = ("start", "end", "status", "score", "fingerprint", "article_title", "anchor_history")
    assert dataclasses.replace(restored, **{name: getattr(note, name) for name in anchor}) == note
    library.redo()
    assert library.list_notes() == []
    library.undo()
    assert library.note(note.id) == restored


def test_undoing_a_reattach_after_the_article_changed_reanchors_the_old_passage(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE).note
    text = library.article(str(path)).text
    start = text.index("concert")
    library.reattach_note(note.id, start, start + len("concert"))
    prepend(path)
    library.update_index()
    before_undo = library.note(note.id)
    assert [(e.reason, e.exact) for e in before_undo.anchor_history] == [
        ("re-attached", QUOTE), ("re-anchored: moved", "concert")]
    back = library.undo().note
    text = library.article(str(path)).text
    assert back.exact == QUOTE and text[back.start:back.end] == QUOTE
    assert back.fingerprint == library.article(str(path)).fingerprint
    # the re-attach and the move of its passage are undone; the move of this one is not
    [left] = back.anchor_history
    assert (left.reason, left.exact, left.start, left.end) == (
        "re-anchored: moved", QUOTE, note.start, note.end)


def test_rebase_drops_a_step_the_system_has_made_moot(tmp_path) -> None:
    with NoteStore(tmp_path / "notes.sqlite3") as store:
        history = History(store)
        orphan = store.add(make_note(status="orphaned", score=0.0))
        fixed = store.update(orphan.id, status="intact", score=1.0, start=12, end=23)
        history.record("Re-attach Note", {orphan.id: orphan}, {orphan.id: fixed})
        assert history.status().undo == "Re-attach Note"
        # The system re-anchors the same passage to the same place: nothing left to undo.
        history.rebase([fixed])
        assert history.status() == UndoStatus()


def test_a_change_behind_the_historys_back_is_refused_and_dropped(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE, body="x").note
    library.edit_note(note.id, body="y")
    library._notes.update(note.id, body="written past the Library")
    with pytest.raises(NotesError, match="Cannot undo “Edit Note”.*removed from the history"):
        library.undo()
    assert library.note(note.id).body == "written past the Library"
    assert library.undo_status() == UndoStatus("Add Note", None)
