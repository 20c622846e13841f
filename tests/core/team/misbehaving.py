"""Chunk readers for ingest workers that crash or hang on purpose (pickled by name into the pool)."""
from __future__ import annotations

import ctypes
import time

from reader.core.team import corpus


def chunk_or_crash(tasks: list[tuple[str]]) -> list[tuple]:
    """As corpus._chunk_rows, except that a chunk holding brief.md crashes its worker."""
    if any(task[0].endswith("brief.md") for task in tasks):
        ctypes.string_at(0)  # SIGSEGV, as a crash in native code would be
    return corpus._chunk_rows(tasks)


def chunk_or_hang(tasks: list[tuple[str]]) -> list[tuple]:
    """As corpus._chunk_rows, except that a chunk holding brief.md never ends."""
    if any(task[0].endswith("brief.md") for task in tasks):
        time.sleep(3600)
    return corpus._chunk_rows(tasks)
