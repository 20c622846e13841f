"""Where log records go: stderr (as it is when they come), reader.log, set up once."""
from __future__ import annotations

import io
import logging
import sys

import pytest

from reader.logs import LOG_FILE, setup_cli_logging, setup_logging


@pytest.fixture(autouse=True)
def _restore_reader_logger():
    root = logging.getLogger("reader")
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger("reader").handlers if getattr(h, "_reader_handler", False)]


def test_window_logs_to_the_data_dir_and_warnings_to_stderr(tmp_path, monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    setup_logging(tmp_path, verbose=False)
    log = logging.getLogger("reader.ui")
    log.info("opened")
    log.warning("careful")
    for handler in ours():
        handler.flush()
    text = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    assert "INFO reader.ui: opened" in text and "WARNING reader.ui: careful" in text
    assert "careful" in err.getvalue() and "opened" not in err.getvalue()


def test_verbose_sends_everything_to_stderr(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    setup_logging(None, verbose=True)
    logging.getLogger("reader.index").debug("detail")
    assert "reader.index: detail" in err.getvalue()


def test_setting_up_again_replaces_the_handlers(tmp_path, monkeypatch):
    setup_logging(tmp_path / "a", verbose=False)
    setup_logging(tmp_path / "b", verbose=False)
    assert len(ours()) == 2  # stderr and b's log file, not four
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)  # a new stderr after set-up is still used
    setup_cli_logging()
    logging.getLogger("reader.cli").warning("no index yet")
    assert err.getvalue() == "reader: reader.cli: no index yet\n"
    assert len(ours()) == 1
