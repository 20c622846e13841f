"""NotesController: every change lands in the notes file and can be undone.

Undo is the Library's (tests/core/notes/test_history.py tests it in depth);
these check that the window's actions drive it and show its labels.
"""
from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from reader.core.model import INTACT, ORPHANED, Article, UndoStatus
from reader.ui.note_editor import NoteEditor
from reader.ui.notes_controller import NotesController


@pytest.fixture
def controller(qtbot, library) -> NotesController:
    return NotesController(library)


@pytest.fixture
def article(library) -> Article:
    return library.article(library.articles()[0].id)


def passage(article: Article, words: str) -> tuple[int, int]:
    start = article.text.index(words)
    return start, start + len(words)


def stored(library):
    return {n.id: n for n in library.list_notes()}


def fill(body: str = "", tags: str = "", color: str | None = None, accept: bool = True):
    """A run_editor that types into the dialog and saves (or cancels) it."""
    seen: list[NoteEditor] = []

    def run(editor: NoteEditor) -> bool:
        seen.append(editor)
        if body:
            editor.body_edit.setPlainText(body)
        if tags:
            editor.tags_edit.setText(tags)
        if color:
            editor.color_picker.set_color(color)
        (editor.accept if accept else editor.reject)()
        return accept

    run.seen = seen  # type: ignore[attr-defined]
    return run


def test_highlight_saves_and_undo_redo(qtbot, controller, library, article) -> None:
    start, end = passage(article, "two crucial developments")
    with qtbot.waitSignal(controller.notesChanged) as blocker:
        note = controller.highlight(article, start, end, "green")
    assert blocker.args == [article.id]
    assert note is not None
    saved = stored(library)[note.id]
    assert (saved.start, saved.end, saved.color, saved.exact, saved.body) == (
        start, end, "green", "two crucial developments", "")
    with qtbot.waitSignal(controller.notesChanged):
        controller.undo()
    assert note.id not in stored(library)
    controller.redo()
    assert stored(library)[note.id] == saved
    assert library.undo_status().undo == "Highlight (green)"


def test_add_note_through_the_editor(qtbot, controller, library, article) -> None:
    library.add_note(article.id, start=0, end=5, tags=["policy"])
    run = fill(body="**Important**", tags="policy, Russia", color="purple")
    controller.run_editor = run
    start, end = passage(article, "lone wolves")
    note = controller.add_note(None, article, start, end)
    editor = run.seen[0]
    assert "lone wolves" in editor.quote_label.text()
    assert "policy" in editor.tags_edit._known
    assert note is not None
    saved = stored(library)[note.id]
    assert (saved.body, saved.tags, saved.color, saved.exact) == (
        "**Important**", ["policy", "Russia"], "purple", "lone wolves")
    controller.undo()
    assert note.id not in stored(library)


def test_cancelled_editor_saves_nothing(controller, library, article) -> None:
    controller.run_editor = fill(body="never", accept=False)
    assert controller.add_note(None, article, 0, 10) is None
    assert library.list_notes() == []
    assert library.undo_status() == UndoStatus()


def test_edit_note_and_undo(qtbot, controller, library, article) -> None:
    note = library.add_note(article.id, start=0, end=10, body="old", tags=["a"], color="yellow").note
    controller.run_editor = fill(body="new *text*", tags="a, b", color="blue")
    with qtbot.waitSignal(controller.notesChanged):
        controller.edit_note(None, note.id)
    saved = stored(library)[note.id]
    assert (saved.body, saved.tags, saved.color) == ("new *text*", ["a", "b"], "blue")
    controller.undo()
    saved = stored(library)[note.id]
    assert (saved.body, saved.tags, saved.color) == ("old", ["a"], "yellow")
    controller.redo()
    assert stored(library)[note.id].body == "new *text*"


def test_update_note_records_only_changes(controller, library, article) -> None:
    note = library.add_note(article.id, start=0, end=10, body="same").note
    controller.update_note(note.id, body="same")
    assert library.undo_status().undo == "Add Note"
    controller.update_note(note.id, color="pink")
    assert stored(library)[note.id].color == "pink"
    assert library.undo_status().undo == "Edit Note"


def test_delete_and_undo_restores_the_same_note(qtbot, controller, library, article) -> None:
    note = library.add_note(article.id, start=3, end=20, body="keep me", tags=["x", "y"],
                            color="pink").note
    with qtbot.waitSignal(controller.notesChanged) as blocker:
        controller.delete_note(note.id)
    assert blocker.args == [article.id]
    assert stored(library) == {}
    controller.undo()
    assert stored(library) == {note.id: note}  # same id, timestamps, tags
    controller.redo()
    assert stored(library) == {}
    controller.undo()
    assert stored(library) == {note.id: note}


def test_interleaved_deletes_and_adds_undo_in_order(controller, library, article) -> None:
    a = library.add_note(article.id, start=0, end=5, body="a").note
    b = library.add_note(article.id, start=10, end=15, body="b").note
    controller.delete_note(a.id)
    c = controller.highlight(article, 20, 30, "yellow")
    controller.delete_note(b.id)
    controller.delete_note(c.id)
    assert stored(library) == {}
    for _ in range(4):
        controller.undo()
    assert stored(library) == {a.id: a, b.id: b}
    for _ in range(4):
        controller.redo()
    assert stored(library) == {}
    for _ in range(4):
        controller.undo()
    assert set(stored(library)) == {a.id, b.id}


def test_a_delete_made_past_the_controller_is_in_the_same_history(controller, library,
                                                                   article) -> None:
    """One history, the Library's: nothing to keep in step any more."""
    a = library.add_note(article.id, start=0, end=5).note
    b = library.add_note(article.id, start=10, end=15).note
    controller.delete_note(a.id)
    library.delete_note(b.id)  # not through the controller
    controller.undo()
    assert set(stored(library)) == {b.id}
    controller.undo()
    assert stored(library) == {a.id: a, b.id: b}


def test_reattach_an_orphan_and_undo(qtbot, controller, library, article) -> None:
    note = library.add_note(article.id, start=0, end=10, body="lost").note
    # A state only re-anchoring produces, so set in the store itself.
    library._notes.update(note.id, status=ORPHANED, score=0.0, touch=False)
    orphan = library.note(note.id)
    start, end = passage(article, "lone wolves")
    with qtbot.waitSignal(controller.notesChanged):
        controller.reattach(note.id, article, start, end)
    saved = stored(library)[note.id]
    assert (saved.status, saved.start, saved.end, saved.exact, saved.body) == (
        INTACT, start, end, "lone wolves", "lost")
    assert library.undo_status().undo == "Re-attach Note"
    controller.undo()
    assert stored(library)[note.id] == orphan
    controller.redo()
    assert stored(library)[note.id].status == INTACT


def test_errors_are_reported_not_raised(qtbot, controller, library, article) -> None:
    with qtbot.waitSignal(controller.error) as blocker:
        assert controller.highlight(article, 5, 5, "yellow") is None
    assert "outside" in blocker.args[0] or "Offsets" in blocker.args[0]
    with qtbot.waitSignal(controller.error):
        controller.delete_note("no-such-id")
    with qtbot.waitSignal(controller.error):
        controller.reattach(None, article, 0, 5)
    assert library.undo_status() == UndoStatus()


def test_a_stale_article_on_screen_is_refused(qtbot, controller, library, article) -> None:
    """The file changed since the pane loaded it: the offsets mean another passage now."""
    first = article.blocks[0]
    stale = dataclasses.replace(article, blocks=(dataclasses.replace(first, text="Old " + first.text),
                                                 *article.blocks[1:]))
    with qtbot.waitSignal(controller.error) as blocker:
        assert controller.highlight(stale, 0, 10, "yellow") is None
    assert "changed on disk" in blocker.args[0]
    assert library.list_notes() == []
    assert library.undo_status() == UndoStatus()


def test_notes_for_is_in_reading_order(controller, library, article) -> None:
    late = library.add_note(article.id, start=200, end=210).note
    early = library.add_note(article.id, start=5, end=10).note
    assert [n.id for n in controller.notes_for(article.id)] == [early.id, late.id]
    assert controller.tags() == []


def test_changed_carries_what_the_library_changed(qtbot, controller, library, article) -> None:
    note = library.add_note(article.id, start=0, end=10, body="x").note
    with qtbot.waitSignal(controller.changed) as blocker:
        controller.delete_note(note.id)
    [changes] = blocker.args
    assert (changes.removed, changes.articles, changes.note) == ({note.id}, {article.id}, note)
    assert changes.undo == UndoStatus(undo="Delete Note")


def test_ctrl_z_in_the_window_undoes_a_delete_and_the_menu_says_what(qtbot, make_window,
                                                                     library) -> None:
    window = make_window(library)
    undo, redo = window.actions.undo, window.actions.redo
    assert (undo.text(), undo.isEnabled(), redo.text(), redo.isEnabled()) == (
        "&Undo", False, "&Redo", False)
    info = library.articles()[0]
    note = library.add_note(info.id, start=0, end=10, body="keep me", tags=["t"]).note
    window.notes.notesChanged.emit(info.id)
    assert undo.text() == "&Undo Add Note"
    window.notes.delete_note(note.id)
    assert library.list_notes() == []
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert "&Undo Delete Note" in [a.text() for a in edit_menu.actions()]
    assert undo.isEnabled() and not redo.isEnabled()

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.list_notes() == [note]  # the same note: id, timestamps, tags
    assert (undo.text(), redo.text(), redo.isEnabled()) == (
        "&Undo Add Note", "&Redo Delete Note", True)
    redo.trigger()
    assert library.list_notes() == []
    undo.trigger()
    undo.trigger()
    assert library.list_notes() == []
    assert (undo.text(), undo.isEnabled(), redo.text()) == ("&Undo", False, "&Redo Add Note")
