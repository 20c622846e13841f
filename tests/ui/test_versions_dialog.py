"""Notes ▸ Other Versions…: the versions an import or a team sync did not keep, seen and used again."""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from reader.ui.versions_dialog import VersionsDialog


def test_a_kept_version_is_listed_shown_and_used_again_undoably(qtbot, make_window, library):
    info = library.articles()[0]
    note = library.add_note(info.id, start=0, end=20, body="My **first** words",
                            tags=["draft"]).note
    newer = dataclasses.replace(note, body="Words from elsewhere", tags=["final"],
                                modified="2099-01-01T00:00:00+00:00")
    library._notes.upsert([newer], "an import")  # (as an import brings a newer edit)
    window = make_window(library)
    window.open_article(info.id)
    panel = window.notes_panel
    assert panel.versions == {note.id: 1}
    card = panel.delegate.document(panel.visible_notes()[0]).toPlainText()
    assert "1 other version kept" in card

    panel.select_note(note.id)
    assert window.actions.note_versions.isEnabled()
    window.actions.note_versions.trigger()
    [dialog] = [d for d in panel.findChildren(VersionsDialog) if d.isVisible()]
    assert dialog.list.count() == 1 and "replaced by a newer one" in dialog.list.item(0).text()
    assert "first words" in dialog.preview.toPlainText() and "#draft" in dialog.preview.toPlainText()
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert (library.note(note.id).body, library.note(note.id).tags) == (
        "My **first** words", ["draft"])
    window.actions.undo.trigger()
    assert library.note(note.id).body == "Words from elsewhere"


def test_another_members_note_shows_its_versions_but_cannot_use_them(qtbot, library):
    from reader.ui.notes_controller import NotesController

    info = library.articles()[0]
    note = library.add_note(info.id, start=0, end=20, body="theirs").note
    library._notes.upsert([dataclasses.replace(note, body="newer",
                                               modified="2099-01-01T00:00:00+00:00")])
    dialog = VersionsDialog(NotesController(library), library.note(note.id), editable=False)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and not dialog.use_button.isEnabled()
    dialog.use_selected()
    assert library.note(note.id).body == "newer"
