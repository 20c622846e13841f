"""NotesController: every change the GUI makes to notes, and the core's undo history shown.

Widgets never write notes themselves: they call this object, which calls the
``Library`` (so the CLI and the GUI change notes the same way).  The Library
records each change as one step of its undo history and returns the
``Changes`` it made; this object announces them with ``changed`` (and, for
the listeners that refresh by article, ``notesChanged``), so the pane, the
panel and the library counts refresh.

Undo is owned by the core, as in Anki: ``undo``/``redo`` call the Library,
and ``bind_undo_actions`` keeps the Edit menu's Undo/Redo showing the
Library's labels ("Undo Delete Note"), disabled when there is nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from ..core.library import Library
from ..core.model import (Article, Changes, Draft, KeptVersion, LibraryError, Note, NotesError,
                          TeamEntry)
from .note_editor import NoteEditor, NoteValues

_ERRORS = (LibraryError, NotesError, ValueError)


def exec_editor(editor: NoteEditor) -> bool:
    """Run the editor modally; True if the user saved."""
    return editor.exec() == QDialog.DialogCode.Accepted


class NotesController(QObject):
    """Adds, edits, deletes and re-attaches notes through the Library; undoes and redoes."""

    #: The ``Changes`` of every change made here, once per change.
    changed = Signal(object)
    #: The article whose notes changed, or "" for several: what the pane and panel reload.
    notesChanged = Signal(str)
    error = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        # How the note editor is run; tests replace it to fill and accept the dialog.
        self.run_editor: Callable[[NoteEditor], bool] = exec_editor
        self.last_color = "yellow"
        self._undo_action: QAction | None = None
        self._redo_action: QAction | None = None
        self.changed.connect(self._announce)
        # Also after re-anchoring (the window says so with notesChanged("")),
        # which can drop a step the system made moot.
        self.notesChanged.connect(self._show_undo_status)

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
            return self.library.note(note_id)
        except _ERRORS:
            return None

    def tags(self) -> list[str]:
        """Every tag in use, most used first (for completion and filters)."""
        try:
            return [tag for tag, _count in self.library.tags()]
        except _ERRORS as exc:
            self.error.emit(str(exc))
            return []

    # -- changes

    def highlight(self, article: Article, start: int, end: int, color: str) -> Note | None:
        """Highlight ``article.text[start:end]`` in ``color`` (a note without a body)."""
        note = self._add(article, start, end, color=color)
        if note is not None:
            self.last_color = color
        return note

    def add_note(self, parent: QWidget | None, article: Article, start: int, end: int) -> Note | None:
        """Open the note editor on the passage; save the note if the user does."""
        if not 0 <= start < end <= len(article.text):
            self.error.emit("Select the passage to write a note on first.")
            return None
        draft = Draft(Draft.key_for(article.id, start, end), article.id, start, end,
                      article.text[start:end], color=self.last_color)
        team = self.library.is_team_article(article.id)
        values = self._ask(NoteEditor(parent, quote=article.text[start:end], color=self.last_color,
                                      known_tags=self.tags(), title="Add Note",
                                      shared=False if team else None), draft)
        if values is None:
            return None
        note = self._add(article, start, end, body=values.body, tags=values.tags,
                         color=values.color, shared=values.shared)
        if note is not None:
            self.last_color = values.color
        return note

    def edit_note(self, parent: QWidget | None, note_id: str) -> Note | None:
        """Open the note editor on an existing note; save what the user changed."""
        note = self.note(note_id)
        if note is None:
            self.error.emit(f"There is no note with id {note_id}.")
            return None
        draft = Draft(note.id, note.article_id, note.start, note.end, note.exact, note.body,
                      tuple(note.tags), note.color, note_id=note.id)
        entry = self.library.team_entries([note_id]).get(note_id)
        values = self._ask(NoteEditor(parent, quote=note.exact, body=note.body, tags=note.tags,
                                      color=note.color, known_tags=self.tags(), title="Edit Note",
                                      shared=entry.shared if entry else None), draft)
        if values is None:
            return None
        if entry is not None and values.shared is not None and values.shared != entry.shared:
            self.share([note_id], values.shared)
        return self.update_note(note_id, body=values.body, tags=values.tags, color=values.color)

    def resume_draft(self, parent: QWidget | None, draft: Draft) -> Note | None:
        """A draft a crash left behind, back in the editor: saved as the note it was
        meant to become, or dropped when the analyst discards it."""
        try:
            article = self.library.article(draft.article_id)
        except LibraryError:
            article = None
        values = self._ask(NoteEditor(parent, quote=draft.quote, body=draft.body,
                                      tags=list(draft.tags), color=draft.color,
                                      known_tags=self.tags(), title="Unsaved Note"), draft,
                           changed=True)
        if values is None:
            return None
        if draft.note_id:
            return self.update_note(draft.note_id, body=values.body, tags=values.tags,
                                    color=values.color)
        if article is None:
            self.error.emit("The article of that note is no longer in the library.")
            return None
        return self._add(article, draft.start, draft.end, body=values.body, tags=values.tags,
                         color=values.color)

    def _ask(self, editor: NoteEditor, draft: Draft, *, changed: bool = False) -> NoteValues | None:
        """Run the editor, keeping its draft in the notes file while it is open;
        what the user saved, or None if they cancelled (the draft goes either way).

        ``changed``: the editor starts from a draft, not from what is saved.
        """
        if changed:
            editor.mark_unsaved()
        editor.draftChanged.connect(lambda values: self._keep(draft, values))
        try:
            return editor.values() if self.run_editor(editor) else None
        finally:
            editor.deleteLater()
            self._call_quietly(self.library.drop_draft, draft.key)

    def _keep(self, draft: Draft, values: NoteValues) -> None:
        self._call_quietly(self.library.save_draft, replace(
            draft, body=values.body, tags=tuple(values.tags), color=values.color))

    def _call_quietly(self, operation: Callable[..., object], *args) -> None:
        """A draft that cannot be kept must not stop the writing: it is said, not raised."""
        try:
            operation(*args)
        except _ERRORS as exc:
            self.error.emit(f"Could not keep the draft of this note: {exc}")

    def update_note(self, note_id: str, *, body: str | None = None, tags: list[str] | None = None,
                    color: str | None = None) -> Note | None:
        """Change a note's body, tags or colour (the Library records only what differs)."""
        changes = self._call(self.library.edit_note, note_id, body=body, tags=tags, color=color)
        return changes.note if changes is not None else None

    def delete_note(self, note_id: str | None) -> None:
        """Delete a note; Undo brings it back with the same id."""
        if note_id:
            self._call(self.library.delete_note, note_id)

    def edit_notes(self, note_ids: list[str], *, add_tags: list[str] | None = None,
                   remove_tags: list[str] | None = None, color: str | None = None) -> Changes | None:
        """Tag, untag or recolour several notes: one step for Undo."""
        return self._call(self.library.edit_notes, note_ids, add_tags=add_tags or [],
                          remove_tags=remove_tags or [], color=color)

    def delete_notes(self, note_ids: list[str]) -> Changes | None:
        """Move several notes to the Trash: one step for Undo."""
        return self._call(self.library.delete_notes, note_ids) if note_ids else None

    def share(self, note_ids: list[str], shared: bool) -> Changes | None:
        """Share team notes with the team, or make them private again (sent at the next sync)."""
        return self._call(self.library.share_notes, note_ids, shared) if note_ids else None

    def versions(self, note_id: str) -> list[KeptVersion]:
        """A note's versions an import or a team sync did not keep, the latest first."""
        return self.library.note_versions(note_id)

    def version_counts(self) -> dict[str, int]:
        return self.library.note_version_counts()

    def team_entries(self) -> dict[str, TeamEntry]:
        """Every team note's place in the team library (author, shared, waiting)."""
        return self.library.team_entries()

    def reattach(self, note_id: str | None, article: Article, start: int, end: int) -> None:
        """Attach a note (typically an orphan) to ``article.text[start:end]``."""
        if not note_id or self.note(note_id) is None:
            self.error.emit("Select the note to re-attach in the notes pane first.")
            return
        self._call(self.library.reattach_note, note_id, start, end, self._key(article),
                   fingerprint=article.fingerprint)

    # -- undo

    def undo(self) -> None:
        self._call(self.library.undo)

    def redo(self) -> None:
        self._call(self.library.redo)

    def bind_undo_actions(self, undo: QAction, redo: QAction) -> None:
        """Make ``undo``/``redo`` run the Library's undo/redo and show what they would do."""
        self._undo_action, self._redo_action = undo, redo
        undo.triggered.connect(self.undo)
        redo.triggered.connect(self.redo)
        self._show_undo_status()

    def _show_undo_status(self) -> None:
        status = self.library.undo_status()
        for action, word, label in ((self._undo_action, "&Undo", status.undo),
                                    (self._redo_action, "&Redo", status.redo)):
            if action is not None:
                action.setText(f"{word} {label}" if label else word)
                action.setEnabled(label is not None)

    # -- helpers

    def _call(self, operation: Callable[..., Changes], *args, **kwargs) -> Changes | None:
        """Run a Library change; announce what it changed, or report why it could not."""
        try:
            changes = operation(*args, **kwargs)
        except _ERRORS as exc:
            self.error.emit(str(exc))
            self._show_undo_status()  # a refused undo drops its step
            return None
        self.changed.emit(changes)
        return changes

    def _announce(self, changes: Changes) -> None:
        """``notesChanged`` for the listeners that refresh by article."""
        if len(changes.articles) == 1:
            self.notesChanged.emit(next(iter(changes.articles)))
        elif changes.articles:
            self.notesChanged.emit("")
        else:
            self._show_undo_status()

    def _key(self, article: Article) -> str:
        """How the Library finds ``article``: its id if indexed (or a team article's),
        else its path."""
        known = self.library.record(article.id) or self.library.is_team_article(article.id)
        return article.id if known else str(article.path)

    def _add(self, article: Article, start: int, end: int, **fields) -> Note | None:
        # The fingerprint: the offsets are into the text on screen, which the
        # file on disk may no longer have (the Library then refuses).
        changes = self._call(self.library.add_note, self._key(article), start=start, end=end,
                             fingerprint=article.fingerprint, **fields)
        return changes.note if changes is not None else None
