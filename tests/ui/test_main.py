"""Starting the window from parsed options: a library that cannot be opened, a PATH."""
from __future__ import annotations

from tests.ui.ui_helpers import wait_idle

from reader.core.library import Library
from reader.options import build_parser
from reader.ui import main as gui_main


def test_notes_that_cannot_be_opened_yet_get_a_clear_message_not_a_traceback(qtbot, home):
    Library(home).close()
    with Library(home) as beside:  # reader-cli beside it, say
        (home / "notes.sqlite3").write_bytes(b"not a database" * 100)  # and then damage
        shown: list[tuple[str, str]] = []
        args = build_parser().parse_args(["--home", str(home)])
        result = gui_main.start(args, error_box=lambda _p, title, text: shown.append((title, text)))
        assert beside.folders  # the other copy was left alone
    assert result == 1
    assert shown[0][0] == "Reader Cannot Open Your Notes Yet"
    assert "another copy of Reader still has it open" in shown[0][1]


def test_start_opens_the_window_on_a_data_dir(qtbot, home, seeds):
    window = gui_main.start(build_parser().parse_args(["--home", str(home), str(seeds)]))
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.count_label.text() == "5 articles" or
                        window.library_view.article_count() >= 5, timeout=15000)
        wait_idle(qtbot, window)
        assert window.isVisible()
        assert not window.windowIcon().isNull()
    finally:
        window.close()
