"""Child process for the crash test in test_file.py (not a test itself).

Adds notes forever and prints each id, flushed, only after ``add`` has
returned: the parent kills it with SIGKILL and then checks that every printed
id survived.  Bodies of varying length make some transactions span pages.
"""
from __future__ import annotations

import sys
from pathlib import Path

from reader.core.model import Note
from reader.core.notes import NoteStore


def main(path: Path) -> None:
    store = NoteStore(path)
    number = 0
    while True:
        note = store.add(Note(
            id="", article_id="crash", article_path="/crash.txt", article_title="Crash",
            fingerprint="0" * 16, exact="passage", prefix="", suffix="",
            start=number, end=number + 7, tags=[f"t{number}", "crash"],
            body="x" * (number * 397 % 9000),
        ))
        print(note.id, flush=True)
        number += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]))
