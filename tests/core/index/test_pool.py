"""The worker pool the index and the team ingest share: how workers start, and when a pool pays."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.core.index import pool


def test_the_work_is_estimated_by_bytes_and_documents_count_more(tmp_path):
    short = pool.estimated_seconds([("a.txt", 2000)] * 100)
    long = pool.estimated_seconds([("b.txt", 2_000_000)] * 3)
    documents = pool.estimated_seconds([("c.pdf", 50_000)] * 3)
    assert long > short > documents > pool.estimated_seconds([("d.txt", 100)] * 3)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads are counted in /proc")
def test_workers_are_forked_only_from_a_single_thread():
    """A process with another thread (Qt's, a watcher's) spawns its workers instead."""
    alone = subprocess.run(
        [sys.executable, "-c", "from reader.core.index import pool; print(pool.start_method())"],
        capture_output=True, text=True, check=True)
    assert alone.stdout.strip() == "fork"
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert pool.start_method() == "spawn"
    finally:
        stop.set()
        helper.join()
