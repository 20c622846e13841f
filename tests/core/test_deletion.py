"""Deleting notes: into the Trash, out of every list, count, search and export; back as they were."""
from __future__ import annotations

import pytest

from reader.core.model import NotesError, UndoStatus

QUOTE = "Crocus City concert hall"


@pytest.fixture
def path(seeds):
    return seeds / "001_80c24120098c9853.txt"


def test_a_deleted_note_is_nowhere_but_in_the_trash(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE, body="zanzibar memo", tags=["gone"]).note
    kept = library.add_note(str(path), quote="concert", body="stays").note
    library.delete_note(note.id)

    assert library.list_notes() == [kept]
    assert library.note_counts() == {kept.article_id: 1}
    assert library.tags() == []
    assert library.search_notes("zanzibar") == []
    assert library.search("zanzibar", scope="notes").total == 0
    _text, _files, count = library.export_notes("w3c")
    assert count == 1
    [trashed] = library.trash()
    assert trashed.note == note and trashed.trashed


def test_restore_and_undo_put_back_the_identical_note(library, path) -> None:
    note = library.add_note(str(path), quote=QUOTE, body="keep", tags=["x", "y"], color="blue").note
    library.delete_note(note.id)
    restored = library.restore_note(note.id[:6])  # a unique prefix, as the CLI takes it
    assert restored.added == {note.id} and restored.undo == UndoStatus("Restore Note", None)
    assert library.note(note.id) == note and library.trash() == []

    library.undo()  # the restore: into the Trash again
    assert library.list_notes() == [] and [t.note for t in library.trash()] == [note]
    library.undo()  # the delete: out of the Trash
    assert library.note(note.id) == note and library.trash() == []
    library.redo()
    assert [t.note for t in library.trash()] == [note]


def test_emptying_the_trash_is_for_good_even_for_undo(library, path) -> None:
    kept = library.add_note(str(path), quote="concert").note
    note = library.add_note(str(path), quote=QUOTE).note
    library.delete_note(note.id)
    assert library.undo_status().undo == "Delete Note"
    assert library.empty_trash() == 1 and library.trash() == []
    with pytest.raises(NotesError, match="Trash has no note"):
        library.restore_note(note.id)
    # the steps that would bring it back went with it; the others stay
    assert library.list_notes() == [kept]
    assert library.undo_status() == UndoStatus("Highlight (yellow)", None)
    library.undo()
    assert library.list_notes() == [] and library.note_counts() == {}


def test_a_note_another_process_emptied_from_the_trash_stays_gone(library, path) -> None:
    """reader-cli notes trash --empty beside the window: the window's Undo cannot bring it back."""
    from reader.core.library import Library

    note = library.add_note(str(path), quote=QUOTE).note
    library.delete_note(note.id)
    with Library(library.paths.home) as beside:
        assert beside.empty_trash() == 1
    assert library.undo_status().undo == "Delete Note"  # (this process could not know)
    with pytest.raises(NotesError, match="Cannot undo “Delete Note”: the note was deleted for good"):
        library.undo()
    assert library.list_notes() == [] and library.undo_status().undo == "Highlight (yellow)"


def test_deleting_several_notes_is_one_step_and_all_or_none(library, path) -> None:
    notes = [library.add_note(str(path), quote=q, body=q).note
             for q in (QUOTE, "concert", "Moscow")]
    with pytest.raises(NotesError):  # one unknown id: nothing goes
        library.delete_notes([notes[0].id, "no-such-note"])
    assert len(library.list_notes()) == 3 and library.trash() == []
    changes = library.delete_notes([n.id for n in notes[:2]])
    assert changes.removed == {notes[0].id, notes[1].id} and changes.note is None
    assert changes.undo.undo == "Delete 2 Notes"
    assert library.list_notes() == [notes[2]] and len(library.trash()) == 2
    library.undo()
    assert sorted(library.list_notes(), key=lambda n: n.id) == sorted(notes, key=lambda n: n.id)
    assert library.trash() == []
