"""A chunk reader for ingest workers that crashes on purpose (pickled by name into the pool)."""
from __future__ import annotations

import ctypes

from reader.core.team import corpus


def chunk_or_crash(paths: list[str]) -> list[tuple]:
    """As corpus._chunk_rows, except that a chunk holding brief.md crashes its worker."""
    if any(path.endswith("brief.md") for path in paths):
        ctypes.string_at(0)  # SIGSEGV, as a crash in native code would be
    return [corpus.read_file_rows((path,)) for path in paths]
