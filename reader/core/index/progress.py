"""Progress reports and cancel checks of an index update, and the update too big to run here."""
from __future__ import annotations

from ..model import Cancelled, Progress


class Ticker:
    """Progress reports (at most about a thousand per update) and cancel checks."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None, total: int):
        self._progress = progress
        self._cancelled = cancelled
        self._total = total
        self._step = max(1, total // 1000)
        self._last = 0
        self.done = 0

    def cancel_requested(self) -> bool:
        return self._cancelled is not None and bool(self._cancelled())

    def tick(self) -> None:
        self.done += 1
        if self._progress is not None and (
                self.done - self._last >= self._step or self.done == self._total):
            self._last = self.done
            self._progress(self.done, self._total)


class BigUpdate(Exception):
    """Raised by ``update(max_changes=...)`` before it writes anything: the
    update has at least that many files to read or drop (``args[0]`` says
    how many), and the caller wants to run such updates elsewhere."""
