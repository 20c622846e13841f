"""The command server's tests' helpers: servers started as reader-cli starts
them, the installed program run as a user runs it, waiting for a condition."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

from reader.cli import served

CLI = str(Path(sys.executable).with_name("reader-cli"))


def no_server_left(path: str) -> None:
    """Stop any server on ``path``, one still starting included (it holds the
    lock from its first moment): none outlives its test."""
    lock = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        def free() -> bool:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                served.control("stop")
                return False
            fcntl.flock(lock, fcntl.LOCK_UN)
            return True

        wait_for(free)
    finally:
        os.close(lock)


def cli(*args: str, cwd: Path | None = None, served_off: bool = False,
        stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if served_off:
        env["READER_CLI_SERVER"] = "0"
    return subprocess.run([CLI, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          stdin=stdin, timeout=60, check=False)


def wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.05)


def listening(path: str) -> bool:
    conn = served.connect(path)
    if conn is not None:
        conn.close()
    return conn is not None


def served_count() -> int:
    info = served.control("status")
    assert info is not None, "no server answers"
    return info["served"]


def start_server(path: str) -> subprocess.Popen:
    """A server started as reader-cli starts one, once it listens."""
    process = subprocess.Popen(served.server_command(path, 60), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for(lambda: listening(path) or process.poll() is not None)
    assert process.poll() is None, process.stderr.read()
    return process


def stop_server(process: subprocess.Popen) -> None:
    served.control("stop")
    process.wait(timeout=10)
    process.stderr.close()
