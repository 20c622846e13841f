"""The Trash: deleted notes kept 30 days, restored as they were, purged after."""
from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.notes.notes_helpers import Clock, make_note

from reader.core.model import NoteNotFoundError
from reader.core.notes import NoteStore


def test_a_deleted_note_waits_in_the_trash_and_comes_back_as_it_was(path: Path) -> None:
    with NoteStore(path) as store:
        note = store.add(make_note(tags=["a", "b"], body="kept"))
        store.delete(note.id)
        assert store.count() == 0 and store.list() == [] and store.tags() == []
        [trashed] = store.trash()
        assert trashed.note == note and trashed.trashed
        assert store.restore_from_trash(note.id) == note
        assert store.get(note.id) == note and store.trash() == []
        with pytest.raises(NoteNotFoundError, match="Trash has no note"):
            store.restore_from_trash(note.id)


def test_undo_and_redo_of_a_delete_keep_the_trash_right(path: Path) -> None:
    with NoteStore(path) as store:
        note = store.add(make_note())
        store.delete(note.id)
        store.restore({note.id: note})  # undo
        assert store.trash() == []
        store.restore({note.id: None})  # redo
        assert [t.note for t in store.trash()] == [note]


def test_the_trash_forgets_after_thirty_days_and_can_be_emptied(path: Path, clock: Clock) -> None:
    with NoteStore(path, clock=clock) as store:
        old, recent = store.add(make_note()), store.add(make_note(start=20, end=30))
        store.delete(old.id)
        clock.advance(days=20)
        store.delete(recent.id)
        clock.advance(days=11)
    with NoteStore(path, clock=clock) as store:  # 31 and 11 days on
        assert [t.note.id for t in store.trash()] == [recent.id]
        assert store.empty_trash() == [recent.id] and store.trash() == []
