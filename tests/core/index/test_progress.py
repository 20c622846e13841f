"""Progress reports: at most about a thousand per update, the last always; cancel checks."""
from __future__ import annotations

from reader.core.index.progress import Ticker


def test_progress_is_thinned_and_ends_at_the_total():
    seen: list[tuple[int, int]] = []
    ticker = Ticker(lambda done, total: seen.append((done, total)), None, 2500)
    for _ in range(2500):
        ticker.tick()
    assert 900 <= len(seen) <= 1300 and seen[-1] == (2500, 2500)
    assert not ticker.cancel_requested()
    assert Ticker(None, lambda: True, 1).cancel_requested()
