"""One window per data directory: a second launch, a link, a stale socket."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from tests.core.notes.notes_helpers import child_env
from tests.ui.ui_helpers import wait_idle

from reader.options import build_parser
from reader.ui import main as gui_main
from reader.ui.single_instance import InstanceServer, server_name

LAUNCH = "import sys; from reader.app import main; raise SystemExit(main(sys.argv[1:]))"


@pytest.fixture
def running(qtbot, home, seeds):
    """The one window of ``home``, started as ``reader --home HOME SEEDS`` starts it."""
    window = gui_main.start(build_parser().parse_args(["--home", str(home), str(seeds)]))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.library_view.article_count() >= 5, timeout=15000)
    wait_idle(qtbot, window)
    yield window
    window.close()


def launch(qtbot, home: Path, *targets: str) -> None:
    """A second ``reader`` process, which must hand over and exit 0; the window's
    event loop runs while it lives."""
    child = subprocess.Popen([sys.executable, "-c", LAUNCH, "--home", str(home), *targets],
                             env={**child_env(), "QT_QPA_PLATFORM": "offscreen"},
                             stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: child.poll() is not None, timeout=20000)
    assert child.returncode == 0, child.stderr.read()
    child.stderr.close()


def test_a_second_launch_hands_its_files_and_links_to_the_window_and_exits(qtbot, running, home, seeds):
    article = seeds / "002_b2fd1e6a6b1a28a3.txt"
    if not article.exists():
        article = sorted(seeds.glob("*.txt"))[1]
    launch(qtbot, home, str(article), "reader://search?q=Crocus")  # as a desktop's %U passes them
    qtbot.waitUntil(lambda: running.reading_pane.article is not None
                    and Path(running.reading_pane.article.path) == article.resolve(), timeout=5000)
    qtbot.waitUntil(lambda: running.search_panel.query == "Crocus", timeout=5000)
    assert running.isVisible()


def test_an_exported_notes_link_opens_the_note_selected(qtbot, running, home, seeds):
    library = running.library
    first, second = library.articles()[:2]
    library.add_note(first.id, quote=library.article(first.id).text[:15], body="elsewhere")
    wanted = library.add_note(second.id, quote=library.article(second.id).text[20:50],
                              body="Cite this in the report").note
    text, _files, _count = library.export_notes("markdown", template="obsidian")
    links = re.findall(r"reader://article/[^\s)\]>]+", text)
    link = next(found for found in links if wanted.id in found)
    launch(qtbot, home, link)  # as a click in Obsidian or a browser does: `reader %U`
    qtbot.waitUntil(lambda: running.notes_panel.selected_note_id() == wanted.id, timeout=5000)
    assert running.reading_pane.article.id == second.id
    launch(qtbot, home, "reader://search?q=Kerry")
    qtbot.waitUntil(lambda: running.search_panel.query == "Kerry", timeout=5000)


def test_a_bad_link_gets_a_sentence_in_the_window(qtbot, running, home):
    launch(qtbot, home, "reader://elsewhere/x")
    qtbot.waitUntil(lambda: "cannot open this link" in running.message_bar.text, timeout=5000)
    assert running.message_bar.level == "error"


def test_a_stale_socket_left_by_a_crash_is_replaced(qtbot, home, seeds):
    path = Path(QDir.tempPath()) / server_name(home)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(path))
    stale.close()  # the file stays, with nobody behind it: a crashed window's
    try:
        window = gui_main.start(build_parser().parse_args(["--home", str(home)]))
        qtbot.addWidget(window)
        wait_idle(qtbot, window)
        [server] = window.findChildren(InstanceServer)
        assert server.address == str(path)
        launch(qtbot, home, str(seeds))
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=5000)
        window.close()
    finally:
        path.unlink(missing_ok=True)


def test_reader_cli_open_hands_a_link_to_the_window(qtbot, running, home):
    info = running.library.articles()[3]
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; from reader.cli import main; "
         "raise SystemExit(main(sys.argv[1:]))", "--home", str(home), "open",
         f"reader://article/{info.id}"],
        env={**child_env(), "QT_QPA_PLATFORM": "offscreen"}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: child.poll() is not None, timeout=20000)
    out, err = child.communicate()
    assert child.returncode == 0, err
    assert out.startswith("Opened reader://article/") and "in the Reader window" in out
    qtbot.waitUntil(lambda: running.reading_pane.article is not None
                    and running.reading_pane.article.id == info.id, timeout=5000)
