"""What the window remembers: geometry, splitter, which panes are shown, in the data dir."""
from __future__ import annotations

from tests.ui.ui_helpers import search

from reader.ui.window_state import saved_highlight_color, settings_for


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



def test_an_unknown_saved_highlight_colour_falls_back_to_yellow(library):
    settings = settings_for(library)
    assert saved_highlight_color(settings) == "yellow"
    settings.setValue("notes/highlight_color", "green")
    assert saved_highlight_color(settings) == "green"
    settings.setValue("notes/highlight_color", "chartreuse")
    assert saved_highlight_color(settings) == "yellow"


def test_the_last_article_reopens_at_its_place_with_the_last_search(qtbot, make_window, library,
                                                                    fresh_library):
    window = make_window(library, size=(1000, 560))
    info = max(library.articles(), key=lambda a: len(library.article(a.id).text))
    search(qtbot, window.search_panel, "Putin")
    window.open_article(info.id, query="Putin")
    pane = window.reading_pane
    pane.view.verticalScrollBar().setValue(pane.view.verticalScrollBar().maximum() // 2)
    place = pane.top_offset()
    assert place and place > 100
    window.close()  # saves the session

    again = make_window(fresh_library(), size=(1000, 560))
    qtbot.waitUntil(lambda: again.reading_pane.article is not None, timeout=3000)
    assert again.reading_pane.article.id == info.id
    assert again.search_panel.query == "Putin" and again.reading_pane.hits
    qtbot.waitUntil(lambda: abs((again.reading_pane.top_offset() or 0) - place) < 200,
                    timeout=3000)


def test_an_article_gone_since_is_not_reopened(qtbot, make_window, library, fresh_library):
    window = make_window(library)
    window.settings.setValue("session/article", "no-such-article")
    window.settings.setValue("session/offset", "not a number")
    window.close()
    window.settings.setValue("session/article", "no-such-article")
    again = make_window(fresh_library())
    assert again.reading_pane.article is None and not again.message_bar.isVisible()
