"""The note editor: live Markdown preview, tag completion, colour, values."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from reader.ui.note_editor import NoteEditor, NoteValues
from reader.ui.note_format import render_markdown

KNOWN = ["policy", "politics", "terrorism", "Europe"]


@pytest.fixture
def editor(qtbot) -> NoteEditor:
    dialog = NoteEditor(None, quote="The passage that was selected 😀.", known_tags=KNOWN)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_shows_the_quote_read_only(editor: NoteEditor) -> None:
    assert "The passage that was selected 😀." in editor.quote_label.text()
    assert editor.windowTitle() == "Add Note"


def test_typing_markdown_updates_the_preview(qtbot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.body_edit, "**x** and *y*")
    qtbot.waitUntil(lambda: "<strong>x</strong>" in editor.preview_html())
    assert "<em>y</em>" in editor.preview_html()
    assert editor.preview.toPlainText().strip() == "x and y"
    editor.reject()
    assert not editor._timer.isActive()


def test_preview_shows_raw_html_as_text_and_loads_nothing(qtbot, editor: NoteEditor) -> None:
    editor.body_edit.setPlainText('<b>hi</b> <img src="http://example.com/x.png"> ![a](http://example.com/a.png)')
    editor.render_preview()
    assert "&lt;b&gt;" in editor.preview_html()
    assert "<img" not in editor.preview_html()
    assert "<b>hi</b>" in editor.preview.toPlainText()


def test_markdown_constructs_survive_escaping() -> None:
    html = render_markdown("> quoted\n\n`a < b & c`\n\n- one\n- two")
    assert "<blockquote>" in html and "<code>a &lt; b &amp; c</code>" in html and "<li>one</li>" in html


def test_tag_completion_offers_existing_tags(qtbot, editor: NoteEditor) -> None:
    tags = editor.tags_edit
    completer = tags.completer_
    tags.setFocus()
    qtbot.keyClicks(tags, "po")
    assert completer.completionCount() == 2
    assert completer.popup().isVisible()
    offered = {completer.completionModel().index(i, 0).data() for i in range(2)}
    assert offered == {"policy", "politics"}
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert tags.text() == "policy, "
    qtbot.keyClicks(tags, "EU")  # case-insensitive, and the tag keeps its spelling
    assert completer.completionCount() == 1
    tags.insert_completion(completer.currentCompletion())
    assert tags.text() == "policy, Europe, "
    qtbot.keyClicks(tags, "p")  # "policy" is already there: only "politics" is offered
    assert completer.completionCount() == 1 and completer.currentCompletion() == "politics"
    assert editor.values().tags == ["policy", "Europe", "p"]


def test_completion_replaces_only_the_word_being_typed(qtbot, editor: NoteEditor) -> None:
    tags = editor.tags_edit
    tags.setText("terrorism, pol")
    tags.setCursorPosition(len(tags.text()))
    tags.insert_completion("policy")
    assert tags.tags() == ["terrorism", "policy"]


def test_saving_returns_the_values(qtbot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.body_edit, "A *note*")
    editor.tags_edit.setText("policy, europe, Policy ,  ")
    qtbot.mouseClick(editor.color_picker.buttons["blue"], Qt.MouseButton.LeftButton)
    editor.body_edit.setFocus()
    qtbot.keyClick(editor.body_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.result() == QDialog.DialogCode.Accepted
    assert editor.values() == NoteValues("A *note*", ["policy", "europe"], "blue")
    assert not editor._timer.isActive()


def test_esc_on_an_unchanged_note_just_closes(qtbot, editor: NoteEditor) -> None:
    editor.ask_unsaved = lambda: pytest.fail("nothing changed: nothing to ask")
    qtbot.keyClick(editor.body_edit, Qt.Key.Key_Escape)
    assert editor.result() == QDialog.DialogCode.Rejected and not editor.isVisible()


@pytest.mark.parametrize(("answer", "visible", "result"), [
    (QMessageBox.StandardButton.Cancel, True, None),
    (QMessageBox.StandardButton.Discard, False, QDialog.DialogCode.Rejected),
    (QMessageBox.StandardButton.Save, False, QDialog.DialogCode.Accepted),
])
def test_esc_on_a_changed_note_asks_save_discard_or_cancel(qtbot, answer, visible, result):
    dialog = NoteEditor(None, quote="q", body="A long note, written for an hour.", tags=["a"],
                        title="Edit Note")
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[bool] = []
    dialog.ask_unsaved = lambda: asked.append(True) or answer
    qtbot.keyClicks(dialog.body_edit, " And one more sentence.")
    qtbot.keyClick(dialog.body_edit, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible() == visible
    if result is not None:
        assert dialog.result() == result
    assert dialog.values().body.endswith("And one more sentence.")  # nothing lost either way


def test_a_changed_tag_list_is_asked_about_too(qtbot, editor: NoteEditor) -> None:
    asked: list[bool] = []
    editor.ask_unsaved = lambda: asked.append(True) or QMessageBox.StandardButton.Cancel
    editor.tags_edit.setText("sanctions, kremlin")
    editor.buttons.button(editor.buttons.StandardButton.Cancel).click()
    assert asked and editor.isVisible()


def test_tab_goes_from_the_note_to_the_tags_never_into_the_preview(qtbot, editor) -> None:
    editor.activateWindow()
    editor.body_edit.setFocus()
    qtbot.waitUntil(editor.body_edit.hasFocus)
    seen = []
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert editor.preview not in seen and editor.tags_edit in seen


def test_editing_starts_from_the_note(qtbot) -> None:
    dialog = NoteEditor(None, quote="q", body="**old**", tags=["a", "b"], color="pink",
                        title="Edit Note")
    qtbot.addWidget(dialog)
    assert dialog.values() == NoteValues("**old**", ["a", "b"], "pink")
    assert "<strong>old</strong>" in dialog.preview_html()
    assert dialog.color_picker.buttons["pink"].isChecked()
