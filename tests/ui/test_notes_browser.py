"""Notes ▸ Notes Browser…: every note, sorted and grouped, worked on in bulk, its place kept."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from tests.core.notes.notes_helpers import raw
from tests.ui.ui_helpers import wait_idle

from reader.ui.notes_model import NoteRole
from reader.ui.notes_table import ARTICLE, CREATED


def add_notes(library) -> list:
    """Two notes on each of three articles, made one after another."""
    made = []
    for info in library.articles()[:3]:
        for start in (0, 60):
            made.append(library.add_note(info.id, start=start, end=start + 25,
                                         body=f"on {info.title[:10]}").note)
    return made


def stored(library, note_id: str) -> tuple[list[str], str]:
    """(tags, colour) as the notes file holds them, read behind the window's back."""
    with raw(library.paths.notes_file) as db:
        tags = [row[0] for row in db.execute(
            "SELECT tag FROM note_tags WHERE note_id = ? ORDER BY position", (note_id,))]
        return tags, db.execute("SELECT color FROM notes WHERE id = ?", (note_id,)).fetchone()[0]


def select(browser, note_ids: list[str]) -> None:
    selection = browser.tree.selectionModel()
    selection.clearSelection()
    for note_id in note_ids:
        index = browser.proxy.mapFromSource(browser.model.note_index(note_id))
        selection.select(index, QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)


def test_the_browser_groups_sorts_and_remembers(qtbot, make_window, library):
    made = add_notes(library)
    window = make_window(library)
    window.actions.notes_browser.trigger()
    browser = window.dialogs.notes_browser()
    assert browser.isVisible() and browser.proxy.rowCount() == 3  # three articles
    assert browser.tree.isColumnHidden(ARTICLE)  # each group's row names its article
    assert {n.id for n in browser.visible_notes()} == {n.id for n in made}
    assert browser.summary.text() == "6 notes in 3 articles"

    browser.tree.header().setSortIndicator(CREATED, Qt.SortOrder.AscendingOrder)
    browser.group_check.setChecked(False)
    assert browser.proxy.rowCount() == 6 and not browser.tree.isColumnHidden(ARTICLE)
    assert [n.id for n in browser.visible_notes()] == [n.id for n in made]  # oldest first
    browser.close()
    window.dialogs._open.pop("notes_browser")
    again = window.dialogs.notes_browser()  # a new browser: the same sort and grouping
    assert again is not browser and not again.group_check.isChecked()
    assert again.tree.header().sortIndicatorSection() == CREATED
    assert [n.id for n in again.visible_notes()] == [n.id for n in made]

    again.filter_bar.filter_edit.setText(made[0].body)
    assert {n.article_id for n in again.visible_notes()} == {made[0].article_id}
    assert again.summary.text().startswith("2 of 6 notes in 1 article")


def test_tagging_recolouring_and_deleting_many_notes_are_single_undoable_steps(
        qtbot, make_window, library):
    made = add_notes(library)
    window = make_window(library)
    browser = window.dialogs.notes_browser()
    chosen = [made[0].id, made[3].id, made[5].id]  # across articles
    select(browser, chosen)
    assert browser.summary.text().endswith("3 selected") and browser.tag_button.isEnabled()

    asked = []
    browser.ask_tag_to_add = lambda known: asked.append(known) or "evidence, Claims"
    browser.tag_button.click()
    assert [stored(library, i)[0] for i in chosen] == [["evidence", "Claims"]] * 3
    assert stored(library, made[1].id)[0] == []
    assert browser.summary.text() == "3 notes tagged."
    # The place is kept after the change: the same notes selected (their order on screen
    # follows creation times, which notes made in one second share).
    assert sorted(browser.selected_note_ids()) == sorted(chosen)
    browser.ask_tag_to_remove = lambda present: asked.append(present) or "Claims"
    browser.untag_button.click()
    assert asked[-1] == ["evidence", "Claims"]
    assert [stored(library, i)[0] for i in chosen] == [["evidence"]] * 3

    next(a for a in browser.color_menu.actions() if a.data() == "purple").trigger()
    assert [stored(library, i)[1] for i in chosen] == ["purple"] * 3
    assert window.actions.undo.text() == "&Undo Recolour 3 Notes"
    window.actions.undo.trigger()
    assert [stored(library, i)[1] for i in chosen] == ["yellow"] * 3

    qtbot.keyClick(browser.tree, Qt.Key.Key_Delete)
    assert [n.note.id for n in library.trash()] and {n.note.id for n in library.trash()} == set(chosen)
    assert {n.id for n in browser.visible_notes()} == {n.id for n in made} - set(chosen)
    assert "3 notes moved to the Trash" in browser.summary.text()
    window.actions.undo.trigger()
    assert library.trash() == [] and len(browser.visible_notes()) == 6


def test_opening_a_note_keeps_the_browsers_place_and_export_takes_the_selection(
        qtbot, make_window, library, tmp_path):
    made = add_notes(library)
    window = make_window(library)
    browser = window.dialogs.notes_browser()
    select(browser, [made[4].id, made[5].id])
    qtbot.keyClick(browser.tree, Qt.Key.Key_Return)  # the current row: made[5]
    wait_idle(qtbot, window)
    assert window.reading_pane.article.id == made[5].article_id
    assert window.notes_panel.selected_note_id() == made[5].id
    assert browser.selected_note_ids() == [made[4].id, made[5].id]
    assert browser.tree.currentIndex().data(NoteRole).id == made[5].id

    dialog = browser.export_button.click() or window.dialogs._export
    assert dialog.selected_notes.isChecked() and "2 notes selected" in dialog.selected_notes.text()
    target = tmp_path / "two.csv"
    dialog.set_format("csv")
    dialog.destination_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.export_button.click()
    exported = target.read_text(encoding="utf-8")
    assert made[4].id in exported and made[5].id in exported and made[0].id not in exported
    dialog.close()
