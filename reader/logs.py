"""Where Reader's log records go: one set-up for the window, the self-test and the CLI.

Every subsystem logs to its own logger under ``reader`` (``reader.ui``,
``reader.library``, ``reader.cli`` ...); this module only decides where
the records end up.  The window keeps a small rotating ``reader.log`` in
the data directory (what the analyst sends with a bug report) and writes
warnings to stderr, everything with ``-v``.  The command line prints
warnings only, in its own terse format, and keeps no log file.
"""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

LOG_FILE = "reader.log"
LOG_BYTES = 512_000
LOG_BACKUPS = 2
WINDOW_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CLI_FORMAT = "reader: %(name)s: %(message)s"

log = logging.getLogger("reader.logs")


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes.

    The self-test and the tests swap ``sys.stderr``; a handler holding the
    stream it was made with would write to a closed one afterwards.
    """

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        """StreamHandler sets it in __init__; the property always answers sys.stderr."""


def setup_logging(home: Path | None, verbose: bool, *, console_format: str = WINDOW_FORMAT) -> None:
    """Send ``reader`` records to stderr (warnings; everything with ``verbose``) and,
    with a data directory ``home``, to its rotating ``reader.log``.

    Calling it again replaces what an earlier call set up (tests open many
    windows in one process), so records are never written twice.
    """
    root = logging.getLogger("reader")
    for handler in [h for h in root.handlers if getattr(h, "_reader_handler", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = _Stderr()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    _add(root, console, console_format)
    if home is not None:
        try:
            home.mkdir(parents=True, exist_ok=True)
            file_handler = logging.handlers.RotatingFileHandler(
                home / LOG_FILE, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        except OSError as exc:
            log.warning("no log file: %s", exc)
        else:
            _add(root, file_handler, WINDOW_FORMAT)


def setup_cli_logging() -> None:
    """The command line's logging: warnings on stderr as ``reader: name: message``."""
    setup_logging(None, False, console_format=CLI_FORMAT)


def _add(root: logging.Logger, handler: logging.Handler, fmt: str) -> None:
    handler.setFormatter(logging.Formatter(fmt))
    handler._reader_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
