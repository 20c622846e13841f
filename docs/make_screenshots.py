"""Make the README screenshots from the real app, offscreen.

    .venv/bin/python docs/make_screenshots.py        # writes docs/screenshots/*.png

Runs Reader on a throw-away data directory over a copy of the bundled
articles (your own library and notes are never touched), adds a few notes,
then captures: the main window with a search, a note being edited, the
dark theme, the Notes Browser, the Folders view, a Markdown brief and Export Notes.  Run it again after any visible change to keep the images current.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.core.library import Library  # noqa: E402
from reader.core.paths import bundled_articles_dir  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)
QUERY = 'putin "islamic state"'
ARTICLE = "ISIS Can Be Defeated - Putin Said How"


BRIEF = """---
title: Aleppo brief
source: Desk notes
date: 2016-11-24
---
# Aleppo brief

The convoy reached **eastern Aleppo** at dawn, *according to the monitors*, and the
`UNOCHA` situation report confirmed it. See [OCHA's Syria page](https://www.unocha.org/syria)
and [the Moscow wire](tass-0412.txt).

- **Who**: the Syrian Arab Red Crescent
- *When*: 24 November 2016
"""


def settle(app: QApplication, window=None) -> None:
    """Let queued signals, layouts and background work finish."""
    for _ in range(200):
        app.processEvents()
        busy = window is not None and window.busy
        if not busy:
            break
        window.pool.waitForDone(50)
    for _ in range(5):
        app.processEvents()


def passage(text: str, begin: str, finish: str) -> tuple[int, int]:
    text = text.replace("\xa0", " ")  # same length: the offsets still hold
    start = text.index(begin)
    return start, text.index(finish, start) + len(finish)


def seed_notes(library: Library, article_id: str) -> None:
    text = library.article(article_id).text
    notes = [
        (("The so-called Islamic State", "fighting for it"), "yellow", ["isis", "un-speech"],
         "Putin's framing at the **UN General Assembly**, 28 Sep 2015."),
        (("It seeks dominance", "beyond."), "pink", ["claims"], "Compare with the 2016 French view."),
        (("It is equally irresponsible", "political goals"), "green", ["western-policy"], ""),
    ]
    for (begin, finish), color, tags, body in notes:
        start, end = passage(text, begin, finish)
        library.add_note(article_id, start=start, end=end, color=color, tags=tags, body=body)


def overlay(window_shot: QPixmap, dialog_shot: QPixmap) -> QPixmap:
    """The dialog centred over the dimmed window, with a soft shadow."""
    result = QPixmap(window_shot)
    painter = QPainter(result)
    painter.fillRect(result.rect(), QColor(0, 0, 0, 70))
    x = (result.width() - dialog_shot.width()) // 2
    y = (result.height() - dialog_shot.height()) // 2
    for spread in range(12, 0, -2):
        painter.fillRect(QRect(x - spread, y - spread + 4, dialog_shot.width() + 2 * spread,
                               dialog_shot.height() + 2 * spread), QColor(0, 0, 0, 10))
    painter.drawPixmap(QPoint(x, y), dialog_shot)
    painter.end()
    return result


def main() -> int:
    from reader.ui.main_window import MainWindow, settings_for
    from reader.ui.note_editor import NoteEditor
    from reader.ui.theme import apply_theme

    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["reader-screenshots"])
    app.setApplicationName("Reader")
    with tempfile.TemporaryDirectory(prefix="reader-shots-") as tmp:
        articles = Path(tmp) / "articles"
        shutil.copytree(bundled_articles_dir(), articles)
        library = Library(Path(tmp) / "home")
        for folder in library.folders:
            library.remove_folder(folder)
        library.add_folders([articles])
        library.update_index()
        info = next(a for a in library.articles() if a.title == ARTICLE)
        seed_notes(library, info.id)

        apply_theme(app, "light")
        window = MainWindow(library, settings_for(library))
        window.resize(*SIZE)
        window.show()
        settle(app, window)

        # 1. A search, with the article open on its hits.
        panel = window.search_panel
        panel.set_query(QUERY)
        settle(app, window)
        row = next(r for r in range(panel.model.rowCount()) if panel.model.hit(r).title == ARTICLE)
        panel.list.setCurrentIndex(panel.model.index(row, 0))
        window.open_article(info.id, query=QUERY)
        window.reading_pane.next_hit()
        settle(app, window)
        window.grab().save(str(OUT / "main-window-search.png"))

        # 2. A note being edited.
        note = library.list_notes(info.id)[0]
        editor = NoteEditor(window, quote=note.exact, body=note.body, tags=note.tags,
                            color=note.color, known_tags=[t for t, _ in library.tags()],
                            title="Edit Note")
        editor.setModal(False)
        editor.resize(700, 470)
        editor.show()
        editor.render_preview()
        settle(app, window)
        overlay(window.grab(), editor.grab()).save(str(OUT / "note-editor.png"))
        editor.close()
        editor.deleteLater()

        # 3. The dark theme, with the notes of the article.
        window.search_panel.field.clear()
        window.set_theme("dark")
        window.open_article(info.id, note_id=note.id)
        settle(app, window)
        window.grab().save(str(OUT / "dark-theme.png"))

        # 4. The Notes Browser, with a few more notes on other articles.
        window.set_theme("light")
        for other in [a for a in library.articles() if a.id != info.id][:3]:
            start, end = passage(library.article(other.id).text, "Russia", "Russia")
            library.add_note(other.id, start=start, end=end + 40, color="blue", tags=["russia"],
                             body="Check this claim against the *TASS* wire.")
        browser = window.dialogs.notes_browser()
        browser.resize(1150, 420)
        settle(app, window)
        browser.tree.setCurrentIndex(browser.proxy.index(0, 0, browser.proxy.index(0, 0)))
        settle(app, window)
        browser.grab().save(str(OUT / "notes-browser.png"))
        browser.close()

        # 5. File ▸ Folders…, with a second folder holding a file Reader cannot read.
        wire = Path(tmp) / "Moscow wire"
        wire.mkdir()
        (wire / "tass-0412.txt").write_text("Moscow talks\n\nTalks resumed on Tuesday.", encoding="utf-8")
        (wire / "scan-0413.txt").write_bytes(b"\x00\x01binary\x00" * 64)
        (wire / "aleppo-brief.md").write_text(BRIEF, encoding="utf-8")
        window.add_folder(wire)
        settle(app, window)
        window.message_bar.dismiss()
        folders = window.dialogs.folders()
        folders.tree.topLevelItem(1).setExpanded(True)
        settle(app, window)
        overlay(window.grab(), folders.grab()).save(str(OUT / "folders.png"))
        folders.close()

        # 6. A Markdown brief as the reading pane shows it: bold, italic, code, links.
        brief = next(a for a in library.articles() if a.title == "Aleppo brief")
        window.open_article(brief.id, query="convoy")
        settle(app, window)
        window.grab().save(str(OUT / "markdown-brief.png"))

        # 7. Export Notes, with its templates.
        window.open_article(info.id)
        settle(app, window)
        export = window.show_export_dialog()
        settle(app, window)
        overlay(window.grab(), export.grab()).save(str(OUT / "export-dialog.png"))
        export.close()

        window.set_theme("light")  # the stored preference in the throw-away dir; tidy anyway
        window.close()
        library.close()
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
