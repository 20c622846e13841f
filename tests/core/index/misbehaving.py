"""A reading function that crashes or hangs on purpose, run in the isolated reading process."""
from __future__ import annotations

import ctypes
import time
from pathlib import Path

from reader.core.index import workers


def read_or_misbehave(task: tuple[str, str | None]) -> tuple:
    """Read as the app does, except that a file named crash* segfaults and hang* never ends."""
    name = Path(task[0]).name
    if name.startswith("crash"):
        ctypes.string_at(0)  # a NULL read: SIGSEGV, as a crash in native code would be
    if name.startswith("hang"):
        time.sleep(3600)
    return workers.read_alone(task)
