"""The client of the command server: a ``reader-cli`` command answered by a warm process.

A Python command pays some 250 ms before its first line of work (the
interpreter, Whoosh, the core), where ``recollq`` pays 10.  The command
server (server.py) has paid it once: this module, which imports only what
a bare interpreter has at hand and two C modules, hands it the command
(arguments, working directory, environment, umask, and the terminal or
pipes themselves, as file descriptors) and waits for the exit code,
forwarding Ctrl-C and the like.
When there is no server, or it says the command must run here (it would ask
at the terminal), the command runs in this process as before, and a server
is started in the background for the next one.  Mercurial's ``chg`` works
the same way, for the same reason.

``READER_CLI_SERVER=0`` turns the server off; ``reader-cli server status``
and ``reader-cli server stop`` show and end it.
"""
from __future__ import annotations

# The C halves of `socket` and `signal`: the Python modules wrap their
# constants in enums, and importing them (enum with them) took 10 of the
# client's 11 ms of imports.  The client needs only the calls themselves.
import _signal
import _socket
import marshal
import os
import struct
import sys
import zlib

from .. import __version__
from .name import program_name

TYPE_CHECKING = False  # (typing itself would be 3 ms of the client's start)
if TYPE_CHECKING:
    from typing import NoReturn

#: Set to 0 (or off, no, false) to never use or start a command server.
SERVER_ENV = "READER_CLI_SERVER"
#: A server with nothing to do for this long exits.
IDLE_SECONDS = 600.0
#: The longest socket path AF_UNIX takes everywhere (Linux 108, macOS 104).
_MAX_PATH = 103
#: The server's answers: the child's pid (4 bytes), then one of these and the exit code.
DONE, RUN_HERE = b"D", b"L"
#: The client's go-ahead once it has the pid, with its standard streams: a child
#: never runs a command its client gave up on (and then ran itself).
GO = b"G"
#: Seconds to wait for the server's child to say it is there; then the command runs here.
ANSWER_SECONDS = 5.0
_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
#: The reader package's folder.
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def enabled() -> bool:
    """Whether commands may go to a server: not turned off, on a system that
    passes descriptors over Unix sockets, and not the frozen bundle (which
    has no Python interpreter to start one with)."""
    if os.environ.get(SERVER_ENV, "1").strip().lower() in ("0", "off", "no", "false"):
        return False
    return hasattr(_socket.socket, "sendmsg") and not getattr(sys, "frozen", False)


def _private(folder: str) -> bool:
    """A folder of this user's that no one else may enter."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


def socket_path() -> str | None:
    """The server's socket for this installation and user; None where there is
    no private place for one.

    One per interpreter, package folder and version, so that two checkouts,
    or a new version beside an old one, never answer for each other."""
    folder = os.environ.get("XDG_RUNTIME_DIR", "")
    if not _private(folder):
        folder = os.path.join(os.environ.get("TMPDIR") or "/tmp", f"reader-{os.getuid()}")
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
        if not _private(folder):
            return None
    key = zlib.crc32(f"{sys.executable}\0{PACKAGE_DIR}\0{__version__}".encode(
        "utf-8", "surrogateescape"))
    path = os.path.join(folder, f"reader-cli-{key:08x}.sock")
    return path if len(path.encode("utf-8", "surrogateescape")) <= _MAX_PATH else None


def connect(path: str) -> _socket.socket | None:
    """A connection to the server at ``path``; None if none listens there."""
    client = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        client.connect(path)
    except OSError:
        client.close()
        return None
    return client


def connect_to_server() -> _socket.socket | None:
    """A connection to this installation's server; None if none listens (or
    there is no private place for one)."""
    path = socket_path()
    return connect(path) if path else None


def read_exactly(conn: _socket.socket, size: int) -> bytes | None:
    """``size`` bytes from ``conn``; None if it closes first."""
    data = b""
    while len(data) < size:
        try:
            chunk = conn.recv(size - len(data))
        except ConnectionError:  # closed with our request unread
            return None
        if not chunk:
            return None
        data += chunk
    return data


def read_frame(conn: _socket.socket):
    """One message as ``frame`` sent it; None if the connection closes before
    it begins.  ValueError: it closed half-way (or the bytes are not a message)."""
    size = read_exactly(conn, 4)
    if size is None:
        return None
    body = read_exactly(conn, struct.unpack("!I", size)[0])
    if body is None:
        raise ValueError("a message cut short")
    return marshal.loads(body)


def frame(message: dict) -> bytes:
    """A message as sent: its length, then ``marshal``'s bytes (built in, so free to
    import; both ends are the same interpreter, as the socket's name says; and
    a name's stray bytes, kept as lone surrogates, travel as they are)."""
    body = marshal.dumps(message)
    return struct.pack("!I", len(body)) + body


def run_served(argv: list[str]) -> int | None:
    """The exit code of ``argv`` run by the server; None if it must run here
    (no server, a server that stopped or changed, or a command for this terminal)."""
    if sys.stdin is None or sys.stdout is None or sys.stderr is None:
        return None  # a standard stream closed: its number may go to the socket
    conn = connect_to_server()
    if conn is None:
        return None
    try:
        return _hand_over(conn, argv)
    finally:
        conn.close()


def _hand_over(conn: _socket.socket, argv: list[str]) -> int | None:
    """``run_served`` on its connection."""
    if conn.fileno() <= 2:  # (and the socket would travel as a stream)
        return None
    try:
        umask = os.umask(0o077)
        os.umask(umask)
        request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask,
                   "program": sys.argv[0] if sys.argv else "reader-cli",
                   "streams": [[stream.encoding, stream.errors] if stream else None
                               for stream in (sys.stdin, sys.stdout, sys.stderr)]}
        conn.sendall(frame(request))
        conn.settimeout(ANSWER_SECONDS)
        answer = read_exactly(conn, 4)
        if answer is None:  # the server closed without starting anything: run here
            return None
        child = struct.unpack("!i", answer)[0]
        forwarded: list[int] = []
        previous = _go_ahead(conn, child, forwarded)
        if previous is None:
            return None
    except OSError:
        # No working folder or a standard stream closed; a server gone, or too
        # busy or stopped to answer (its child, never told to go, ends).
        return None
    except KeyboardInterrupt:  # before the go-ahead: nothing ran
        print(f"{program_name()}: interrupted", file=sys.stderr)
        return 130
    conn.settimeout(None)
    code = _wait_for(conn, forwarded)
    if code is None:  # the command runs here: Ctrl-C is this process's again
        _put_back(previous)
    return code


def _go_ahead(conn: _socket.socket, child: int, forwarded: list[int]) -> dict | None:
    """Send the go-ahead with the standard streams (only now: a client that gave
    up has handed over nothing, and a pipe it wrote to would otherwise stay open
    in a stopped server): the signal handlers it replaced; None if it could not
    be sent.

    From the go-ahead on, Ctrl-C and the like go to ``child`` (and are noted in
    ``forwarded``).  They are held back while the handlers change: a Ctrl-C
    caught between the two would stop this process and leave the command
    running, holding the terminal or pipes.  One held back reaches the child,
    or, when nothing was handed over, this process as before."""
    signals = [getattr(_signal, name) for name in _SIGNALS if hasattr(_signal, name)]

    def forward(signum, _frame) -> None:
        forwarded.append(signum)
        try:
            os.kill(child, signum)
        except ProcessLookupError:
            pass

    held = _signal.pthread_sigmask(_signal.SIG_BLOCK, signals)
    try:
        previous = {signum: _signal.signal(signum, forward) for signum in signals}
        try:
            conn.sendmsg([GO], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS,
                                 struct.pack("3i", 0, 1, 2))])
        except OSError:
            _put_back(previous)
            return None
        return previous
    finally:
        _signal.pthread_sigmask(_signal.SIG_SETMASK, held)


def _put_back(handlers: dict) -> None:
    """The signal handlers ``_go_ahead`` replaced, back in place."""
    for signum, handler in handlers.items():
        _signal.signal(signum, handler)


def exit_now(code: int) -> NoReturn:
    """End this process with exit ``code``, its output flushed: after a
    served command the client holds nothing else, and the interpreter's own
    finalization (some 2 ms, a tenth of a served search) is not waited for."""
    flush_output()
    os._exit(code & 0xFF)


def flush_output() -> None:
    """Flush standard output and error, as an exiting interpreter would."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # (started with the descriptor closed)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a reader gone: nothing to tell
            pass


def finish_command() -> None:
    """What a process does once its command ran, short of the interpreter's
    teardown: the exit handlers the command left (logging's flush among
    them), then the output flushed (here, and in the command server's child)."""
    import atexit

    atexit._run_exitfuncs()
    flush_output()


def end_program(code: int) -> None:
    """End a program that ran its command in this process (``finish_command``):
    the interpreter's teardown after it, every module and object freed one by
    one, took 60-100 ms after an index of 2,000 articles.  Returns, for the
    usual exit, while other threads run: it joins them."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    finish_command()
    os._exit(code & 0xFF)


def _wait_for(conn: _socket.socket, forwarded: list[int]) -> int | None:
    """The exit code the server's child sends (``forwarded``: the signals passed
    on to it meanwhile)."""
    answer = read_exactly(conn, 5)
    if answer is None:
        if forwarded:  # the child ended by the signal: so does this process
            _signal.signal(forwarded[-1], _signal.SIG_DFL)
            os.kill(os.getpid(), forwarded[-1])
        print(f"{program_name()}: error: the command server's process ended before the "
              "command did.", file=sys.stderr)
        return 1
    kind, code = answer[:1], struct.unpack("!i", answer[1:])[0]
    return None if kind == RUN_HERE else code


def start_server() -> None:
    """A server started in the background for the next command, if none listens
    (it exits by itself after IDLE_SECONDS without a command)."""
    path = socket_path()
    if path is None:
        return
    running = connect(path)
    if running is not None:
        running.close()
        return
    import subprocess

    try:
        subprocess.Popen(server_command(path), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    except OSError:  # no server then: each command runs in its own process, as before
        pass


def server_command(path: str, idle_seconds: float = IDLE_SECONDS) -> list[str]:
    """How a server is started: this interpreter, with the folder that holds this
    reader package last on its path (a checkout's ``python main.py`` has it only
    as its script's folder)."""
    start = ("import sys; sys.path.append(sys.argv.pop(1)); "
             "from reader.cli.server import main; sys.exit(main())")
    return [sys.executable, "-c", start, os.path.dirname(PACKAGE_DIR), path, str(idle_seconds)]


def control(action: str) -> dict | None:
    """Ask the server for its ``status``, or to ``stop``; None if none listens."""
    conn = connect_to_server()
    if conn is None:
        return None
    try:
        conn.sendall(frame({"control": action}))
        return read_frame(conn)
    except (OSError, ValueError):  # a server on its way out
        return None
    finally:
        conn.close()


def cmd_server(action: str) -> int:
    """``reader-cli server status|stop``."""
    if not enabled():
        print(f"The command server is turned off ({SERVER_ENV}={os.environ.get(SERVER_ENV)}); "
              "every command starts its own process.")
        return 0
    info = control(action)
    if info is None:
        print("No command server is running; the next command starts one.")
        return 0
    from ..core.model import format_moment

    started = format_moment(info["started"])
    if action == "stop":
        print(f"Stopped the command server (process {info['pid']}, {info['served']} "
              f"commands served since {started}).")
        return 0
    ready = f"; process {info['spare']} is ready for the next" if info.get("spare") else ""
    print(f"The command server is running: process {info['pid']}, since {started}, "
          f"{info['served']} commands served, {info['running']} running now{ready}.")
    print(f"It stops after {info['idle_seconds'] / 60:g} minutes without a command; "
          f"socket {info['socket']}")
    return 0
