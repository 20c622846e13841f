"""The window's non-modal dialogs: About, Query Help, Preferences, each open once."""
from __future__ import annotations

from reader import __version__
from reader.ui.preferences import ReadingPrefs
from reader.ui.window_dialogs import Dialogs


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



def test_each_dialog_exists_once_and_closes_with_the_window(qtbot, window):
    dialogs = Dialogs(window)
    changes: list = []
    first = dialogs.preferences(ReadingPrefs.defaults(), changes.append)
    assert dialogs.preferences(ReadingPrefs.defaults(), changes.append) is first
    about = dialogs.about()
    assert dialogs.about() is about and about.isVisible()
    dialogs.close_all()
    assert not first.isVisible() and not about.isVisible()
