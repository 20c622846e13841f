"""NotesController: every change lands in the notes file and can be undone."""
from __future__ import annotations

import dataclasses

import pytest

from reader.core.model import INTACT, ORPHANED, Article
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
    return {n.id: n for n in library.notes.list()}


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
        controller.undo_stack.undo()
    assert note.id not in stored(library)
    controller.undo_stack.redo()
    assert stored(library)[note.id] == saved
    assert controller.undo_stack.undoText() == "Highlight (green)"


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
    controller.undo_stack.undo()
    assert note.id not in stored(library)


def test_cancelled_editor_saves_nothing(controller, library, article) -> None:
    controller.run_editor = fill(body="never", accept=False)
    assert controller.add_note(None, article, 0, 10) is None
    assert library.notes.list() == []
    assert controller.undo_stack.count() == 0


def test_edit_note_and_undo(qtbot, controller, library, article) -> None:
    note = library.add_note(article.id, start=0, end=10, body="old", tags=["a"], color="yellow")
    controller.run_editor = fill(body="new *text*", tags="a, b", color="blue")
    with qtbot.waitSignal(controller.notesChanged):
        controller.edit_note(None, note.id)
    saved = stored(library)[note.id]
    assert (saved.body, saved.tags, saved.color) == ("new *text*", ["a", "b"], "blue")
    controller.undo_stack.undo()
    saved = stored(library)[note.id]
    assert (saved.body, saved.tags, saved.color) == ("old", ["a"], "yellow")
    controller.undo_stack.redo()
    assert stored(library)[note.id].body == "new *text*"


def test_update_note_records_only_changes(controller, library, article) -> None:
    note = library.add_note(article.id, start=0, end=10, body="same")
    controller.update_note(note.id, body="same")
    assert controller.undo_stack.count() == 0
    controller.update_note(note.id, color="pink")
    assert stored(library)[note.id].color == "pink"
    assert controller.undo_stack.count() == 1


def test_delete_and_undo_restores_the_same_note(qtbot, controller, library, article) -> None:
    note = library.add_note(article.id, start=3, end=20, body="keep me", tags=["x", "y"],
                            color="pink")
    with qtbot.waitSignal(controller.notesChanged) as blocker:
        controller.delete_note(note.id)
    assert blocker.args == [article.id]
    assert stored(library) == {}
    controller.undo_stack.undo()
    assert stored(library) == {note.id: note}  # same id, timestamps, tags
    controller.undo_stack.redo()
    assert stored(library) == {}
    controller.undo_stack.undo()
    assert stored(library) == {note.id: note}


def test_interleaved_deletes_and_adds_undo_in_order(controller, library, article) -> None:
    a = library.add_note(article.id, start=0, end=5, body="a")
    b = library.add_note(article.id, start=10, end=15, body="b")
    controller.delete_note(a.id)
    c = controller.highlight(article, 20, 30, "yellow")
    controller.delete_note(b.id)
    controller.delete_note(c.id)
    assert stored(library) == {}
    for _ in range(4):
        controller.undo_stack.undo()
    assert stored(library) == {a.id: a, b.id: b}
    for _ in range(4):
        controller.undo_stack.redo()
    assert stored(library) == {}
    for _ in range(4):
        controller.undo_stack.undo()
    assert set(stored(library)) == {a.id, b.id}


def test_undo_survives_a_delete_made_behind_its_back(controller, library, article) -> None:
    a = library.add_note(article.id, start=0, end=5)
    b = library.add_note(article.id, start=10, end=15)
    controller.delete_note(a.id)
    library.delete_note(b.id)  # not through the controller
    controller.undo_stack.undo()
    assert set(stored(library)) == {a.id}
    assert library.undo_delete().id == b.id


def test_reattach_an_orphan_and_undo(qtbot, controller, library, article) -> None:
    note = library.add_note(article.id, start=0, end=10, body="lost")
    library.notes.update(note.id, status=ORPHANED, score=0.0, touch=False)
    orphan = library.notes.get(note.id)
    start, end = passage(article, "lone wolves")
    with qtbot.waitSignal(controller.notesChanged):
        controller.reattach(note.id, article, start, end)
    saved = stored(library)[note.id]
    assert (saved.status, saved.start, saved.end, saved.exact, saved.body) == (
        INTACT, start, end, "lone wolves", "lost")
    controller.undo_stack.undo()
    assert stored(library)[note.id] == orphan
    controller.undo_stack.redo()
    assert stored(library)[note.id].status == INTACT


def test_errors_are_reported_not_raised(qtbot, controller, library, article) -> None:
    with qtbot.waitSignal(controller.error) as blocker:
        assert controller.highlight(article, 5, 5, "yellow") is None
    assert "outside" in blocker.args[0] or "Offsets" in blocker.args[0]
    with qtbot.waitSignal(controller.error):
        controller.delete_note("no-such-id")
    with qtbot.waitSignal(controller.error):
        controller.reattach(None, article, 0, 5)
    assert controller.undo_stack.count() == 0


def test_a_stale_article_on_screen_is_refused(qtbot, controller, library, article) -> None:
    """The file changed since the pane loaded it: the offsets mean another passage now."""
    first = article.blocks[0]
    stale = dataclasses.replace(article, blocks=(dataclasses.replace(first, text="Old " + first.text),
                                                 *article.blocks[1:]))
    with qtbot.waitSignal(controller.error) as blocker:
        assert controller.highlight(stale, 0, 10, "yellow") is None
    assert "changed on disk" in blocker.args[0]
    assert library.notes.list() == []


def test_notes_for_is_in_reading_order(controller, library, article) -> None:
    late = library.add_note(article.id, start=200, end=210)
    early = library.add_note(article.id, start=5, end=10)
    assert [n.id for n in controller.notes_for(article.id)] == [early.id, late.id]
    assert controller.tags() == []
