"""The command server's client (reader/cli/served.py) and what a served command does.

Real processes throughout: the installed ``reader-cli`` program, a server
started as it starts one (served.server_command), a private runtime folder.
A served command must answer exactly as a new process would.  The server's
own life (ends, signals, a second one) is tests/cli/test_server.py's.
"""
from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.cli import served

from .servers import CLI, cli, served_count, start_server, stop_server, wait_for


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for the tests that only send it commands (each test's own home
    travels in its environment): (its runtime folder, its process)."""
    folder = tmp_path_factory.mktemp("run")
    folder.chmod(0o700)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_RUNTIME_DIR", str(folder))
        process = start_server(served.socket_path())
        yield folder, process
        stop_server(process)


@pytest.fixture
def server(shared_server, monkeypatch):
    """The shared server, this test's commands going to it."""
    folder, process = shared_server
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    monkeypatch.setenv("READER_CLI_SERVER", "1")
    assert process.poll() is None
    return process


def test_a_command_starts_a_server_and_the_next_one_is_served(runtime, library):
    first = cli("search", "putin")
    assert first.returncode == 0 and "putin" in first.stdout.lower()
    wait_for(lambda: served.control("status") is not None)
    assert served_count() == 0
    second = cli("search", "putin")
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
    wait_for(lambda: served_count() == 1)
    assert "1 commands served" in cli("server", "status").stdout
    assert cli("server", "stop").stdout.startswith("Stopped the command server")
    wait_for(lambda: not any(runtime.glob("*.sock")))

@pytest.mark.parametrize("args", [
    ("search", "putin", "--json"),
    ("search", "title:(russia"),          # a malformed query: one sentence, code 1
    ("search", "--sort", "nonsense", "x"),  # a usage error: code 2
    ("--help",),
    ("search", "--help"),
    ("articles",),
    ("folders", "--skipped"),
    ("notes", "list"),
    ("show", "no-such-article"),
])
def test_served_answers_as_a_new_process_would(server, library, args):
    alone = cli(*args, served_off=True)
    before = served_count()
    answer = cli(*args)
    assert (answer.returncode, answer.stdout, answer.stderr) == (
        alone.returncode, alone.stdout, alone.stderr)
    wait_for(lambda: served_count() == before + 1)

def test_the_command_runs_in_the_clients_folder_with_its_environment(
        server, tmp_path, seeds, monkeypatch):
    before = served_count()
    monkeypatch.setenv("READER_HOME", str(tmp_path / "elsewhere"))
    done = cli("index", "articles", cwd=tmp_path)  # a folder relative to the client's
    assert done.returncode == 0, done.stderr
    assert f"{seeds}\n" in cli("folders").stdout
    assert (tmp_path / "elsewhere").is_dir()
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    assert str(seeds) not in cli("folders").stdout
    wait_for(lambda: served_count() == before + 3)

def test_notes_made_by_served_commands_land_in_the_notes_file(server, library):
    article = min(library.glob("*.txt"))
    added = cli("notes", "add", str(article), "--quote", "the", "--note", "served here",
                "--json")
    assert added.returncode == 0, added.stderr
    listed = cli("notes", "list", "--json", served_off=True)
    assert "served here" in listed.stdout
    assert cli("notes", "list", "--json").stdout == listed.stdout

def test_ctrl_c_reaches_the_served_command(server, library, tmp_path):
    fifo = tmp_path / "notes.json"
    os.mkfifo(fifo)
    before = served_count()
    client = subprocess.Popen([CLI, "notes", "import", str(fifo)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    writer = None

    def opened() -> bool:  # the command has the FIFO open (a writer may open it now)
        nonlocal writer
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return False
        return True

    try:
        wait_for(opened)
        # A signal that lands as the command goes from open() to read() is
        # caught there, but its Python handler runs only once the read returns
        # (CPython's way; a new process does the same): sent once it waits in it.
        wait_for(lambda: waits_in_a_read(fifo))
        client.send_signal(signal.SIGINT)
        _out, err = client.communicate(timeout=20)
    finally:
        if writer is not None:  # (the command, were it still reading, reads the end)
            os.close(writer)
        if client.poll() is None:
            client.kill()
        client.communicate()
    assert client.returncode == 130
    assert err.strip().endswith("interrupted")
    wait_for(lambda: served_count() == before + 1)

class _CtrlCAtTheGoAhead(socket.socket):
    """A connection to the server over which the go-ahead is sent as Ctrl-C is
    pressed (to this thread: the client has no other)."""

    def sendmsg(self, *args):
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        return super().sendmsg(*args)

_SERVED_COMMAND = """
import signal, sys
signal.signal(signal.SIGINT, lambda *_: sys.exit(7))
print("waiting", flush=True)
signal.pause()
"""

def test_a_ctrl_c_as_the_command_is_handed_over_reaches_the_command():
    """Pressed between the go-ahead and the client's forwarding of signals, a
    Ctrl-C once stopped the client alone: the command went on, holding the
    terminal (seen as a hang in CI).  A stand-in server and command, the real
    client."""
    command = subprocess.Popen([sys.executable, "-c", _SERVED_COMMAND], stdout=subprocess.PIPE,
                               text=True)
    assert command.stdout.readline() == "waiting\n"
    server_end, client_end = socket.socketpair()
    told = {}

    def serve() -> None:
        told["request"] = served.read_frame(server_end)
        server_end.sendall(struct.pack("!i", command.pid))
        _go, fds, _flags, _address = socket.recv_fds(server_end, 1, 3)
        for fd in fds:
            os.close(fd)
        try:
            told["command's code"] = command.wait(timeout=10)
        except subprocess.TimeoutExpired:
            command.kill()
        with contextlib.suppress(OSError):  # (a client that gave up)
            server_end.sendall(served.DONE + struct.pack("!i", 130))

    handlers = {signum: signal.getsignal(signum) for signum in (
        signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)}
    server = threading.Thread(target=serve)
    server.start()
    try:
        with _CtrlCAtTheGoAhead(fileno=client_end.detach()) as conn:
            code = served._hand_over(conn, ["notes"])
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        server.join(timeout=20)
        command.kill()
        command.wait()
        command.stdout.close()
        server_end.close()
    assert told["request"]["argv"] == ["notes"]
    assert (code, told.get("command's code")) == (130, 7)

def waits_in_a_read(fifo: Path) -> bool:
    """Whether another process that has ``fifo`` open sleeps reading a pipe (Linux)."""
    for link in Path("/proc").glob("[0-9]*/fd/*"):
        process = link.parents[1]
        try:
            if process.name != str(os.getpid()) and os.readlink(link) == str(fifo):
                wchan = (process / "wchan").read_text()
                if wchan in ("", "0"):  # the kernel hides where: asleep, with it open, will do
                    return (process / "stat").read_text().split(") ", 1)[1].startswith("S")
                return "pipe" in wchan
        except OSError:  # (gone meanwhile, or not ours to look at)
            continue
    return False

def test_a_command_for_the_terminal_is_handed_back(server, library):
    """A team command may ask for a password at the terminal: it runs in the
    client's process, which the server does not count as served."""
    alone = cli("--team", "postgresql:///reader?host=/nonexistent", "team", "status",
                served_off=True)
    before = served_count()
    answer = cli("--team", "postgresql:///reader?host=/nonexistent", "team", "status")
    assert (answer.returncode, answer.stdout, answer.stderr) == (
        alone.returncode, alone.stdout, alone.stderr)
    time.sleep(0.5)
    assert served_count() == before

def test_ctrl_c_stops_a_command_handed_back(server, library, tmp_path):
    """Handed back, the command runs in the client, which must stop at Ctrl-C
    again, not pass it on to the server's child, gone by then (it used to: the
    team search below waited out its connection's timeout)."""
    black_hole = socket.socket(socket.AF_UNIX)  # a team server that never answers
    black_hole.bind(str(tmp_path / ".s.PGSQL.5432"))
    black_hole.listen(1)
    client = subprocess.Popen(  # (Ctrl-C not ignored, as where this runs it may be)
        [CLI, "--team", f"postgresql:///reader?host={tmp_path}", "search", "putin"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert select.select([black_hole], [], [], 20)[0], "the command never asked the server"
        client.send_signal(signal.SIGINT)
        _out, err = client.communicate(timeout=20)
    finally:
        if client.poll() is None:
            client.kill()
        client.communicate()
        black_hole.close()
    assert (client.returncode, err) == (130, "reader-cli: interrupted\n")

def test_turned_off_it_neither_serves_nor_starts(runtime, library, monkeypatch):
    monkeypatch.setenv("READER_CLI_SERVER", "0")
    assert cli("search", "putin").returncode == 0
    assert "turned off" in cli("server", "status").stdout
    time.sleep(1.0)
    assert not any(runtime.glob("*.sock"))

def test_no_private_folder_no_server(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    monkeypatch.setenv("TMPDIR", str(shared))
    (shared / f"reader-{os.getuid()}").mkdir(mode=0o755)
    (shared / f"reader-{os.getuid()}").chmod(0o755)
    assert served.socket_path() is None

def test_asking_about_the_server_starts_none(runtime):
    assert cli("server", "status").stdout.startswith("No command server is running")
    assert cli("server", "stop").stdout.startswith("No command server is running")
    time.sleep(1.0)
    assert not any(runtime.glob("*.sock"))

def test_files_are_made_with_the_clients_umask(server, library, tmp_path):
    """What a served command writes gets the modes a command of its own would give."""
    modes = []
    for name, served_off in (("alone", True), ("served", False)):
        target = tmp_path / name / "export"
        env = {**os.environ, "READER_CLI_SERVER": "0" if served_off else "1"}
        done = subprocess.run(["sh", "-c", 'umask 077 && exec "$@"', "sh", CLI, "notes",
                               "export", "--per-article", "-o", str(target)],
                              env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        modes.append(oct((tmp_path / name).stat().st_mode & 0o777))
        modes.append(oct(target.stat().st_mode & 0o777))
    assert modes[:2] == modes[2:] == [oct(0o700), oct(0o700)]

@pytest.mark.parametrize("closed", [0, 1, 2])
def test_a_closed_standard_stream_runs_the_command_here(server, library, closed):
    """A descriptor 0-2 left closed would go to the connection: the command runs
    in its own process, as it would with no server."""
    def run(served_off: bool) -> tuple:
        env = {**os.environ, "READER_CLI_SERVER": "0" if served_off else "1"}
        done = subprocess.run(["sh", "-c", f'exec "$@" {closed}>&-', "sh", CLI, "search",
                               "putin"], env=env, capture_output=True, text=True,
                              timeout=60, check=False)
        return done.returncode, done.stdout, done.stderr

    before = served_count()
    answer = run(served_off=False)
    assert answer == run(served_off=True)
    if closed == 1:  # a sentence, not a traceback
        assert answer == (1, "", "reader-cli: error: the standard output is closed.\n")
    else:
        assert answer[0] == 0 and "putin" in answer[1].lower()
    time.sleep(0.5)
    assert served_count() == before

def test_the_windows_program_hands_its_commands_over_too(runtime, library, tmp_path):
    """`python main.py COMMAND` (a checkout's `reader COMMAND`), run from any folder,
    starts a server and is answered by it, as reader-cli is."""
    main_py = str(Path(served.__file__).parents[2] / "main.py")
    command = [sys.executable, main_py, "search", "putin"]
    first = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True)
    wait_for(lambda: served.control("status") is not None)
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)
    wait_for(lambda: served_count() == 1)

def test_the_server_holds_no_folder_and_imports_from_none(server, tmp_path):
    """It runs in / (a folder it was started from can be unmounted), and a module
    in a client's folder is never imported in place of the one Reader uses."""
    assert os.readlink(f"/proc/{server.pid}/cwd") == "/"
    before = served_count()
    # charset-normalizer: imported when a file is not UTF-8, and not before
    (tmp_path / "charset_normalizer.py").write_text(
        "open(__file__ + '.imported', 'w').close()\nraise ImportError('the wrong one')\n")
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "brief.txt").write_bytes(
        "Путин выступил в Москве. Коалиция против террористов.\n".encode("cp1251") * 20)
    done = cli("index", "briefs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "charset_normalizer.py.imported").exists()
    assert "brief.txt" in cli("search", "Путин").stdout
    wait_for(lambda: served_count() == before + 2)


_ENDING = """
import atexit, sys, threading
from reader.cli import served

class Loud:
    def __del__(self):
        print("torn down")

kept = Loud()  # (freed by the interpreter's teardown, which says so)
atexit.register(print, "exit handler ran")
if sys.argv[1] == "thread":
    threading.Thread(target=threading.Event().wait, args=(0.2,)).start()
print("output", end=" ")
served.end_program(3)
print("returned")
"""


@pytest.mark.parametrize(("threads", "output", "code"), [
    ("alone", "output exit handler ran\n", 3),
    ("thread", "output returned\nexit handler ran\ntorn down\n", 0)])
def test_a_program_ends_once_its_exit_handlers_ran_without_the_teardown(threads, output, code):
    """After its command ran in its own process, the program ends with the
    command's exit code once its exit handlers ran and its output is out,
    skipping the interpreter's teardown (60-100 ms after an index); while
    another thread runs, it returns, and the usual exit joins the thread."""
    done = subprocess.run([sys.executable, "-c", _ENDING, threads], capture_output=True,
                          text=True, timeout=60)
    assert (done.stdout, done.returncode) == (output, code)
