"""NotesController: every change the GUI makes to notes, as undoable commands.

Widgets never write notes themselves: they call this object, which calls the
``Library`` (so the CLI and the GUI change notes the same way), records a
``QUndoCommand`` so Ctrl+Z / Ctrl+Shift+Z work, and announces the change with
``notesChanged`` so the pane, the panel and the library counts refresh.

Every change is carried out *before* its command is pushed (a command's first
``redo`` does nothing): a failure then surfaces as ``error`` with nothing on
the undo stack, instead of as an exception inside Qt's ``push``.

Undoing a delete restores the very same note (same id, timestamps, tags)
through ``Library.undo_delete``.  That works because every delete the GUI
makes goes through here and the undo stack is last-in-first-out, so the
store's own stack of deleted notes has the same order as ours; should it
ever not (a delete made behind our back), ``_restore`` puts things right.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QWidget

from ..core.library import Library
from ..core.model import Article, LibraryError, Note, NotesError
from .note_editor import NoteEditor, NoteValues

log = logging.getLogger("reader.ui.notes_controller")

_ERRORS = (LibraryError, NotesError, ValueError)
# The fields ``Library.reattach_note`` changes: what undoing it puts back.
_ANCHOR_FIELDS = ("article_id", "article_path", "article_title", "fingerprint", "exact",
                  "prefix", "suffix", "start", "end", "status", "score", "modified")
_CHANGED_ON_DISK = ("The article changed on disk since it was opened, so the selection no longer "
                    "matches it. Re-open the article and select the passage again.")


def exec_editor(editor: NoteEditor) -> bool:
    """Run the editor modally; True if the user saved."""
    return editor.exec() == QDialog.DialogCode.Accepted


class _Command(QUndoCommand):
    """A change already made once; ``redo`` repeats it only after an ``undo``."""

    def __init__(self, controller: NotesController, text: str, article_id: str) -> None:
        super().__init__(text)
        self._controller = controller
        self._article_id = article_id
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        self._run(self._redo, "redo")
        self._done = True

    def undo(self) -> None:
        self._run(self._undo, "undo")
        self._done = False

    def _run(self, step: Callable[[], None], what: str) -> None:
        try:
            step()
        except _ERRORS as exc:
            log.warning("could not %s %r: %s", what, self.text(), exc)
            self._controller.error.emit(f"Could not {what} “{self.text()}”: {exc}")
        self._controller.notesChanged.emit(self._article_id)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class _AddNote(_Command):
    def __init__(self, controller: NotesController, note: Note, text: str) -> None:
        super().__init__(controller, text, note.article_id)
        self.note = note

    def _undo(self) -> None:
        self._controller.library.delete_note(self.note.id)

    def _redo(self) -> None:
        self._controller._restore(self.note)


class _DeleteNote(_Command):
    def __init__(self, controller: NotesController, note: Note) -> None:
        super().__init__(controller, "Delete Note", note.article_id)
        self.note = note

    def _undo(self) -> None:
        self._controller._restore(self.note)

    def _redo(self) -> None:
        self._controller.library.delete_note(self.note.id)


class _EditNote(_Command):
    def __init__(self, controller: NotesController, note_id: str, article_id: str,
                 before: dict, after: dict) -> None:
        super().__init__(controller, "Edit Note", article_id)
        self._note_id, self._before, self._after = note_id, before, after

    def _undo(self) -> None:
        self._controller.library.edit_note(self._note_id, **self._before)

    def _redo(self) -> None:
        self._controller.library.edit_note(self._note_id, **self._after)


class _Reattach(_Command):
    def __init__(self, controller: NotesController, before: Note, after: Note, key: str) -> None:
        super().__init__(controller, "Re-attach Note", after.article_id)
        self._before, self._after, self._key = before, after, key

    def _undo(self) -> None:
        self._controller._put_anchor_back(self._before)
        self._controller.notesChanged.emit(self._before.article_id)

    def _redo(self) -> None:
        self._controller.library.reattach_note(self._after.id, self._after.start, self._after.end,
                                               self._key)


class NotesController(QObject):
    """Adds, edits, deletes and re-attaches notes through the Library, undoably."""

    notesChanged = Signal(str)
    error = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)
        # How the note editor is run; tests replace it to fill and accept the dialog.
        self.run_editor: Callable[[NoteEditor], bool] = exec_editor
        self.last_color = "yellow"

    # -- reading

    def notes_for(self, article_id: str) -> list[Note]:
        """The notes of one article, in reading order."""
        try:
            return self.library.list_notes(article_id)
        except _ERRORS as exc:
            self.error.emit(str(exc))
            return []

    def all_notes(self) -> list[Note]:
        try:
            return self.library.list_notes()
        except _ERRORS as exc:
            self.error.emit(str(exc))
            return []

    def note(self, note_id: str) -> Note | None:
        try:
            return self.library.notes.get(note_id)
        except _ERRORS:
            return None

    def tags(self) -> list[str]:
        """Every tag in use, most used first (for completion and filters)."""
        try:
            return [tag for tag, _count in self.library.notes.tags()]
        except _ERRORS as exc:
            self.error.emit(str(exc))
            return []

    # -- changes

    def highlight(self, article: Article, start: int, end: int, color: str) -> Note | None:
        """Highlight ``article.text[start:end]`` in ``color`` (a note without a body)."""
        note = self._add(article, start, end, color=color)
        if note is not None:
            self.last_color = color
            self.undo_stack.push(_AddNote(self, note, f"Highlight ({color})"))
            self.notesChanged.emit(note.article_id)
        return note

    def add_note(self, parent: QWidget | None, article: Article, start: int, end: int) -> Note | None:
        """Open the note editor on the passage; save the note if the user does."""
        if not 0 <= start < end <= len(article.text):
            self.error.emit("Select the passage to write a note on first.")
            return None
        values = self._ask(NoteEditor(parent, quote=article.text[start:end], color=self.last_color,
                                      known_tags=self.tags(), title="Add Note"))
        if values is None:
            return None
        note = self._add(article, start, end, body=values.body, tags=values.tags,
                         color=values.color)
        if note is not None:
            self.last_color = values.color
            self.undo_stack.push(_AddNote(self, note, "Add Note"))
            self.notesChanged.emit(note.article_id)
        return note

    def edit_note(self, parent: QWidget | None, note_id: str) -> Note | None:
        """Open the note editor on an existing note; save what the user changed."""
        note = self.note(note_id)
        if note is None:
            self.error.emit(f"There is no note with id {note_id}.")
            return None
        values = self._ask(NoteEditor(parent, quote=note.exact, body=note.body, tags=note.tags,
                                      color=note.color, known_tags=self.tags(), title="Edit Note"))
        if values is None:
            return None
        return self.update_note(note_id, body=values.body, tags=values.tags, color=values.color)

    def _ask(self, editor: NoteEditor) -> NoteValues | None:
        """Run the editor; what the user saved, or None if they cancelled."""
        try:
            return editor.values() if self.run_editor(editor) else None
        finally:
            editor.deleteLater()

    def update_note(self, note_id: str, *, body: str | None = None, tags: list[str] | None = None,
                    color: str | None = None) -> Note | None:
        """Change a note's body, tags or colour (only what differs is recorded)."""
        note = self.note(note_id)
        if note is None:
            self.error.emit(f"There is no note with id {note_id}.")
            return None
        after = {k: v for k, v in (("body", body), ("tags", tags), ("color", color))
                 if v is not None and v != getattr(note, k)}
        if not after:
            return note
        before = {k: getattr(note, k) for k in after}
        try:
            updated = self.library.edit_note(note_id, **after)
        except _ERRORS as exc:
            self.error.emit(str(exc))
            return None
        self.undo_stack.push(_EditNote(self, note_id, note.article_id, before, after))
        self.notesChanged.emit(note.article_id)
        return updated

    def delete_note(self, note_id: str | None) -> None:
        """Delete a note; Ctrl+Z brings it back with the same id."""
        if not note_id:
            return
        try:
            note = self.library.delete_note(note_id)
        except _ERRORS as exc:
            self.error.emit(str(exc))
            return
        self.undo_stack.push(_DeleteNote(self, note))
        self.notesChanged.emit(note.article_id)

    def reattach(self, note_id: str | None, article: Article, start: int, end: int) -> None:
        """Attach a note (typically an orphan) to ``article.text[start:end]``."""
        before = self.note(note_id) if note_id else None
        if before is None:
            self.error.emit("Select the note to re-attach in the notes pane first.")
            return
        key = self._key(article)
        try:
            after = self.library.reattach_note(before.id, start, end, key)
        except _ERRORS as exc:
            self.error.emit(str(exc))
            return
        if after.fingerprint != article.fingerprint:
            self._put_anchor_back(before)
            self.error.emit(_CHANGED_ON_DISK)
            return
        self.undo_stack.push(_Reattach(self, before, after, key))
        if before.article_id != after.article_id:
            self.notesChanged.emit("")
        else:
            self.notesChanged.emit(after.article_id)

    # -- helpers

    def _key(self, article: Article) -> str:
        """How the Library finds ``article``: its id if indexed, else its path."""
        return article.id if self.library.record(article.id) else str(article.path)

    def _add(self, article: Article, start: int, end: int, **fields) -> Note | None:
        try:
            note = self.library.add_note(self._key(article), start=start, end=end, **fields)
        except _ERRORS as exc:
            self.error.emit(str(exc))
            return None
        if note.fingerprint != article.fingerprint:
            # The file on disk is not the text on screen: the offsets mean
            # another passage there.  Take the note back out.
            self.library.delete_note(note.id)
            self.error.emit(_CHANGED_ON_DISK)
            return None
        return note

    def _restore(self, note: Note) -> Note:
        """Bring a deleted note back exactly as it was (same id)."""
        try:
            restored = self.library.undo_delete()
        except NotesError:
            restored = None  # the store's most recent delete was already undone elsewhere
        if restored is not None and restored.id == note.id:
            return restored
        if restored is not None:
            # Not ours: someone deleted a note behind our back.  Delete it
            # again (it goes back on top of the store's stack) and add ours.
            log.warning("undo stacks out of step: restoring note %s directly", note.id)
            self.library.delete_note(restored.id)
        return self.library.notes.add(note)

    def _put_anchor_back(self, before: Note) -> None:
        fields = {name: getattr(before, name) for name in _ANCHOR_FIELDS}
        self.library.notes.update(before.id, touch=False, **fields)

