"""Start the desktop app: `reader [--home DIR] [PATH]` (or `python main.py ...`).

Opening the library is the one step that can fail before there is a window:
the notes file may be held by another running copy (NotesLockedError) or be
unreadable.  That gets a clear message box and exit code 1, never a
traceback.  After that, unexpected exceptions are logged and shown in the
window's message bar instead of killing the app with the analyst's work open.
"""
from __future__ import annotations

import signal
import logging
import logging.handlers
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import APP_ID, __version__
from ..app import build_parser
from ..core.library import Library
from ..core.model import NotesError, NotesLockedError
from ..core.paths import DataPaths

log = logging.getLogger("reader.ui.main")

ErrorBox = Callable[[QWidget | None, str, str], object]


def setup_logging(home: Path | None, verbose: bool) -> None:
    """Warnings to stderr (everything with -v) and a small rotating log in the data dir."""
    root = logging.getLogger("reader")
    if getattr(root, "_reader_configured", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(fmt)
    root.addHandler(console)
    if home is not None:
        try:
            home.mkdir(parents=True, exist_ok=True)
            file_handler = logging.handlers.RotatingFileHandler(
                home / "reader.log", maxBytes=512_000, backupCount=2, encoding="utf-8")
            file_handler.setFormatter(fmt)
            root.addHandler(file_handler)
        except OSError as exc:
            log.warning("no log file: %s", exc)
    root._reader_configured = True  # type: ignore[attr-defined]


def open_library(home: str | None, error_box: ErrorBox) -> Library | None:
    """The library, or None after telling the user why it cannot be opened."""
    try:
        return Library(home)
    except NotesLockedError as exc:
        error_box(None, "Reader Is Already Running",
                  f"{exc}\n\nSwitch to the Reader window that is already open, or close it "
                  "and start Reader again.")
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


def start(argv: Sequence[str], *, error_box: ErrorBox | None = None):
    """Parse the arguments, open the library and show the window.

    Returns the window, or an exit code when there is none to show
    (``--version``, ``--help``, bad arguments, or a library that cannot be
    opened, which the user has been told about).  Tests call this with their
    own ``error_box``: a real message box would block them.
    """
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as exc:  # --version, --help, or a usage error already printed
        return int(exc.code or 0)
    if args.selftest:
        from .selftest import run_selftest

        return run_selftest(verbose=args.verbose)
    home = DataPaths.resolve(args.home).home
    setup_logging(home, args.verbose)

    from .icons import app_icon
    from .main_window import MainWindow, settings_for
    from .preferences import load_prefs
    from .theme import apply_theme

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "reader"])
    app.setApplicationName("Reader")
    app.setApplicationDisplayName("Reader")
    app.setOrganizationName("Reader")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())

    library = open_library(args.home, error_box or QMessageBox.critical)
    if library is None:
        return 1
    settings: QSettings = settings_for(library)
    apply_theme(app, load_prefs(settings).theme)  # before the first paint: no flash of light
    window = MainWindow(library, settings)
    window.show()
    if args.path:
        window.open_path(args.path)
    return window


def run_gui(argv: Sequence[str] | None = None) -> int:
    """Open the window and run until it is closed; returns the exit code."""
    started = start(list(sys.argv[1:] if argv is None else argv))
    if isinstance(started, int):
        return started
    window_ref = [started]
    _install_excepthook(window_ref)
    _close_on_interrupt(started)
    code = QApplication.instance().exec()
    window_ref.clear()
    started.shutdown()
    return code
