"""Notes ▸ Trash…: deleted notes listed, restored as they were, emptied after asking."""
from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox
from tests.core.notes.notes_helpers import raw
from tests.ui.ui_helpers import answer_the_question

from reader.core.model import format_moment


def in_the_file(library) -> tuple[list[str], list[str]]:
    """(ids in ``notes``, ids in ``trash``), read from the notes file behind the library's back."""
    with raw(library.paths.notes_file) as db:
        return ([row[0] for row in db.execute("SELECT id FROM notes")],
                [json.loads(row[0])["id"] for row in db.execute("SELECT note FROM trash")])


def test_the_trash_restores_and_empties(qtbot, make_window, library):
    window = make_window(library)
    info = library.articles()[0]
    text = library.article(info.id).text
    note = library.add_note(info.id, quote=text[:25], body="worth keeping", tags=["isis"]).note
    window.open_article(info.id)
    window.notes.delete_note(note.id)
    assert library.list_notes() == [] and in_the_file(library) == ([], [note.id])

    window.actions.trash.trigger()
    dialog = window.dialogs.trash()
    assert dialog.isVisible() and dialog.list.topLevelItemCount() == 1
    row = dialog.list.topLevelItem(0)
    assert row.text(0) == text[:25].strip() and row.text(1) == note.article_title
    assert row.text(2) == format_moment(library.trash()[0].trashed)  # in the analyst's time
    assert "1 deleted note" in dialog.summary.text()
    assert not dialog.restore_button.isEnabled()
    row.setSelected(True)
    dialog.restore_button.click()
    assert library.list_notes() == [note] and dialog.list.topLevelItemCount() == 0
    assert in_the_file(library) == ([note.id], [])
    qtbot.waitUntil(lambda: [n.id for n in window.reading_pane.notes_at_offset(3)] == [note.id],
                    timeout=3000)
    assert window.actions.undo.text() == "&Undo Restore Note"

    window.notes.delete_note(note.id)
    dialog.reload()
    asked: list[str] = []
    answer_the_question(QMessageBox.StandardButton.Cancel, asked)
    dialog.empty_button.click()
    assert asked[0] == "Delete the note in the Trash for good? This cannot be undone."
    assert in_the_file(library) == ([], [note.id])  # Cancel: nothing went
    assert window.actions.undo.text() == "&Undo Delete Note"
    answer_the_question(QMessageBox.StandardButton.Discard, asked)
    dialog.empty_button.click()
    assert len(asked) == 2 and in_the_file(library) == ([], [])
    assert library.trash() == [] and "The Trash is empty" in dialog.summary.text()
    assert not dialog.empty_button.isEnabled()
    # for good: Undo no longer offers to bring it back
    assert "Delete Note" not in window.actions.undo.text()
    assert "Restore Note" not in window.actions.undo.text()
    dialog.close()
