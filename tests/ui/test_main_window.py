"""The main window's wiring: actions reach the panes, articles and notes open, folders
are added, startup and shutdown.  (Chrome, saved state, index status and folder
watching have test files of their own.)"""
from __future__ import annotations


import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from tests.ui.ui_helpers import wait_idle

from reader.core.library import Library
from reader.ui.main_window import settings_for
from reader.ui.notes_model import NoteRole


def test_ctrl_f_with_no_article_open_searches_the_library(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.library_view.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_panel.field


def test_empty_panes_explain_what_to_do(window):
    assert window.windowTitle() == "Reader"
    assert window.reading_pane.article is None
    assert window.search_panel.list.placeholder  # "Search results appear here as you type..."
    assert window.find_bar.isHidden()


def test_opening_an_article_sets_title_and_selects_its_row(qtbot, window, library):
    info = library.articles()[2]
    window.open_article(info.id)
    assert window.windowTitle() == info.title  # the platform adds " — Reader", once
    assert window.library_view.current_article_id() == info.id
    assert window.reading_pane.article.id == info.id


def test_open_folder_indexes_in_the_background_and_updates_the_list(qtbot, window, tmp_path):
    folder = tmp_path / "more"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("First extra\n\nThe Kremlin said so.\n", encoding="utf-8")
    (folder / "sub" / "two.txt").write_text("Second extra\n\nSyria again.\n", encoding="utf-8")
    with qtbot.waitSignal(window.indexer.finished, timeout=15000):
        assert window.add_folder(folder)
    wait_idle(qtbot, window)  # the table's rows are read in the background too
    assert window.count_label.text() == "7 articles"
    assert window.library_view.article_count() == 7
    assert str(folder / "sub") in window.watcher.directories()


def test_an_unreadable_folder_gets_a_message_with_an_action(qtbot, window, tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    assert not window.add_folder(missing)
    assert "Not a folder" in window.message_bar.text
    assert not window.message_bar.isHidden() and window.message_bar.level == "error"
    assert window.message_bar.action_button.text() == "Choose Another Folder…"
    chosen: list = []
    monkeypatch.setattr(window, "choose_folder", lambda: chosen.append(True))
    window.message_bar._callback = window.choose_folder
    window.message_bar.action_button.click()
    assert chosen == [True] and window.message_bar.isHidden()


def test_closing_releases_the_notes_lock(qtbot, make_window, library, home):
    window = make_window(library)
    window.close()
    again = Library(home)  # would raise NotesLockedError if the window still held it
    again.close()


def test_zoom_actions_are_remembered(qtbot, window, library):
    window.actions.zoom_in.trigger()
    window.actions.zoom_in.trigger()
    assert window.reading_pane.zoom_steps == 2
    assert int(settings_for(library).value("reading/zoom")) == 2
    window.actions.zoom_reset.trigger()
    assert int(settings_for(library).value("reading/zoom")) == 0


def test_quit_closes_the_window_and_stops_everything(qtbot, window):
    window.actions.quit.trigger()
    assert not window.isVisible()
    assert window.pool.activeThreadCount() == 0


@pytest.mark.parametrize("theme", ["dark", "sepia", "light"])
def test_theme_menu(window, theme):
    window.actions.theme[theme].trigger()
    assert window.theme.name == theme
    assert window.actions.theme[theme].isChecked()


def test_a_note_hit_opens_its_article_at_the_passage(qtbot, window, library):
    from tests.ui.ui_helpers import search

    info = next(a for a in library.articles() if a.title.startswith("ISIS"))
    text = library.article(info.id).text
    start = text.rindex("Putin")
    note = library.add_note(info.id, start=start, end=start + 5, body="late mention",
                            tags=["tail"]).note
    window.notes.notesChanged.emit(info.id)
    window.search_panel.set_scope("notes")
    search(qtbot, window.search_panel, "tag:tail")
    rect = window.search_panel.list.visualRect(window.search_panel.model.index(0, 0))
    qtbot.mouseClick(window.search_panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reading_pane.article.id == info.id
    assert window.notes_panel.selected_note_id() == note.id
    bar = window.reading_pane.view.verticalScrollBar()
    assert bar.value() > 0  # scrolled down to the passage near the end
    assert window.reading_pane.hits == []  # a note hit does not bring query hits along


def test_command_line_path_opens_a_file_or_adds_a_folder(qtbot, window, tmp_path):
    loose = tmp_path / "loose.txt"
    loose.write_text("A loose article\n\nNot in any library folder.\n", encoding="utf-8")
    window.open_path(loose)
    assert window.reading_pane.article.title == "A loose article"
    assert window.windowTitle() == "A loose article"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "x.txt").write_text("Folder article\n\nText.\n", encoding="utf-8")
    with qtbot.waitSignal(window.indexer.finished, timeout=15000):
        window.open_path(folder)
    wait_idle(qtbot, window)
    assert window.count_label.text() == "6 articles"


def test_a_colour_bar_over_a_fresh_selection_highlights_in_one_click(qtbot, window, library):
    from tests.ui.reading_pane.pane_helpers import point_in

    info = library.articles()[0]
    window.open_article(info.id)
    pane, text = window.reading_pane, library.article(info.id).text
    start = text.index(" ", 200) + 1
    end = text.index(" ", start + 30)
    viewport = pane.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_in(pane, start, start + 1))
    qtbot.mouseMove(viewport, point_in(pane, end - 1, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_in(pane, end - 1, end))
    bar = pane.view.selection_bar
    assert bar.isVisible()
    bar.color_buttons["green"].click()
    assert not bar.isVisible()
    [note] = library.list_notes(info.id)
    assert (note.color, note.exact) == ("green", text[start:end])
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_in(pane, start, start + 1))
    qtbot.mouseMove(viewport, point_in(pane, end - 1, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_in(pane, end - 1, end))
    assert bar.isVisible()
    qtbot.keyClick(pane.view, Qt.Key.Key_Shift)
    assert not bar.isVisible()  # the keyboard has the menus


def test_opening_notes_from_the_list_of_all_notes_keeps_the_place_in_it(qtbot, make_window,
                                                                          library):
    infos = library.articles()
    for info in infos:  # many notes on every article: the list scrolls
        for start in range(0, 400, 40):
            library.add_note(info.id, start=start, end=start + 30, body=f"note at {start}")
    window = make_window(library)
    window.actions.all_notes.trigger()
    panel = window.notes_panel
    bar = panel.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the cards are laid out in batches
    qtbot.wait(100)
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    last = panel.view.indexAt(QPoint(20, panel.view.viewport().height() // 2))
    panel.view.clicked.emit(last)  # the note opens in its article ...
    chosen = last.data(NoteRole)
    assert window.reading_pane.article.id == chosen.article_id
    # ... and the list stays: all notes, the same one selected, scrolled where it was
    assert panel.mode == "all" and panel.selected_note_id() == chosen.id
    qtbot.wait(50)
    assert bar.value() == scrolled
    panel.article_button.click()  # the Article view lists the open article's notes
    assert {n.article_id for n in panel.visible_notes()} == {chosen.article_id}
