"""Work handed to a forked copy of the process (util/forking.py)."""
from __future__ import annotations

import gc
import logging
import os
import signal
import subprocess
import sys
import time

import pytest

from reader.core.util import forking

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="forking is used on Linux alone")


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


def test_a_process_may_fork_while_it_runs_one_thread_only():
    assert _run("from reader.core.util.forking import may_fork; print(may_fork())") == "True"
    assert _run("import threading; from reader.core.util.forking import may_fork\n"
                "threading.Thread(target=threading.Event().wait, daemon=True).start()\n"
                "print(may_fork())") == "False"


def test_the_child_works_in_a_process_of_its_own_and_its_result_comes_back(tmp_path):
    parent = os.getpid()
    helper = forking.Forked(lambda: (os.getpid(), [b"x" * 10, list(range(5))]), str(tmp_path))
    try:
        pid, value = helper.result()
    finally:
        helper.close()
    assert pid != parent
    assert value == [b"x" * 10, list(range(5))]
    assert list(tmp_path.iterdir()) == []  # its file went with it


def test_a_failing_child_gives_none_and_says_so(tmp_path, caplog):
    def fails():
        raise ValueError("no such luck")

    helper = forking.Forked(fails, str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="reader.index"):
        assert helper.result() is None
    helper.close()
    assert "a forked helper failed" in caplog.text
    assert list(tmp_path.iterdir()) == []


def test_a_child_whose_result_is_not_wanted_is_killed(tmp_path):
    pids = tmp_path / "pid"

    def slow():
        pids.write_text(str(os.getpid()))
        time.sleep(60)

    helper = forking.Forked(slow, str(tmp_path))
    deadline = time.monotonic() + 10
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    helper.close()
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):  # killed and reaped: no child of ours
        os.waitpid(int(pids.read_text()), os.WNOHANG)
    assert [p.name for p in tmp_path.iterdir()] == ["pid"]


def test_objects_stay_frozen_while_the_child_lives(tmp_path):
    """(so that neither process's collector writes to the pages they share)"""
    before = gc.get_freeze_count()
    helper = forking.Forked(gc.get_freeze_count, str(tmp_path))
    assert gc.get_freeze_count() > before
    assert helper.result() > before  # the child's too
    helper.close()
    assert gc.get_freeze_count() == before


def test_objects_frozen_before_stay_frozen(tmp_path):
    """(as the command server's are, in the child that runs a command)"""
    gc.freeze()
    try:
        helper = forking.Forked(lambda: None, str(tmp_path))
        helper.result()
        helper.close()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_shared_ends_hand_each_index_out_once_the_parents_in_front(tmp_path):
    ends = forking.SharedEnds(200)

    def from_back():
        taken = []
        while (index := ends.take_back()) is not None:
            taken.append(index)
            time.sleep(0.0005)
        return taken

    helper = forking.Forked(from_back, str(tmp_path))
    mine = []
    while (index := ends.take_front()) is not None:
        mine.append(index)
        time.sleep(0.0005)
    theirs = helper.result()
    helper.close()
    assert mine == list(range(ends.met))  # in order, from the front
    assert theirs == list(range(199, ends.met - 1, -1))  # from the back
    assert 0 < ends.met < 200  # (both took some)


def test_a_lock_left_held_counts_as_the_ends_met(monkeypatch):
    """(a child killed while it held the lock must not hang the parent)"""
    monkeypatch.setattr(forking, "_LOCK_SECONDS", 0.1)
    ends = forking.SharedEnds(5)
    assert ends.take_front() == 0
    ends._lock.acquire()
    assert ends.take_front() is None and ends.take_back() is None
    assert ends.met == 1


def test_the_child_leaves_ctrl_c_to_its_parent(tmp_path):
    """Ctrl-C goes to the whole process group: the child works on (no
    traceback of its own), and the parent decides."""
    def interrupted():
        os.kill(os.getpid(), signal.SIGINT)
        return "worked on"

    helper = forking.Forked(interrupted, str(tmp_path))
    try:
        assert helper.result() == "worked on"
    finally:
        helper.close()


def test_a_fork_refused_leaves_nothing_behind(tmp_path, monkeypatch):
    def refused():
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(forking.os, "fork", refused)
    before = gc.get_freeze_count()
    with pytest.raises(OSError):
        forking.Forked(lambda: None, str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    assert gc.get_freeze_count() == before
