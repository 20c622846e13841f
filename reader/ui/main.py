"""Start the desktop app: `reader [--home DIR] [PATH]` (or `python main.py ...`).

One window per data directory: a launch while one is open hands it its
PATH and exits (single_instance).  Opening the library is the one step that
can fail before there is a window: the notes file may be damaged while
another copy has it open (NotesLockedError) or be unreadable.  That gets a clear message box and exit code 1, never a
traceback.  After that, unexpected exceptions are logged and shown in the
window's message bar instead of killing the app with the analyst's work open.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import APP_ID, __version__
from ..core.library import Library
from ..core.model import NotesError, NotesLockedError

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("reader.ui")

ErrorBox = Callable[[QWidget | None, str, str], object]


def open_library(home: str | None, error_box: ErrorBox) -> Library | None:
    """The library, or None after telling the user why it cannot be opened."""
    try:
        return Library(home)
    except NotesLockedError as exc:
        error_box(None, "Reader Cannot Open Your Notes Yet", str(exc))
    except NotesError as exc:
        error_box(None, "Cannot Open Your Notes", str(exc))
    except OSError as exc:
        error_box(None, "Cannot Open the Data Folder",
                  f"Reader could not use its data folder: {exc}")
    return None


def _install_excepthook(window_ref: list) -> None:
    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, value, tb))
        if window_ref and not issubclass(kind, KeyboardInterrupt):
            window_ref[0].message_bar.show_message(
                f"Something went wrong: {value}. Your notes are safe; details are in reader.log.",
                "error")
        elif issubclass(kind, KeyboardInterrupt):
            QApplication.quit()

    sys.excepthook = hook


def _close_on_interrupt(window: QWidget) -> None:
    """Ctrl+C in the terminal closes the window properly (settings saved, lock released).

    Python runs signal handlers only between bytecodes, so a slow timer gives
    it a chance to while Qt's event loop is waiting.
    """
    signal.signal(signal.SIGINT, lambda *_args: window.close())
    timer = QTimer(window)
    timer.setInterval(500)
    timer.timeout.connect(lambda: None)
    timer.start()


def start(args: argparse.Namespace, *, error_box: ErrorBox | None = None) -> MainWindow | int:
    """Open the library and show the window for the parsed options (reader.options).

    Returns the window; exit code 0 when a window is already open on the
    data directory (it was handed the PATHs and comes forward), or 1 when the
    library cannot be opened (the user has been told why).  Tests call this
    with their own ``error_box``: a real message box would block them.
    """
    from ..core.paths import DataPaths
    from .single_instance import serve_or_hand_over

    server = serve_or_hand_over(DataPaths.resolve(args.home).home,
                                list(args.paths), _application)
    if server is None:
        return 0  # the window already open on this data directory has it now
    from .main_window import MainWindow, settings_for
    from .outside import open_handed_over, open_target
    from .preferences import load_prefs
    from .team_link import use_team
    from .theme import apply_theme

    app = _application()
    library = open_library(args.home, error_box or QMessageBox.critical)
    if library is None:
        server.close()
        return 1
    settings: QSettings = settings_for(library)
    apply_theme(app, load_prefs(settings).theme)  # before the first paint: no flash of light
    use_team(library, settings, getattr(args, "team", None))
    window = MainWindow(library, settings)
    server.setParent(window)
    server.received.connect(lambda targets: open_handed_over(window, targets))
    window.show()
    for target in args.paths:
        open_target(window, target)
    return window


def _application() -> QApplication:
    """The app object, made once: a launch that hands over to a running window needs none."""
    from .icons import app_icon

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "reader"])
        app.setApplicationName("Reader")
        app.setApplicationDisplayName("Reader")
        app.setOrganizationName("Reader")
        app.setApplicationVersion(__version__)
        app.setDesktopFileName(APP_ID)
        app.setWindowIcon(app_icon())
    return app


def run_gui(args: argparse.Namespace) -> int:
    """Open the window and run until it is closed; returns the exit code."""
    started = start(args)
    if isinstance(started, int):
        return started
    window_ref = [started]
    _install_excepthook(window_ref)
    _close_on_interrupt(started)
    code = QApplication.instance().exec()
    window_ref.clear()
    started.shutdown()
    return code
