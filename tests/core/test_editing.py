"""Editing notes: one at a time, or the tags and colour of many in one undoable step."""
from __future__ import annotations

import pytest

from reader.core.model import LibraryError, NotesError


@pytest.fixture
def three(library, seeds):
    path = str(seeds / "001_80c24120098c9853.txt")
    return [library.add_note(path, quote=q, tags=tags, color="yellow").note
            for q, tags in (("Crocus City concert hall", ["isis"]), ("concert", []),
                            ("Moscow", ["ISIS", "russia"]))]


def test_tagging_several_notes_is_one_step_that_undo_takes_back(library, three) -> None:
    ids = [n.id for n in three]
    changes = library.edit_notes(ids, add_tags=["Claims", " isis "])
    assert changes.changed == set(ids) and changes.undo.undo == "Tag 3 Notes"
    # spelling kept, no case-insensitive duplicate, order: the note's own tags first
    assert [library.note(i).tags for i in ids] == [["isis", "Claims"], ["Claims", "isis"],
                                                   ["ISIS", "russia", "Claims"]]
    assert all(library.note(i).modified >= three[0].modified for i in ids)
    library.undo()
    assert [library.note(i) for i in ids] == three


def test_untagging_and_recolouring_change_only_what_differs(library, three) -> None:
    ids = [n.id for n in three]
    changes = library.edit_notes(ids, remove_tags=["isis"])  # any spelling
    assert changes.changed == {ids[0], ids[2]} and changes.undo.undo == "Untag 2 Notes"
    assert [library.note(i).tags for i in ids] == [[], [], ["russia"]]
    changes = library.edit_notes(ids[:1], color="green")
    assert changes.note.color == "green" and changes.undo.undo == "Recolour Note"
    assert library.edit_notes(ids[:1], color="green").notes == frozenset()  # nothing to do, no step
    assert library.undo_status().undo == "Recolour Note"
    changes = library.edit_notes(ids, add_tags=["x"], color="blue")
    assert changes.undo.undo == "Edit 3 Notes"


def test_a_bad_colour_or_an_unknown_note_changes_nothing(library, three) -> None:
    with pytest.raises(LibraryError, match="Unknown colour"):
        library.edit_notes([three[0].id], color="orange")
    with pytest.raises(NotesError):
        library.edit_notes([three[0].id, "no-such-note"], add_tags=["x"])
    assert [library.note(n.id) for n in three] == three
