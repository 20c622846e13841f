"""NumPy loaded by the core leaves the process single-threaded, so the index
update still forks its workers (index.pool.start_method)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECK = """
import os
import reader.core.search.articles, reader.core.index.fast.invert, reader.core.index.fast.arrays
from reader.core.index.pool import start_method
print(len(os.listdir("/proc/self/task")), start_method())
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="Linux counts threads in /proc")
def test_the_cores_numpy_starts_no_threads(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["1", "fork"]
