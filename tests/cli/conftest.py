"""Fixtures of the command server's tests: a private runtime folder, a server of
a test's own, the bundled articles indexed."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import served

from .servers import no_server_left, start_server, stop_server


@pytest.fixture
def runtime(tmp_path, monkeypatch) -> Path:
    """A private runtime folder, and the server turned on for this test."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    monkeypatch.setenv("READER_CLI_SERVER", "1")
    yield folder
    no_server_left(served.socket_path())


@pytest.fixture
def own_server(runtime):
    """A server of this test's alone: it will be stopped, signalled or outdated."""
    process = start_server(served.socket_path())
    yield process
    stop_server(process)


@pytest.fixture
def library(seeds) -> Path:
    """The bundled articles indexed into this test's home."""
    from reader.core.library import Library

    with Library() as lib:
        lib.add_folders([seeds])
        lib.update_index()
    return seeds

