"""The main window: actions and shortcuts, panes and their memory, the status bar,
background indexing with progress and cancel, messages, startup and shutdown."""
from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QToolBar
from tests.ui.ui_helpers import wait_idle

from reader import __version__
from reader.core.library import Library
from reader.ui import main as gui_main
from reader.ui.main_window import settings_for

STANDARD = {
    "find": "Ctrl+F", "next_hit": "F3", "previous_hit": "Shift+F3", "highlight": "Ctrl+H",
    "add_note": "Ctrl+N", "zoom_in": "Ctrl+=", "zoom_out": "Ctrl+-", "zoom_reset": "Ctrl+0",
    "open_folder": "Ctrl+O", "quit": "Ctrl+Q", "export_notes": "Ctrl+E",
}


def menu_actions(window) -> set:
    found = set()
    for menu in window.findChildren(QMenu):
        found.update(a for a in menu.actions() if not a.isSeparator() and a.menu() is None)
    return found


def test_every_action_lives_in_actions_with_tip_and_shortcut(window):
    actions = window.actions
    for name, keys in STANDARD.items():
        action = getattr(actions, name)
        shortcuts = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]
        assert keys in shortcuts, (name, shortcuts)
    for action in actions.all():
        assert action.statusTip(), action.text()
    in_menus = menu_actions(window)
    everything = set(actions.all())
    assert in_menus <= everything  # menus show only the shared actions
    for name in ("open_folder", "reindex", "export_notes", "find", "next_hit", "previous_hit",
                 "highlight", "add_note", "zoom_in", "zoom_out", "zoom_reset", "preferences",
                 "about", "quit", "query_help"):
        assert getattr(actions, name) in in_menus, name
    assert set(actions.highlight_color.values()) <= in_menus
    assert set(actions.theme.values()) <= in_menus
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert actions.open_folder in toolbar.actions() and actions.export_notes in toolbar.actions()
    assert window.highlight_button.menu() is window.color_menu  # Highlight with its colour submenu


def test_ctrl_f_focuses_the_search_field(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.library_view.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_panel.field


def test_status_bar_shows_library_size_index_state_and_notes_file(window, library):
    assert window.count_label.text() == "5 articles"
    assert window.index_label.text() == "Index up to date"
    assert window.notes_label.toolTip().endswith(str(library.paths.notes_file))
    assert window.progress_widget.isHidden()


def test_empty_panes_explain_what_to_do(window):
    assert window.windowTitle() == "Reader"
    assert window.reading_pane.article is None
    assert window.search_panel.list.placeholder  # "Search results appear here as you type..."
    assert window.find_bar.isHidden()


def test_opening_an_article_sets_title_and_selects_its_row(qtbot, window, library):
    info = library.articles()[2]
    window.open_article(info.id)
    assert window.windowTitle() == f"Reader — {info.title}"
    assert window.library_view.current_article_id() == info.id
    assert window.reading_pane.article.id == info.id


def test_layout_works_at_1024_by_700(make_window, library):
    window = make_window(library, size=(1024, 700))
    sizes = window.splitter.sizes()
    assert all(size > 0 for size in sizes)
    assert sizes[0] >= 240 and sizes[2] >= 220 and sizes[1] >= 360
    assert window.width() <= 1024 or window.minimumSizeHint().width() <= 1024


def test_panes_hide_and_layout_is_remembered(qtbot, make_window, library, fresh_library):
    # (The offscreen screen is 800x600: a larger geometry would be clamped on restore.)
    window = make_window(library, size=(1200, 760))
    window.actions.toggle_notes.trigger()
    assert window.notes_panel.isHidden()
    window.layout().activate()  # the window's minimum width now leaves out the hidden pane
    window.resize(720, 540)
    assert (window.width(), window.height()) == (720, 540)
    window.splitter.setSizes([300, 420, 0])
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(fresh_library(), size=None)
    assert again.notes_panel.isHidden() and not again.actions.toggle_notes.isChecked()
    assert again.splitter.sizes()[0] == sizes[0]
    assert (again.size().width(), again.size().height()) == (720, 540)
    again.actions.toggle_notes.trigger()
    assert not again.notes_panel.isHidden()


def test_settings_live_in_the_data_dir(window, library):
    window.save_state()
    assert (library.paths.home / "settings.ini").is_file()
    assert settings_for(library).value("window/geometry") is not None


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


def test_progress_appears_only_for_long_work_and_can_be_cancelled(qtbot, window, library):
    release = threading.Event()
    real = library.update_index

    def slow(progress, cancelled, *, isolated=False):
        def step(done, total):
            progress(done, total)
            while not cancelled() and not release.is_set():
                release.wait(0.01)
        return real(step, cancelled, isolated=isolated)

    library.update_index = slow
    (window.library.folders[0] / "late.txt").write_text("Late\n\nText.\n", encoding="utf-8")
    window.reindex()
    assert window.indexer.running
    assert window.progress_widget.isHidden()  # not before the delay
    assert window._progress_delay.interval() == 400
    qtbot.waitUntil(lambda: not window.progress_widget.isHidden(), timeout=10000)
    with qtbot.waitSignal(window.indexer.finished, timeout=10000) as blocker:
        window.cancel_button.click()
    assert blocker.args[0].cancelled
    assert window.progress_widget.isHidden()
    assert window.index_label.text() == "Index update cancelled"
    release.set()
    library.update_index = real


def test_startup_shows_that_a_damaged_index_is_rebuilt(qtbot, make_window, home, seeds):
    library = Library(home)
    library.remove_folder(library.folders[0])
    library.add_folders([seeds])
    library.update_index()
    library.close()
    toc = next((home / "index").glob("*.toc"))
    toc.write_bytes(os.urandom(2048))
    library = Library(home)
    try:
        window = make_window(library)
        assert any("damaged" in text for _level, text in window.message_bar.history)
        assert not window.message_bar.isHidden()
        assert window.count_label.text() == "5 articles"  # rebuilt in the background
        assert sum("damaged" in text for _level, text in window.message_bar.history) == 1
    finally:
        library.close()


def test_closing_releases_the_notes_lock(qtbot, make_window, library, home):
    window = make_window(library)
    window.close()
    again = Library(home)  # would raise NotesLockedError if the window still held it
    again.close()


def test_a_second_copy_gets_a_clear_message_not_a_traceback(qtbot, library, home):
    shown: list[tuple[str, str]] = []
    result = gui_main.start(["--home", str(home)], error_box=lambda _p, title, text: shown.append((title, text)))
    assert result == 1
    assert shown and shown[0][0] == "Reader Is Already Running"
    assert "already open" in shown[0][1] or "another" in shown[0][1].lower()


def test_version_and_help_exit_cleanly(capsys):
    assert gui_main.run_gui(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_start_opens_the_window_on_a_data_dir(qtbot, home, seeds):
    window = gui_main.start(["--home", str(home), str(seeds)])
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.count_label.text() == "5 articles" or
                        window.library_view.article_count() >= 5, timeout=15000)
        wait_idle(qtbot, window)
        assert window.isVisible()
        assert not window.windowIcon().isNull()
    finally:
        window.close()


def test_about_and_query_help(qtbot, window):
    window.actions.about.trigger()
    about = window.show_about()
    assert __version__ in about.text.text() and "MIT" in about.text.text()
    assert "offline" in about.text.text().lower()
    window.actions.query_help.trigger()
    help_dialog = window.show_query_help()
    text = help_dialog.browser.toPlainText()
    for example in ('"islamic state"', "title:", "date:[2015 to 2016]", "terorism~", "-paris"):
        assert example in text
    help_dialog.close()
    about.close()


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
    assert window.windowTitle() == "Reader — A loose article"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "x.txt").write_text("Folder article\n\nText.\n", encoding="utf-8")
    with qtbot.waitSignal(window.indexer.finished, timeout=15000):
        window.open_path(folder)
    wait_idle(qtbot, window)
    assert window.count_label.text() == "6 articles"


def test_new_files_in_watched_subfolders_are_indexed_automatically(qtbot, window, seeds):
    window.watch_debounce_ms = 30
    sub = seeds / "later"
    with qtbot.waitSignal(window.indexer.finished, timeout=15000):
        sub.mkdir()
    wait_idle(qtbot, window)
    assert str(sub) in window.watcher.directories()
    with qtbot.waitSignal(window.indexer.finished, timeout=15000):
        (sub / "new.txt").write_text("Arrived later\n\nWatched and indexed.\n", encoding="utf-8")
    wait_idle(qtbot, window)
    assert window.count_label.text() == "6 articles"
    assert "Arrived later" in [window.library_view.model.article(r).title
                               for r in range(window.library_view.model.rowCount())]


def test_watches_are_added_in_batches_and_only_what_changed(qtbot, window, seeds, monkeypatch):
    import reader.ui.main_window as main_window_module

    wait_idle(qtbot, window)
    files = sorted(window.watcher.files())
    assert len(files) == 5  # the five sample articles
    monkeypatch.setattr(main_window_module, "WATCH_BATCH", 2)
    removed: list = []
    added: list = []
    real_remove, real_add = window.watcher.removePaths, window.watcher.addPaths
    monkeypatch.setattr(window.watcher, "removePaths", lambda p: removed.append(p) or real_remove(p))
    monkeypatch.setattr(window.watcher, "addPaths", lambda p: added.append(p) or real_add(p))
    dirs = window.watcher.directories()
    window._rewatch(dirs, files)  # the same paths again: nothing to do
    assert removed == [] and added == []
    window.watcher.removePaths(files)
    window._rewatch(dirs, files)
    assert [len(batch) for batch in added] == [2]  # the rest follow between events
    qtbot.waitUntil(lambda: sorted(window.watcher.files()) == files, timeout=5000)
    assert [len(batch) for batch in added] == [2, 2, 1]
