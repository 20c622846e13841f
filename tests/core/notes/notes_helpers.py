"""What the notes tests share: a settable clock, notes to store, raw looks at the file."""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

from reader.core.model import Note

ROOT = Path(__file__).resolve().parents[3]
START = datetime(2026, 11, 20, 12, 0, 0, 123456, tzinfo=timezone.utc)


class Clock:
    """A settable clock, so tests can make time pass (and days change)."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def day(self) -> str:
        """The local calendar day, as the store names its backups."""
        return self.now.astimezone().date().isoformat()


def make_note(**fields: object) -> Note:
    values: dict[str, object] = dict(
        id="", article_id="art1", article_path="/library/a.md", article_title="A",
        fingerprint="f" * 16, exact="the passage", prefix="before ", suffix=" after",
        start=10, end=21,
    )
    values.update(fields)
    return Note(**values)  # type: ignore[arg-type]


def raw(path: Path) -> closing[sqlite3.Connection]:
    """A plain connection, to look at the file behind the store's back."""
    return closing(sqlite3.connect(path))


def user_version(path: Path) -> int:
    with raw(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def integrity(path: Path) -> list[str]:
    with raw(path) as db:
        return [row[0] for row in db.execute("PRAGMA integrity_check")]


def child_env() -> dict[str, str]:
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}

