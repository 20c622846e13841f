"""The command server's life (reader/cli/server.py): when it leaves, how it ends,
one per socket, a server that does not answer.

Each test has a server of its own; these change the code's modification time
or stop processes, so they run apart from tests/cli/test_served.py's shared server.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from reader.cli import served

from .servers import cli, listening, wait_for


def test_a_server_whose_code_changed_steps_aside(own_server, library):
    """An upgrade, or an edit in a checkout: the command runs the slow way, and
    the old server exits (the next command starts a fresh one)."""
    module = Path(served.__file__).with_name("name.py")
    stat = module.stat()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        answer = cli("search", "putin")
        assert answer.returncode == 0 and answer.stdout
        own_server.wait(timeout=10)
        wait_for(lambda: served.control("status") is not None)  # the fresh one it started
        assert served.control("status")["pid"] != own_server.pid
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_server_leaves_soon_after_its_code_changes(own_server):
    """Upgraded or uninstalled under it: it goes within a few seconds, command or not."""
    module = Path(served.__file__).with_name("name.py")
    stat = module.stat()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        assert own_server.wait(timeout=15) == 0
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_server_ended_by_a_signal_takes_its_socket_along(own_server):
    path = served.socket_path()
    own_server.send_signal(signal.SIGTERM)
    assert own_server.wait(timeout=15) == 0
    assert not Path(path).exists()


def test_an_idle_server_exits(runtime):
    path = served.socket_path()
    process = subprocess.Popen(served.server_command(path, 0.5))
    assert process.wait(timeout=30) == 0
    assert not Path(path).exists()


def test_one_server_per_socket(runtime):
    path = served.socket_path()
    both = [subprocess.Popen(served.server_command(path, 60)) for _ in range(2)]
    try:
        wait_for(lambda: any(p.poll() is not None for p in both))
        assert [p.poll() for p in both].count(0) == 1  # the second one saw the lock
        wait_for(lambda: listening(path))
        assert served.control("status")["pid"] in [p.pid for p in both]
    finally:
        served.control("stop")
        for process in both:
            process.wait(timeout=10)


def test_a_stopped_server_is_waited_for_briefly_and_never_runs_the_command_twice(
        own_server, library):
    """A server that does not answer (stopped, swamped): after a few seconds the
    command runs in the client, and the server's child, never told to go, does not."""
    article = min(library.glob("*.txt"))
    own_server.send_signal(signal.SIGSTOP)
    try:
        added = cli("notes", "add", str(article), "--quote", "the", "--note", "only once")
    finally:
        own_server.send_signal(signal.SIGCONT)
    assert added.returncode == 0, added.stderr
    wait_for(lambda: served.control("status") is not None)
    time.sleep(1.0)  # the child forked for the stale request has had its chance
    listed = cli("notes", "list", "--json", served_off=True).stdout
    assert listed.count("only once") == 1
