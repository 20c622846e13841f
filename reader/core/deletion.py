"""Deleting notes, and the Trash that makes a deletion something to take back.

A part of ``Library`` (its base class ``NoteDeletion``), in a module of its
own as ``exchange.py`` is, so that the facade stays one screenful per
concern.  A deleted note waits 30 days in the Trash inside the notes file
(notes/trash.py), where no list, count, search or export sees it; it comes
back exactly as it was, by restore or by undo.  It uses the library's notes
store, history and ``_record`` as ``Library`` sets them up.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Changes, Note, TrashedNote

if TYPE_CHECKING:
    from .notes import History, NoteStore


class NoteDeletion:
    """``Library.delete_note`` and the Trash: ``trash``, ``restore_note``, ``empty_trash``."""

    if TYPE_CHECKING:  # what Library provides
        _notes: NoteStore
        _history: History

        def _record(self, label: str, before: dict[str, Note | None],
                    after: dict[str, Note | None], note: Note | None) -> Changes: ...

    def delete_note(self, note_id: str) -> Changes:
        """Move a note to the Trash; ``Changes.note`` is the note as it was, and undo
        (or ``restore_note``, for 30 days) brings it back."""
        with self._history.lock:
            note = self._notes.delete(note_id)
            return self._record("Delete Note", {note_id: note}, {note_id: None}, note)

    def trash(self) -> list[TrashedNote]:
        """The deleted notes the Trash keeps, the most recently deleted first."""
        return self._notes.trash()

    def restore_note(self, note_id: str) -> Changes:
        """A deleted note back from the Trash, as it was: one "Restore Note" step."""
        with self._history.lock:
            note = self._notes.restore_from_trash(self._notes.resolve_trashed_id(note_id))
            return self._record("Restore Note", {note.id: None}, {note.id: note}, note)

    def empty_trash(self) -> int:
        """Delete the Trash's notes for good; how many.  Undo cannot bring them back:
        the steps that would are dropped from the history."""
        with self._history.lock:
            gone = self._notes.empty_trash()
            self._history.forget(gone)
            return len(gone)
