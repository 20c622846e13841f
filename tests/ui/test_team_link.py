"""The window with a team library: one results list, team notes shared and synced, offline."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from tests.core.team.desks import Team
from tests.ui.ui_helpers import search, wait_idle

from reader.core.library import Library
from reader.ui.search_results import META_ROLE, TEAM_ROLE
from reader.ui.team_link import KEY_TEAM_URL


def _window(make_window, qtbot, team: Team, who: str, home: str):
    library = Library(team.homes / home)
    library.use_team(team.url_of(who))
    window = make_window(library)
    window.team.soon.setInterval(20)  # (sent 3 s after a change; a test need not wait so long)
    qtbot.waitUntil(lambda: not window.team.syncing, timeout=15000)
    return window


def _select(window, words: str) -> None:
    """Select the first ``words`` of the open article, as a drag over them would."""
    start = window.reading_pane.article.text.index(words)
    window.reading_pane.select_range(start, start + len(words))


def _synced(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.team.syncing and not window.team.soon.isActive()
                    and window.team.button.text() == "Team: synced", timeout=15000)


def test_team_hits_share_the_results_list_marked_and_open_in_the_reading_pane(
        make_window, qtbot, team):
    window = _window(make_window, qtbot, team, "alice", "alice")
    assert window.team.button.isVisible() and window.team.button.text() == "Team: synced"
    search(qtbot, window.search_panel, "ceasefire")
    model = window.search_panel.model
    rows = [model.index(row, 0) for row in range(model.rowCount())]
    team_rows = [index for index in rows if index.data(TEAM_ROLE)]
    assert len(team_rows) == 1 and team_rows[0].data(META_ROLE).startswith("Team library")
    assert "1 from the team library" in window.search_panel.count_label.text()

    window.search_panel.list.setCurrentIndex(team_rows[0])
    qtbot.keyClick(window.search_panel.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reading_pane.article is not None, timeout=15000)
    article = window.reading_pane.article
    assert article.id == team.article_id and "ceasefire" in article.text
    assert window.reading_pane.hits  # the query's words, highlighted as in a local article


def test_a_note_on_a_team_article_is_shared_from_the_notes_panel_and_reaches_a_teammate(
        make_window, qtbot, team):
    alice = _window(make_window, qtbot, team, "alice", "alice")
    alice.open_article(team.article_id)
    _select(alice, "agreed a ceasefire")
    alice.actions.highlight.trigger()
    [note] = alice.notes_panel.visible_notes()
    _synced(qtbot, alice)
    assert team.server_notes()[note.id][1] is False  # private: the default

    alice.notes_panel.select_note(note.id)
    share = alice.actions.share_note
    assert share.isEnabled() and not share.isChecked()
    share.trigger()
    _synced(qtbot, alice)
    assert team.server_notes()[note.id][1] is True
    assert alice.notes_panel.team[note.id].describe() == "Shared"

    bob = _window(make_window, qtbot, team, "bob", "bob")
    bob.notes_panel.show_all_notes()
    qtbot.waitUntil(lambda: [n.id for n in bob.notes_panel.visible_notes()] == [note.id],
                    timeout=15000)
    bob.notes_panel.select_note(note.id)
    assert bob.notes_panel.team[note.id].describe() == f"Shared by {team.names['alice']}"
    assert not bob.actions.edit_note.isEnabled() and not bob.actions.delete_note.isEnabled()
    assert not bob.actions.share_note.isEnabled()


def test_offline_the_status_bar_counts_what_waits_and_a_sync_sends_it(
        make_window, qtbot, team, tmp_path):
    window = _window(make_window, qtbot, team, "alice", "alice")
    window.open_article(team.article_id)  # kept here for the flight
    window.team.connect_to(f"postgresql://{team.names['alice']}@/db?host={tmp_path}/gone")
    qtbot.waitUntil(lambda: window.team.button.text() == "Team: offline", timeout=15000)
    assert "Could not reach the team server" in window.team.button.toolTip()

    _select(window, "Geneva")
    window.actions.highlight.trigger()
    qtbot.waitUntil(lambda: window.team.button.text() == "Team: offline, 1 change waiting",
                    timeout=15000)
    search(qtbot, window.search_panel, "ceasefire")  # the local search stands, with a word why
    assert "team library was not searched" in window.search_panel.message_label.text()

    window.team.connect_to(team.url_of("alice"))  # back
    _synced(qtbot, window)
    assert len(team.server_notes()) == 1


def test_preferences_connect_to_a_team_library_and_keep_its_address_not_a_password(
        make_window, qtbot, team, library, monkeypatch):
    window = make_window(library)
    assert not window.team.button.isVisible() and not window.actions.sync_team.isEnabled()
    dialog = window.show_preferences()
    from reader.ui.team_prefs import TeamPreferences

    [prefs] = dialog.findChildren(TeamPreferences)
    assert prefs.status_label.text() == "Not connected to a team library."
    prefs.url_edit.setText(team.url_of("alice"))
    qtbot.mouseClick(prefs.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: prefs.status_label.text().startswith("Team: synced."), timeout=15000)
    assert window.settings.value(KEY_TEAM_URL) == team.url_of("alice")
    assert window.team.button.isVisible() and window.actions.sync_team.isEnabled()
    assert prefs.connect_button.text() == "&Sync Now"
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: ("s3cret word", True))
    window.team.ask_password()  # typed once, kept for the session
    assert window.library.team_password == "s3cret word"
    qtbot.waitUntil(lambda: not window.team.syncing, timeout=15000)
    window.settings.sync()
    saved = Path(window.settings.fileName()).read_text(encoding="utf-8")
    assert team.url_of("alice") in saved and "s3cret" not in saved

    prefs.url_edit.clear()
    qtbot.mouseClick(prefs.connect_button, Qt.MouseButton.LeftButton)
    assert window.settings.value(KEY_TEAM_URL) is None and not window.team.button.isVisible()
    dialog.close()


def test_the_folders_view_puts_a_folder_into_the_team_library(make_window, qtbot, team, seeds):
    window = _window(make_window, qtbot, team, "alice", "alice")
    window.library.add_folders([seeds])
    wait_idle(qtbot, window)
    dialog = window.dialogs.folders()
    dialog.reload()
    item = next(dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())
                if str(seeds) in dialog.tree.topLevelItem(i).text(0))
    dialog.tree.setCurrentItem(item)
    assert dialog.team_button.isVisible() and dialog.team_button.isEnabled()
    qtbot.mouseClick(dialog.team_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "to the team library: 5 added" in window.message_bar.text,
                    timeout=30000)
    dialog.close()


def test_the_note_editor_offers_to_share_a_note_on_a_team_article_only(
        make_window, qtbot, team, seeds):
    window = _window(make_window, qtbot, team, "alice", "alice")
    asked = []

    def write(editor) -> bool:
        asked.append(not editor.share_box.isHidden())
        editor.body_edit.setPlainText("For the whole team.")
        editor.share_box.setChecked(True)
        editor.accept()  # (as the Save button does: the editor's timers stop)
        return True

    window.notes.run_editor = write
    window.open_article(team.article_id)
    _select(window, "ceasefire")
    window.actions.add_note.trigger()
    [note] = window.notes_panel.visible_notes()
    _synced(qtbot, window)
    assert asked == [True] and team.server_notes()[note.id][1:3] == (True, "For the whole team.")

    window.library.add_folders([seeds])  # a local article: nothing to share it with
    wait_idle(qtbot, window)
    local = next(a for a in window.library.articles() if "Putin" in a.title)
    window.open_article(local.id)
    window.reading_pane.select_range(0, 10)
    window.actions.add_note.trigger()
    assert asked == [True, False]
    assert window.library.team_entries().keys() == {note.id}


def test_the_window_starts_with_team_then_environment_then_remembered_address(
        library, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from reader.ui.team_link import use_team

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv("READER_TEAM", raising=False)
    use_team(library, settings, None)
    assert library.team_url is None
    use_team(library, settings, "postgresql://ann@db/team")  # reader --team URL: remembered
    assert library.team_url == settings.value(KEY_TEAM_URL) == "postgresql://ann@db/team"
    use_team(library, settings, None)
    assert library.team_url == "postgresql://ann@db/team"
    monkeypatch.setenv("READER_TEAM", "postgresql://ben@db/team")
    use_team(library, settings, None)
    assert library.team_url == "postgresql://ben@db/team"
    assert settings.value(KEY_TEAM_URL) == "postgresql://ann@db/team"  # (not overwritten)
