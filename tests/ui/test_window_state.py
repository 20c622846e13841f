"""What the window remembers: geometry, splitter, which panes are shown, in the data dir."""
from __future__ import annotations

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
