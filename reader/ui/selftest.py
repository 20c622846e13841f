"""`reader --selftest`: does this installation work, end to end?

For a packager or an analyst who just installed Reader, and for the tests of
the wheel and of the app bundle.  On a throw-away data directory (never the
user's own: notes, settings, index and log all live in a temporary folder
that is deleted afterwards) it

1. opens the main window (offscreen when there is no display),
2. indexes the bundled sample articles in the background, as on a first start,
   and re-checks them in a separate indexer process (as big updates run),
3. runs a search through the search panel and opens the best hit,
4. highlights the first hit through the notes controller and gives it a note
   with Markdown (rendered once, which loads python-markdown's extensions),
5. exports the notes to a Markdown file and checks the note is in it,
6. closes the window (workers stopped, notes file unlocked).

It prints one line and exits 0, or prints one line saying which step failed
and why, and exits 1.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

QUERY = "Kerry"
NOTE_BODY = "Selftest note: **checked** by `reader --selftest`."
TIMEOUT_S = 60.0


class SelftestError(Exception):
    """A step did not do what it should."""


def _check(condition: object, message: str) -> None:
    if not condition:
        raise SelftestError(message)


def run_selftest(*, verbose: bool = False, timeout: float = TIMEOUT_S) -> int:
    """Run the self-test; 0 if every step worked, else 1 (one line on stderr)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    test = _Selftest(timeout, verbose)
    began = time.monotonic()
    try:
        summary = test.run()
    except Exception as exc:  # noqa: BLE001 (any failure is the answer, in one line)
        reason = str(exc) or type(exc).__name__
        print(f"reader --selftest: FAILED while {test.step}: {reason}", file=sys.stderr)
        return 1
    print(f"reader --selftest: ok in {time.monotonic() - began:.1f} s ({summary})")
    return 0


class _Selftest:
    def __init__(self, timeout: float, verbose: bool) -> None:
        self.timeout = timeout
        self.verbose = verbose
        self.step = "starting Qt"
        self.errors: list[str] = []

    def say(self, step: str) -> None:
        self.step = step
        if self.verbose:
            print(f"selftest: {step}", file=sys.stderr)

    def run(self) -> str:
        from PySide6.QtWidgets import QApplication

        from ..core.library import Library
        from ..core.paths import bundled_articles_dir

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "reader"])
        articles = bundled_articles_dir()
        self.say(f"looking for the sample articles in {articles}")
        expected = [p.name for p in articles.iterdir() if p.suffix.lower() in Library.supported_suffixes()]
        _check(expected, f"no sample articles in {articles}")
        with tempfile.TemporaryDirectory(prefix="reader-selftest-") as tmp:
            return self._run_in(app, Path(tmp), articles, len(expected))

    def _run_in(self, app, tmp: Path, articles: Path, expected: int) -> str:
        from PySide6.QtCore import QEvent, qInstallMessageHandler

        from ..core.library import Library
        from ..logs import setup_logging
        from .icons import app_icon
        from .main_window import MainWindow, settings_for
        from .note_format import render_markdown

        setup_logging(None, self.verbose)
        old_hook = sys.excepthook
        sys.excepthook = self._excepthook
        old_handler = qInstallMessageHandler(self._qt_message)
        window = None
        library = None
        try:
            self.say("opening a library in a temporary data directory")
            library = Library(tmp / "home")
            _check(library.folders == [articles],
                   f"a new library should hold the sample articles, not {library.folders}")

            self.say("opening the main window")
            app.setWindowIcon(app_icon())
            _check(not app.windowIcon().isNull(), "the application icon did not load")
            window = MainWindow(library, settings_for(library), open_url=lambda _url: True)
            window.notes.error.connect(lambda text: self.errors.append(text))
            window.show()

            self.say("indexing the sample articles")
            self._wait(app, window, lambda: not window.busy)
            self._no_errors(window)
            indexed = len(library.articles())
            _check(indexed == expected, f"{indexed} of {expected} sample articles were indexed")
            _check(window.library_view.article_count() == expected,
                   "the library pane does not list the indexed articles")

            self.say("re-checking the index in a separate indexer process")
            # The app indexes big folders this way; a frozen bundle must be
            # able to start the process (the sample folder is too small to).
            checked = library.check_index_in_child()
            _check(checked.unchanged == expected and not checked.added,
                   f"the indexer process saw {checked.describe()}")

            self.say(f"searching for {QUERY!r}")
            panel = window.search_panel
            panel.set_query(QUERY)
            self._wait(app, window, lambda: not panel.runner.busy)
            rows = panel.model.rowCount()
            _check(rows > 0, f"the search for {QUERY!r} found nothing")
            hit = panel.model.hit(0)

            self.say("opening the best hit")
            _check(window.open_article(hit.id, query=QUERY), f"could not open {hit.title!r}")
            article = window.reading_pane.article
            _check(article is not None and article.id == hit.id, "the reading pane is empty")
            spans = window.reading_pane.hits
            _check(spans, f"no hits for {QUERY!r} are highlighted in {hit.title!r}")

            self.say("adding a note")
            start, end = spans[0]
            note = window.notes.highlight(article, start, end, "green")
            _check(note is not None, "the highlight was not saved")
            note = window.notes.update_note(note.id, body=NOTE_BODY, tags=["selftest"])
            _check(note is not None and note.body == NOTE_BODY, "the note's text was not saved")
            self._settle(app)
            _check(any(n.id == note.id for n in window.notes.notes_for(article.id)),
                   "the note is not listed for its article")
            html = render_markdown(NOTE_BODY)
            _check("<strong>checked</strong>" in html, f"Markdown did not render: {html!r}")

            self.say("exporting the notes to Markdown")
            target = tmp / "notes.md"
            # obsidian: a built-in Jinja2 template (package data) that writes the tags too
            _text, files, count = library.export_notes("markdown", target, template="obsidian")
            _check(count == 1 and files and target.is_file(), f"nothing exported to {target}")
            exported = target.read_text(encoding="utf-8")
            for expected_text in (NOTE_BODY, article.text[start:end], "#selftest"):
                _check(expected_text in exported, f"the export lacks {expected_text!r}")

            self.say("closing the window")
            self._no_errors(window)
            window.close()
            self._settle(app)
            _check(window.pool.activeThreadCount() == 0, "background work outlived the window")
            return (f"{indexed} articles indexed, {rows} hit(s) for {QUERY!r}, "
                    f"1 note added and exported")
        finally:
            sys.excepthook = old_hook
            qInstallMessageHandler(old_handler)
            if window is not None:
                window.close()  # after a failure: stops the workers, closes the library
                window.deleteLater()
                app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            elif library is not None:
                library.close()

    # -- helpers ----------------------------------------------------------------------

    def _excepthook(self, kind, value, tb) -> None:
        self.errors.append(f"{kind.__name__}: {value}")

    @staticmethod
    def _qt_message(_mode, _context, message: str) -> None:
        # The offscreen platform says this for every dialog; it means nothing here.
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    def _no_errors(self, window) -> None:
        shown = [text for level, text in window.message_bar.history if level == "error"]
        problems = self.errors + shown
        _check(not problems, "; ".join(problems))

    def _wait(self, app, window, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + self.timeout
        self._settle(app)
        while not done():
            if time.monotonic() > deadline:
                raise SelftestError(f"gave up after {self.timeout:.0f} s")
            time.sleep(0.005)  # lets the workers run (it releases the GIL)
            app.processEvents()
        self._settle(app)

    @staticmethod
    def _settle(app) -> None:
        for _ in range(5):
            app.processEvents()
