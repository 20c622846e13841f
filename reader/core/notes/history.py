"""The one undo history of the notes, owned by the core.

As in Anki, where the collection owns undo and the Qt side only shows it:
every change the user makes through the ``Library`` is recorded here as one
step, the snapshots of the notes it touched before and after.  Undo and redo
put those snapshots back verbatim (same id, timestamps, tags), so a deleted
note comes back identical.  The history lives in memory for the running
process, like an editor's; each window or CLI process has its own.

Re-anchoring after an index update is the system's doing, not the user's, so
it is not a step.  It must not make undo wrong either: a snapshot holds the
offsets of the text the note was anchored to then, and that text is gone.  So
``rebase`` gives every snapshot of the same passage the new anchor, and a step
that thereby no longer changes anything (a re-attach the system has since
repeated) is dropped.  A snapshot of another passage (the orphan a re-attach
replaced) keeps its old anchor; the ``Library`` re-anchors such a note when
undo brings it back.
"""
from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reader.core.model import Note, NotesError, UndoStatus

from .store import NoteStore, Snapshots

log = logging.getLogger("reader.notes")

#: What re-anchoring may change in a note (``Library.reanchor_notes``); a move
#: adds the place it left to ``anchor_history``.
ANCHOR_FIELDS = ("start", "end", "fingerprint", "status", "score", "article_path", "article_title",
                 "anchor_history")
#: What says which passage a note is on; re-anchoring never changes these.
PASSAGE_FIELDS = ("article_id", "exact", "prefix", "suffix")
#: Steps kept; an import holds a snapshot of every note it touched.
LIMIT = 100


@dataclass
class Step:
    """One user change: its label ("Delete Note") and the notes before and after it."""

    label: str
    before: Snapshots
    after: Snapshots

    def changes_something(self) -> bool:
        return self.before != self.after


class History:
    """Undo and redo stacks of ``Step``s over one ``NoteStore``.

    ``lock`` is held by the ``Library`` around a change and its recording,
    and by re-anchoring around its write and ``rebase`` (which may run on a
    worker thread), so a step always describes the notes as they are.
    """

    def __init__(self, store: NoteStore, limit: int = LIMIT) -> None:
        self._store = store
        self._limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self.lock = threading.RLock()

    def record(self, label: str, before: Mapping[str, Note | None],
               after: Mapping[str, Note | None]) -> None:
        """Add the step the user just made; it clears what could be redone."""
        step = Step(label, _copied(before), _copied(after))
        if not step.changes_something():
            return
        with self.lock:
            self._undo.append(step)
            del self._undo[:-self._limit]
            self._redo.clear()

    def status(self) -> UndoStatus:
        with self.lock:
            return UndoStatus(self._undo[-1].label if self._undo else None,
                              self._redo[-1].label if self._redo else None)

    def undo(self) -> tuple[Step, Snapshots, Snapshots] | None:
        """Put back the notes as they were before the last step: (step, before, after)."""
        return self._move(self._undo, self._redo, "undo")

    def redo(self) -> tuple[Step, Snapshots, Snapshots] | None:
        """Make the last undone step again: (step, before, after)."""
        return self._move(self._redo, self._undo, "redo")

    def _move(self, source: list[Step], target: list[Step],
              what: str) -> tuple[Step, Snapshots, Snapshots] | None:
        with self.lock:
            if not source:
                return None
            step = source[-1]
            expected, wanted = (step.after, step.before) if what == "undo" else (step.before, step.after)
            current = {note_id: self._store.find(note_id) for note_id in wanted}
            if current != expected:
                # Written behind the history's back (every Library change is
                # recorded and re-anchoring rebases): putting the snapshot back
                # would silently undo that too.  Refuse, and drop the step.
                source.pop()
                log.warning("cannot %s %r: the notes changed since", what, step.label)
                raise NotesError(
                    f"Cannot {what} “{step.label}”: the note was changed since in another way. "
                    "That step was removed from the history."
                )
            if any(wanted[note_id] is not None and current[note_id] is None
                   and not self._store.in_trash(note_id) for note_id in wanted):
                # A note leaves only for the Trash (``NoteStore.restore`` too):
                # one not there was deleted for good (emptied, here or by
                # another process, or after 30 days) and must stay so.
                source.pop()
                raise NotesError(
                    f"Cannot {what} “{step.label}”: the note was deleted for good when the "
                    "Trash was emptied. That step was removed from the history.")
            self._store.restore(wanted)
            target.append(source.pop())
            return step, current, _copied(wanted)

    def forget(self, note_ids: Iterable[str]) -> None:
        """Notes deleted for good (the Trash emptied): drop every step that would
        bring one back, so that "for good" is true and Undo does not say otherwise."""
        gone = set(note_ids)
        if not gone:
            return
        with self.lock:
            for stack in (self._undo, self._redo):
                stack[:] = [step for step in stack
                            if gone.isdisjoint(step.before) and gone.isdisjoint(step.after)]

    def rebase(self, notes: Iterable[Note]) -> None:
        """Re-anchoring changed ``notes``: every snapshot of the same passage takes their anchor."""
        moved = {note.id: note for note in notes}
        if not moved:
            return
        with self.lock:
            for stack in (self._undo, self._redo):
                for step in stack:
                    for snapshots in (step.before, step.after):
                        for note_id, snapshot in snapshots.items():
                            new = moved.get(note_id)
                            if snapshot is not None and new is not None and _same_passage(snapshot, new):
                                snapshots[note_id] = dataclasses.replace(
                                    snapshot, **{name: getattr(new, name) for name in ANCHOR_FIELDS})
                stack[:] = [step for step in stack if step.changes_something()]


def _same_passage(a: Note, b: Note) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in PASSAGE_FIELDS)


def _copied(snapshots: Mapping[str, Note | None]) -> Snapshots:
    """Private copies: a caller mutating its note (tags are a list) must not change history."""
    return {note_id: dataclasses.replace(note, tags=list(note.tags)) if note else None
            for note_id, note in snapshots.items()}
