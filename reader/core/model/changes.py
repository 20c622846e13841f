"""What a change to the notes did, as a value the window refreshes from.

Every note-changing ``Library`` call returns a ``Changes`` (in the manner of
Anki's ``OpChanges``): the caller learns which notes and articles to redraw
and what Undo and Redo now say, without asking again or guessing.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .note import Note


@dataclass(frozen=True)
class UndoStatus:
    """The labels of the steps Undo and Redo would take; None when there is none."""

    undo: str | None = None
    redo: str | None = None


@dataclass(frozen=True)
class ImportConflict:
    """A note the import brought that differs from the one here: the newer
    edit was kept (``kept``: "here" or "import"), the other saved as a version."""

    note_id: str
    kept: str
    here_modified: str
    import_modified: str


@dataclass(frozen=True)
class Changes:
    """The outcome of one operation on the notes.

    ``articles`` are the ids of the articles whose notes changed (both the old
    and the new article of a re-attached note): the library rows whose note
    counts to refresh.  ``note`` is the note the operation produced or
    changed, when there is exactly one.  (An index update says what it
    changed in its ``IndexSummary`` and ``ReanchorSummary``.)
    """

    added: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    note: Note | None = None
    undo: UndoStatus = field(default_factory=UndoStatus)
    #: An import's notes that differed from the ones here (the newer was kept).
    conflicts: tuple[ImportConflict, ...] = ()

    @classmethod
    def between(cls, before: Mapping[str, Note | None], after: Mapping[str, Note | None],
                undo: UndoStatus, note: Note | None = None) -> Changes:
        """The changes that turned the notes ``before`` into ``after`` (id -> note or None)."""
        added, changed, removed, articles = set(), set(), set(), set()
        for note_id in before.keys() | after.keys():
            old, new = before.get(note_id), after.get(note_id)
            if old == new:
                continue
            if old is None:
                added.add(note_id)
            elif new is None:
                removed.add(note_id)
            else:
                changed.add(note_id)
            articles.update(n.article_id for n in (old, new) if n is not None)
        return cls(frozenset(added), frozenset(changed), frozenset(removed), frozenset(articles),
                   note=note, undo=undo)

    @property
    def notes(self) -> frozenset[str]:
        """Every note id the operation touched."""
        return self.added | self.changed | self.removed


@dataclass(frozen=True)
class Elsewhere:
    """What other processes (``reader-cli`` beside the window) changed since the
    window last looked (``Library.changes_elsewhere``): the notes, as ``Changes``,
    and whether the search index was updated (results and counts may differ)."""

    notes: Changes | None = None
    index: bool = False

    def __bool__(self) -> bool:
        return self.notes is not None or self.index
