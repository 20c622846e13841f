"""Notes ▸ Trash…: deleted notes listed, restored as they were, emptied after asking."""
from __future__ import annotations

from reader.core.model import format_moment


def test_the_trash_restores_and_empties(qtbot, make_window, library):
    window = make_window(library)
    info = library.articles()[0]
    text = library.article(info.id).text
    note = library.add_note(info.id, quote=text[:25], body="worth keeping", tags=["isis"]).note
    window.open_article(info.id)
    window.notes.delete_note(note.id)
    assert library.list_notes() == []

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
    qtbot.waitUntil(lambda: [n.id for n in window.reading_pane.notes_at_offset(3)] == [note.id],
                    timeout=3000)

    window.notes.delete_note(note.id)
    dialog.reload()
    asked: list[bool] = []
    dialog.confirm_empty = lambda: asked.append(True) or False  # Cancel: nothing goes
    dialog.empty_button.click()
    assert asked and len(library.trash()) == 1
    dialog.confirm_empty = lambda: True
    dialog.empty_button.click()
    assert library.trash() == [] and "The Trash is empty" in dialog.summary.text()
    dialog.close()
