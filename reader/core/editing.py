"""Editing notes: one note's body, tags or colour, or the tags and colour of many at once.

A part of ``Library`` (its base class ``NoteEditing``), as ``deletion.py``
and ``exchange.py`` are.  Each call is one step of the undo history, however
many notes it changes (the notes browser tags or recolours a selection in
one go, and one Undo takes it back), and changes nothing (and records no
step) when every note already is as asked.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .model import COLORS, Changes, LibraryError, Note, normalise_tags, tag_key

if TYPE_CHECKING:
    from .notes import History, NoteStore


def check_color(color: str) -> str:
    """``color`` if it is one of Reader's highlight colours; else a sentence naming them."""
    if color not in COLORS:
        raise LibraryError(f"Unknown colour '{color}'; use one of: {', '.join(COLORS)}.")
    return color


class NoteEditing:
    """``Library.edit_note`` and ``Library.edit_notes``."""

    if TYPE_CHECKING:  # what Library provides
        _notes: NoteStore
        _history: History

        def _record(self, label: str, before: dict[str, Note | None],
                    after: dict[str, Note | None], note: Note | None) -> Changes: ...

    def edit_note(self, note_id: str, *, body: str | None = None,
                  tags: Sequence[str] | None = None, color: str | None = None) -> Changes:
        """Change a note's body, tags or colour: one "Edit Note" step, if anything differs."""
        wanted: dict = {}
        if body is not None:
            wanted["body"] = body
        if tags is not None:
            wanted["tags"] = normalise_tags(tags)
        if color is not None:
            wanted["color"] = check_color(color)
        with self._history.lock:
            old = self._notes.get(note_id)
            changes = {name: value for name, value in wanted.items() if value != getattr(old, name)}
            if not changes:  # nothing to save, nothing to undo
                return Changes(note=old, undo=self._history.status())
            new = self._notes.update(note_id, **changes)
            return self._record("Edit Note", {note_id: old}, {note_id: new}, new)

    def edit_notes(self, note_ids: Iterable[str], *, add_tags: Sequence[str] = (),
                   remove_tags: Sequence[str] = (), color: str | None = None) -> Changes:
        """Tag, untag or recolour several notes together (all or none): one step,
        labelled for what it did ("Tag 3 Notes", "Recolour 2 Notes")."""
        adding = normalise_tags(add_tags)
        removing = {tag_key(tag) for tag in remove_tags if tag.strip()}
        if color is not None:
            check_color(color)
        with self._history.lock:
            before = {note_id: self._notes.get(note_id) for note_id in dict.fromkeys(note_ids)}
            updates = []
            for note_id, note in before.items():
                kept = [tag for tag in note.tags if tag_key(tag) not in removing]
                fields: dict[str, object] = {"tags": normalise_tags([*kept, *adding])}
                if color is not None:
                    fields["color"] = color
                fields = {name: value for name, value in fields.items() if value != getattr(note, name)}
                if fields:
                    updates.append((note_id, fields))
            if not updates:
                return Changes(undo=self._history.status())
            changed = self._notes.update_many(updates, touch=True)
            after = {note.id: note for note in changed}
            label = _bulk_label(len(after), adding, removing, color)
            return self._record(label, {note_id: before[note_id] for note_id in after}, after,
                                changed[0] if len(changed) == 1 else None)


def _bulk_label(count: int, adding: list[str], removing: set[str], color: str | None) -> str:
    """What Undo offers to take back: "Tag 3 Notes", "Recolour Note", "Edit 2 Notes"."""
    verb = ("Edit" if sum(map(bool, (adding, removing, color))) > 1 else
            "Tag" if adding else "Untag" if removing else "Recolour")
    return f"{verb} {'Note' if count == 1 else f'{count} Notes'}"
