"""Preferences: stored in the data dir's settings file, tolerant of garbage, applied live."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from reader.ui.main_window import settings_for
from reader.ui.preferences import (
    KEY_FONT_SIZE,
    KEY_LINE_WIDTH,
    KEY_THEME,
    PreferencesDialog,
    ReadingPrefs,
    load_prefs,
    save_prefs,
)
from reader.ui.theme import THEMES


def test_round_trip_through_the_settings_file(qapp, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    prefs = ReadingPrefs("DejaVu Serif", 14.5, 64, "sepia", 2)
    save_prefs(settings, prefs)
    settings.sync()
    again = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert load_prefs(again) == prefs


def test_garbled_or_missing_values_fall_back_to_defaults(qapp, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(KEY_FONT_SIZE, "huge")
    settings.setValue(KEY_LINE_WIDTH, "9999")
    settings.setValue(KEY_THEME, "neon")
    prefs = load_prefs(settings)
    defaults = ReadingPrefs.defaults()
    assert prefs.font_size == defaults.font_size
    assert prefs.line_width == 160  # clamped
    assert prefs.theme == "light"


def test_dialog_changes_apply_at_once(qtbot):
    dialog = PreferencesDialog(ReadingPrefs("DejaVu Serif", 12.0, 72, "light", 0))
    qtbot.addWidget(dialog)
    seen: list[ReadingPrefs] = []
    dialog.changed.connect(seen.append)
    dialog.size_spin.setValue(15.0)
    dialog.width_spin.setValue(0)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.font_combo.setCurrentFont(QFont("DejaVu Sans"))
    assert seen[-1] == ReadingPrefs("DejaVu Sans", 15.0, 0, "dark", 0)
    assert dialog.width_spin.text() == "Full width"
    dialog.restore_defaults()
    assert dialog.prefs == ReadingPrefs.defaults()


def test_window_applies_and_stores_preferences_live(qtbot, window, library):
    dialog = window.show_preferences()
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.size_spin.setValue(16.0)
    dialog.width_spin.setValue(60)
    assert window.theme is THEMES["dark"]
    assert QApplication.instance().palette().base().color().name() == THEMES["dark"].base
    assert window.actions.theme["dark"].isChecked()
    assert window.reading_pane.line_width == 60
    assert window.reading_pane.reading_font.pointSizeF() == 16.0
    stored = load_prefs(settings_for(library))
    assert (stored.theme, stored.font_size, stored.line_width) == ("dark", 16.0, 60)
    dialog.close()
    # The theme menu does the same.
    window.actions.theme["sepia"].trigger()
    assert window.theme is THEMES["sepia"] and load_prefs(settings_for(library)).theme == "sepia"
    window.actions.theme["light"].trigger()


def test_the_samples_step_aside_for_a_folder_and_preferences_bring_them_back(
        qtbot, make_window, tmp_path):
    from reader.core.library import Library
    from reader.core.paths import bundled_articles_dir
    from tests.ui.ui_helpers import wait_idle, write_article

    library = Library(tmp_path / "home")
    window = make_window(library)
    qtbot.waitUntil(lambda: window.library_view.article_count() == 5, timeout=15000)
    mine = tmp_path / "mine"
    mine.mkdir()
    write_article(mine, "a.txt", "Kherson bridge struck", "2023-07-17", "Desk", "The bridge.")
    window.add_folder(mine)
    assert "The sample articles step aside" in window.message_bar.text
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.library_view.article_count() == 1, timeout=15000)

    dialog = window.show_preferences()
    assert not dialog.samples_box.isChecked()
    dialog.samples_box.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.library_view.article_count() == 6, timeout=15000)
    assert bundled_articles_dir() in library.folders
    dialog.samples_box.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.library_view.article_count() == 1, timeout=15000)
    dialog.close()
