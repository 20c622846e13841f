"""Helpers shared by G1's GUI tests (imported by name: tests/ui is on sys.path)."""
from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox


def make_writable(folder: Path) -> None:
    """The bundled articles are read-only; tests that edit them need write access."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def wait_idle(qtbot, window, timeout: int = 15000) -> None:
    """Until no index update, search or table load is pending or running."""
    qtbot.waitUntil(lambda: not window.busy, timeout=timeout)


def search(qtbot, panel, text: str, *, typed: bool = True) -> None:
    """Type a query into a SearchPanel's field and wait until its answer is shown."""
    with qtbot.waitSignal(panel.runner.resultsReady, timeout=15000):
        panel.field.clear()
        if typed:
            qtbot.keyClicks(panel.field, text)
        else:
            panel.set_query(text)
    # Only the newest request's answer is shown; wait until nothing is pending.
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=15000)


class Opened:
    """Records the URLs the app asked to open, instead of opening them."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


def write_article(folder, name, title, date, source, body) -> None:
    (folder / name).write_text(f"{title}\n\n{date}\n\nSource: {source}\n\n{body}\n", encoding="utf-8")


def answer_the_question(button: QMessageBox.StandardButton, asked: list[str]) -> None:
    """Click ``button`` in the message box about to open (it runs its own event loop)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        asked.append(box.text())
        box.button(button).click()
    QTimer.singleShot(0, click)
