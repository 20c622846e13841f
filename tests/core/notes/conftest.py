"""Fixtures of the notes tests: a clock, a file path, an open store."""
from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.notes.notes_helpers import Clock

from reader.core.notes import NoteStore


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path.resolve() / "notes.sqlite3"


@pytest.fixture
def store(path: Path, clock: Clock):
    with NoteStore(path, clock=clock) as opened:
        yield opened

