"""File ▸ Folders…: each folder's articles, last update and skipped files; add, remove, re-scan."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from tests.ui.ui_helpers import answer_the_question, wait_idle

from reader.core.model import format_moment
from reader.ui.folders_dialog import ARTICLES, FOLDER, INDEXED, SKIPPED


def test_the_folders_view_shows_each_folder_and_what_it_skipped(qtbot, make_window, library,
                                                               seeds, tmp_path):
    (seeds / "scan.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    library.update_index()
    window = make_window(library)
    window.actions.folders.trigger()
    dialog = window.dialogs.folders()
    assert dialog.isVisible() and dialog.tree.topLevelItemCount() == 1
    row = dialog.tree.topLevelItem(0)
    [status] = library.folder_statuses()
    assert row.text(FOLDER) == str(seeds.resolve()) and row.text(ARTICLES) == "5"
    assert row.text(INDEXED) == format_moment(status.checked_at) and row.text(SKIPPED) == "1"
    assert row.childCount() == 1 and row.child(0).text(FOLDER).startswith("scan.txt: ")
    assert "1 folder, 5 articles in the index; 1 file could not be read" in dialog.summary.text()

    # a second folder, added from the dialog's button (the window's Open Folder…)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "brief.txt").write_text("Aleppo\n\nThe convoy reached the city at dawn.", encoding="utf-8")
    window.choose_folder = lambda: window.add_folder(mine)
    dialog.add_button.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 2 and dialog.rescan_button.isEnabled())
    assert [dialog.tree.topLevelItem(i).text(ARTICLES) for i in range(2)] == ["5", "1"]

    # removing asks first; Cancel keeps the folder, Yes drops its articles at once
    dialog.tree.topLevelItem(1).setSelected(True)
    assert dialog.remove_button.isEnabled()
    asked: list[str] = []
    answer_the_question(QMessageBox.StandardButton.Cancel, asked)
    assert not dialog.remove_selected()
    assert "Remove " + str(mine.resolve()) in asked[0] and "1 article leave" in asked[0]
    assert len(library.folders) == 2
    answer_the_question(QMessageBox.StandardButton.Yes, asked)
    dialog.remove_button.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1)
    assert library.folders == [seeds.resolve()] and len(library.articles()) == 5
    assert window.count_label.text() == "5 articles"


def test_rescan_finds_a_fixed_file_and_a_missing_folder_says_so(qtbot, make_window, library,
                                                                seeds, tmp_path):
    window = make_window(library)
    dialog = window.dialogs.folders()
    (seeds / "late.txt").write_text("Raqqa\n\nA late dispatch.", encoding="utf-8")
    dialog.rescan_button.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItem(0).text(ARTICLES) == "6")
    gone = seeds.rename(tmp_path / "unmounted")
    dialog.rescan_button.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItem(0).text(INDEXED) == "not found")
    assert "1 folder not found" in dialog.summary.text()
    assert "not mounted" in dialog.tree.topLevelItem(0).toolTip(FOLDER)
    gone.rename(seeds)


def test_the_skipped_files_message_opens_the_folders_view(qtbot, make_window, library, seeds):
    window = make_window(library)
    (seeds / "empty.txt").write_bytes(b"")
    window.reindex()
    wait_idle(qtbot, window)
    assert "could not be read" in window.message_bar.text
    assert window.message_bar.action_button.text() == "Show Folders…"
    window.message_bar.action_button.click()
    assert window.dialogs.folders().isVisible()
