"""Drafts: a note being written is kept in the notes file until it is saved or dropped."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.core.notes.notes_helpers import child_env, make_note

from reader.core.model import Draft
from reader.core.notes import NoteStore

KILLED_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
from reader.core.model import Draft
from reader.core.notes import NoteStore
store = NoteStore(Path(sys.argv[1]))
store.save_draft(Draft("new:a:3:9", "a", 3, 9, "passage", "An hour of writing", ("kremlin",)))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_draft_is_kept_replaced_and_dropped(path: Path) -> None:
    with NoteStore(path) as store:
        note = store.add(make_note())
        store.save_draft(Draft(note.id, note.article_id, note.start, note.end, note.exact,
                               "first words", ("a",), "green", note_id=note.id))
        store.save_draft(Draft(note.id, note.article_id, note.start, note.end, note.exact,
                               "first words, and more", ("a", "b"), "green", note_id=note.id))
        [draft] = store.drafts()
        assert (draft.body, draft.tags, draft.color, draft.note_id) == (
            "first words, and more", ("a", "b"), "green", note.id)
        assert draft.saved  # stamped
        assert store.count() == 1 and store.list()[0].body == note.body  # not a note
        store.drop_draft(note.id)
        assert store.drafts() == []


def test_a_draft_survives_a_kill(path: Path) -> None:
    NoteStore(path).close()
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_WRITING, str(path)],
                            env=child_env(), capture_output=True, text=True, timeout=60)
    assert killed.returncode == -9
    with NoteStore(path) as store:
        [draft] = store.drafts()
        assert (draft.key, draft.body, draft.tags) == ("new:a:3:9", "An hour of writing",
                                                       ("kremlin",))
    assert Draft.key_for("a", 3, 9) == "new:a:3:9" and Draft.key_for("a", 3, 9, "n1") == "n1"
