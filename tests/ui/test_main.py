"""Starting the window from parsed options: a library that cannot be opened, a PATH."""
from __future__ import annotations

from tests.ui.ui_helpers import wait_idle

from reader.options import build_parser
from reader.ui import main as gui_main


def test_a_second_copy_gets_a_clear_message_not_a_traceback(qtbot, library, home):
    shown: list[tuple[str, str]] = []
    args = build_parser().parse_args(["--home", str(home)])
    result = gui_main.start(args, error_box=lambda _p, title, text: shown.append((title, text)))
    assert result == 1
    assert shown and shown[0][0] == "Reader Is Already Running"
    assert "already open" in shown[0][1] or "another" in shown[0][1].lower()


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
