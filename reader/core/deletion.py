"""Deleting notes, and the Trash that makes a deletion something to take back.

A part of ``Library`` (its base class ``NoteDeletion``), in a module of its
own as ``exchange.py`` is, so that the facade stays one screenful per
concern.  A deleted note waits 30 days in the Trash inside the notes file
(notes/trash.py), where no list, count, search or export sees it; it comes
back exactly as it was, by restore or by undo.  It uses the library's notes
store, history and ``_record`` as ``Library`` sets them up.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .model import Changes, Note, TrashedNote

if TYPE_CHECKING:
    from .notes import History, NoteStore


class NoteDeletion:
    """``Library.delete_note(s)`` and the Trash: ``trash``, ``restore_note``, ``empty_trash``."""

    if TYPE_CHECKING:  # what Library provides
        _notes: NoteStore
        _history: History

        def _record(self, label: str, before: dict[str, Note | None],
                    after: dict[str, Note | None], note: Note | None) -> Changes: ...

    def delete_note(self, note_id: str) -> Changes:
        """Move a note to the Trash; ``Changes.note`` is the note as it was, and undo
        (or ``restore_note``, for 30 days) brings it back."""
        return self.delete_notes([note_id])

    def delete_notes(self, note_ids: Iterable[str]) -> Changes:
        """Move notes to the Trash together (all or none): one undo step, "Delete 3 Notes"."""
        with self._history.lock:
            gone = self._notes.delete_many(note_ids)
            if not gone:
                return Changes(undo=self._history.status())
            label = "Delete Note" if len(gone) == 1 else f"Delete {len(gone)} Notes"
            return self._record(label, {n.id: n for n in gone}, dict.fromkeys((n.id for n in gone)),
                                gone[0] if len(gone) == 1 else None)

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
