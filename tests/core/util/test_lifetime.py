"""A helper process ends with the process that started it."""
from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time

import pytest

from reader.core.util.lifetime import end_with_parent

_FORK = multiprocessing.get_context("fork")


def _helper(pids) -> None:
    end_with_parent(poll=3600.0)  # (the watching thread would take an hour: only the kernel acts)
    pids.put(os.getpid())
    time.sleep(60)


def _parent(pids) -> None:
    helper = _FORK.Process(target=_helper, args=(pids,))
    helper.start()
    time.sleep(60)


def _gone(pid: int) -> bool:
    """Ended: no such process, or a zombie waiting for its new parent to reap it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_helper_dies_with_its_parent_killed_at_once():
    """kill -9 of the parent: the kernel ends the helper, without its watch."""
    pids = _FORK.Queue()
    parent = _FORK.Process(target=_parent, args=(pids,))
    parent.start()
    helper = pids.get(timeout=30)
    assert not _gone(helper)
    parent.kill()
    parent.join()
    deadline = time.monotonic() + 10
    while not _gone(helper) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _gone(helper)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_where_the_kernel_ends_it_no_thread_watches():
    """(a process with a second thread may not fork its own workers)"""
    done = subprocess.run(
        [sys.executable, "-c", "import threading\n"
         "from reader.core.util.lifetime import end_with_parent\n"
         "end_with_parent(); print(threading.active_count())"],
        capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "1"
