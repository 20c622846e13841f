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

import pytest

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


def _spare() -> int | None:
    return served.control("status")["spare"]


def _descriptors(pid: int) -> list[str]:
    """What ``pid`` holds open (a file it closes as it is listed is left out:
    a spare mid-rehearsal opens and closes its library's)."""
    held = []
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        try:
            held.append(os.readlink(entry))
        except FileNotFoundError:
            continue
    return held


def test_a_spare_rehearses_on_a_library_of_its_own_and_runs_the_next_command(
        own_server, library):
    """The child for the next command is forked ahead of it and has searched a
    library beside the socket; it runs the command, and another takes its place.
    Stopped, the server takes the spare and the rehearsal's folder along."""
    rehearsal = Path(served.socket_path() + ".rehearsal")
    wait_for(lambda: _spare() is not None and (rehearsal / "home").is_dir())
    first = _spare()
    assert (rehearsal / "articles" / "rehearsal.txt").is_file()
    answer = cli("search", "putin")
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout == cli("search", "putin", served_off=True).stdout
    wait_for(lambda: served.control("status")["served"] == 1)
    wait_for(lambda: not Path(f"/proc/{first}").exists())  # it ran the command, and ended
    second = _spare()
    assert second not in (None, first)
    assert "is ready for the next" in cli("server", "status").stdout
    served.control("stop")
    own_server.wait(timeout=10)
    wait_for(lambda: not Path(f"/proc/{second}").exists())
    assert not rehearsal.exists()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_spare_holds_neither_the_lock_nor_a_clients_connection(own_server, library):
    """Its one socket is the pair it waits on: a client's connection kept open
    in it would leave that client waiting for ever if its command's child
    died, and the lock would keep a new server from starting."""
    assert cli("search", "putin").returncode == 0
    wait_for(lambda: served.control("status")["served"] == 1 and _spare() is not None)
    held = _descriptors(_spare())  # (perhaps mid-rehearsal: its own library's files too)
    assert served.socket_path() + ".lock" not in held
    assert len([name for name in held if name.startswith("socket:")]) == 1


def _zombie(pid: int) -> bool:
    """Ended, and not yet reaped by its parent."""
    return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc")
def test_a_command_for_a_dead_spare_runs_in_a_child_forked_for_it(own_server, library):
    """The spare killed while the server waits: handing over fails, and the
    command runs in a child forked then; a new spare follows."""
    wait_for(lambda: _spare() is not None)
    spare = _spare()
    os.kill(spare, signal.SIGKILL)
    wait_for(lambda: _zombie(spare))  # (no status asked meanwhile: that would reap it)
    answer = cli("search", "putin")
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout == cli("search", "putin", served_off=True).stdout
    wait_for(lambda: served.control("status")["served"] == 1)
    wait_for(lambda: _spare() not in (None, spare))
    assert not Path(f"/proc/{spare}").exists()  # reaped


def test_a_stopping_server_waits_for_its_spare_and_ends_a_stuck_one(own_server, library):
    """The spare must be gone before the rehearsal's folder is removed (else a
    rehearsal still running could make its library again there): one that
    does not go (stopped here) is killed."""
    wait_for(lambda: _spare() is not None)
    spare = _spare()
    os.kill(spare, signal.SIGSTOP)
    served.control("stop")
    assert own_server.wait(timeout=20) == 0
    assert not Path(f"/proc/{spare}").exists()
    assert not Path(served.socket_path() + ".rehearsal").exists()
