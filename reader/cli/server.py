"""The command server: a warm process that runs ``reader-cli`` commands in forked children.

``python -m reader.cli.server SOCKET [IDLE_SECONDS]``, or
``served.server_command`` (how served.start_server starts it after a command
ran the slow way), imports the command line and what its commands load on
first use, then listens on SOCKET, a Unix socket in a folder only this user
may enter.  Each command runs in a child of its own, forked ahead of it:
the spare, which rehearses a search on a library of its own while it waits
(rehearsal.py), so that the command finds the code's pages and caches warm.
The server hands it the connection (a new spare is forked straight after,
for the next command); the child says it is there, and once the client
says go (handing over its standard streams as descriptors) takes them, the
client's working directory, environment, umask and program name, runs the
command exactly as a new process would, and sends back the exit code.
Nothing lives from one command to the next but imported code: each child
opens the library, the index and the notes itself, so an answer is never
stale, and a child that fails takes nothing else with it.

The server exits after served.IDLE_SECONDS without a command, when its
socket is no longer its own (removed, or taken by another server), when the
code it runs changed or went on disk (seen every few seconds; a command that
comes first runs the slow way, and starts a fresh server), and on
``reader-cli server stop``.
A lock file next to the socket keeps it to one server per socket.
"""
from __future__ import annotations

import fcntl
import gc
import io
import locale
import logging
import os
import select
import signal
import socket
import struct
import sys
import threading
import time
import traceback
from datetime import datetime, timezone

from .name import program_name
from .rehearsal import Rehearsal
from .served import (DONE, GO, IDLE_SECONDS, PACKAGE_DIR, RUN_HERE, finish_command, frame,
                     read_frame)

log = logging.getLogger("reader.cli.server")

#: Seconds a client has to send its command once connected.
_REQUEST_SECONDS = 5.0
#: How often the server wakes when idle, to reap children and check its socket.
_TICK_SECONDS = 2.0
#: The exit status of a child that handed its command back to the client.
_HANDED_BACK = 3
#: How long a stopping server waits for its spare to finish rehearsing and exit.
_SPARE_EXIT_SECONDS = 2.0


def code_files() -> list[str]:
    """The file of every Reader module loaded (this one too, if run as ``__main__``)."""
    files = []
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and os.path.abspath(path).startswith(PACKAGE_DIR + os.sep):
            files.append(path)
    return files


def code_stamp(files: list[str]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of each of ``files``: a change on disk (an upgrade, an edit
    in a checkout) means this process runs old code."""
    stamp = {}
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            info = None
        stamp[path] = (info.st_mtime_ns, info.st_size) if info else (0, -1)
    return stamp


class Server:
    """One listening socket, its lock, and the children running commands."""

    def __init__(self, path: str, idle_seconds: float = IDLE_SECONDS) -> None:
        self.path = path
        self.idle_seconds = idle_seconds
        self.started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.served = 0
        self.children: set[int] = set()
        self._lock = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: another one
        except OSError:
            os.close(self._lock)
            raise
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._inode = -1
        self._files: list[str] = []
        self._stamp: dict[str, tuple[int, int]] = {}
        self.rehearsal = Rehearsal(path + ".rehearsal")
        #: The spare child (its pid, and the server's end of the pair of sockets
        #: it waits on), apart from ``children``: it runs nothing yet.
        self._spare: tuple[int, socket.socket] | None = None
        #: Spares that died before their command was handed over (never counted).
        self._lost: set[int] = set()

    def listen(self) -> None:
        """Take the socket (once the code is loaded: its stamp is taken here)."""
        if os.path.exists(self.path):  # a server that died left it
            os.unlink(self.path)
        self.listener.bind(self.path)
        self.listener.listen(16)
        self.listener.settimeout(_TICK_SECONDS)
        self._inode = os.stat(self.path).st_ino
        # The server imports nothing after this: its files are listed once.  (Going
        # through every module at each command cost 6 ms: after each fork every
        # page the walk touches is copied again.)
        self._files = code_files()
        self._stamp = code_stamp(self._files)
        try:
            self.rehearsal.prepare()
        except OSError:  # no rehearsal then: the spare only waits
            log.warning("no rehearsal library for the command server", exc_info=True)
        self._fork_spare()

    def serve(self) -> None:
        """Answer commands until idle, replaced, outdated or stopped."""
        last = time.monotonic()
        while True:
            self._reap()
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                if self.children:
                    last = time.monotonic()
                elif (time.monotonic() - last > self.idle_seconds or not self._still_ours()
                      or code_stamp(self._files) != self._stamp):  # (upgraded, or uninstalled)
                    return
                continue
            last = time.monotonic()
            with conn:
                if not self._answer(conn):
                    return
            self._fork_spare()  # (once the connection is closed here: it must not inherit it)

    def close(self) -> None:
        if self._spare is not None:  # it reads the end of its socket, and exits
            spare, ours = self._spare
            self._spare = None
            ours.close()
            # Waited for (a rehearsal takes some 20-40 ms), so that it cannot make
            # its library again in the folder removed here.
            deadline = time.monotonic() + _SPARE_EXIT_SECONDS
            while not _ended(spare):
                if time.monotonic() > deadline:
                    os.kill(spare, signal.SIGKILL)
                    deadline = float("inf")
                time.sleep(0.005)
        self.rehearsal.remove()
        self.listener.close()
        if self._still_ours():
            os.unlink(self.path)
        os.close(self._lock)  # the lock goes with it

    def _still_ours(self) -> bool:
        try:
            return os.stat(self.path).st_ino == self._inode
        except OSError:
            return False

    def _reap(self) -> None:
        """Forget the children that ended; count those that ran their command."""
        if self._spare is not None and _ended(self._spare[0]):
            self._spare[1].close()  # (it failed before any command came)
            self._spare = None
        self._lost = {spare for spare in self._lost if not _ended(spare)}
        for child in list(self.children):
            try:
                done, status = os.waitpid(child, os.WNOHANG)
            except ChildProcessError:
                done, status = child, 0
            if done:
                self.children.discard(child)
                self.served += os.waitstatus_to_exitcode(status) != _HANDED_BACK

    def _answer(self, conn: socket.socket) -> bool:
        """Serve one connection; False when the server should stop."""
        if hasattr(socket, "SO_PEERCRED"):  # Linux: the peer's uid (elsewhere the 0700 folder)
            uid = struct.unpack("3i", conn.getsockopt(
                socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[1]
            if uid != os.getuid():
                return True
        if code_stamp(self._files) != self._stamp:  # closed unanswered: the client does without
            return False
        conn.settimeout(_REQUEST_SECONDS)
        try:
            request = read_frame(conn)
        except (OSError, ValueError, EOFError):
            log.warning("a command server client sent nothing usable", exc_info=True)
            return True
        if not isinstance(request, dict):  # None: a look whether one listens (start_server)
            return True
        if "control" in request:
            try:
                conn.sendall(frame(self._status()))
            except OSError:  # the asker has gone
                pass
            return request["control"] != "stop"
        if threading.active_count() > 1:
            # Closed unanswered: the client runs the command itself.  (A fork
            # while another thread runs could copy a lock held by it.)
            return True
        child = self._hand_to_spare(conn, request)
        if child is None:  # no spare (or it died): a child forked now, cold
            try:
                child = os.fork()
            except OSError:  # no process to spare: closed unanswered, the client runs it
                log.warning("the command server could not fork", exc_info=True)
                return True
            if child == 0:
                self._leave_to_child()
                _run_child(conn, request)  # never returns
        self.children.add(child)
        return True

    def _leave_to_child(self) -> None:
        """In a child just forked: close the server's socket and its copy of the
        lock (a child that outlives the server must not keep another from starting)."""
        self.listener.close()
        os.close(self._lock)

    def _hand_to_spare(self, conn: socket.socket, request: dict) -> int | None:
        """The spare's pid, once it has the connection and the request; None
        if there is no spare, or it has gone."""
        if self._spare is None:
            return None
        spare, ours = self._spare
        self._spare = None
        try:
            with ours:
                socket.send_fds(ours, [GO], [conn.fileno()])
                ours.sendall(frame(request))
        except OSError:  # it died waiting
            self._lost.add(spare)
            return None
        return spare

    def _fork_spare(self) -> None:
        """A child that rehearses, then waits for the next command (``_spare_life``)."""
        if self._spare is not None or threading.active_count() > 1:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            child = os.fork()
        except OSError:  # none then: the next command's child is forked when it comes
            log.warning("the command server could not fork", exc_info=True)
            ours.close()
            theirs.close()
            return
        if child == 0:
            self._leave_to_child()
            ours.close()
            _spare_life(theirs, self.rehearsal)  # never returns
        theirs.close()
        self._spare = (child, ours)

    def _status(self) -> dict:
        self._reap()  # (the spare runs nothing: not among the children)
        return {"pid": os.getpid(), "started": self.started, "served": self.served,
                "running": len(self.children), "idle_seconds": self.idle_seconds,
                "socket": self.path, "spare": self._spare[0] if self._spare else None}


def _ended(child: int) -> bool:
    """Whether ``child`` has ended (and is reaped now)."""
    try:
        return os.waitpid(child, os.WNOHANG)[0] != 0
    except ChildProcessError:
        return True


def _spare_life(server: socket.socket, rehearsal: Rehearsal) -> None:
    """The spare child: rehearse, then wait for the server to hand over a
    command's connection and request, and run it; exit if the server closes
    its end (it stopped) first.  Never returns."""
    try:
        rehearsal.run(lambda: bool(select.select([server], [], [], 0)[0]))
        _go, fds, _flags, _address = socket.recv_fds(server, 1, 1)
        request = read_frame(server) if fds else None
    except BaseException:  # noqa: BLE001 (the server gone mid-way)
        request = None
    if not isinstance(request, dict):
        os._exit(_HANDED_BACK)
    server.close()
    _run_child(socket.socket(fileno=fds[0]), request)


def _run_child(conn: socket.socket, request: dict) -> None:
    """Become the client's process: its streams, folder, environment and umask;
    run the command; send the exit code; exit.  Never returns."""
    # Ctrl-C, which the client forwards from its go-ahead on, stops the command
    # as it would a new process (even where the server was started ignoring it).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        conn.sendall(struct.pack("!i", os.getpid()))
        conn.settimeout(None)
        go, fds, _flags, _address = socket.recv_fds(conn, 1, 3)
        if go != GO or len(fds) != 3:  # the client gave up waiting, and runs it itself
            os._exit(_HANDED_BACK)
        try:
            _become_the_client(request, fds)
        except OSError:  # its folder gone meanwhile...: let it say so itself
            conn.sendall(RUN_HERE + struct.pack("!i", 0))
            os._exit(_HANDED_BACK)
        except KeyboardInterrupt:  # before the command began: it ends as it would have
            print(f"{program_name()}: interrupted", file=sys.stderr)
            conn.sendall(DONE + struct.pack("!i", 130))
            os._exit(0)
        code = _run_command(request["argv"])
        if code is None:
            conn.sendall(RUN_HERE + struct.pack("!i", 0))
            os._exit(_HANDED_BACK)
        conn.sendall(DONE + struct.pack("!i", code))
    except BaseException:  # noqa: BLE001, S110 (the client gone: no one to tell)
        pass
    os._exit(0)


def _become_the_client(request: dict, fds: list[int]) -> None:
    """The client's program name and streams first (what a Ctrl-C meanwhile
    reports with), then the rest of its process: signals, environment, umask,
    locale, folder."""
    sys.argv = [request["program"], *request["argv"]]
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    _adopt_streams(request["streams"])
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    locale.setlocale(locale.LC_CTYPE, "")
    if "tempfile" in sys.modules:  # its folder, once asked for, is kept: ask again
        sys.modules["tempfile"].tempdir = None
    os.chdir(request["cwd"])


def _run_command(argv: list[str]) -> int | None:
    """The command's exit code, as a new process would end; None: it must run
    in the client's process (commands.RunAtTerminal)."""
    from .commands import RunAtTerminal, main

    try:
        code = main(argv, served=True)
    except RunAtTerminal:
        return None
    except SystemExit as exc:  # argparse: --help, or a usage error
        code = _exit_code(exc)
    except BaseException:  # noqa: BLE001 (as a new process would: the traceback, then 1)
        traceback.print_exc()
        code = 1
    finish_command()
    return code


def _adopt_streams(streams: list) -> None:
    """sys.stdin, stdout and stderr over descriptors 0-2, as the client's were
    (encoding, error handler; line-buffered on a terminal)."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        encoding, errors = streams[fd] or (None, None)
        buffered = open(fd, mode + "b", closefd=False)  # noqa: SIM115 (the process's own, for its life)
        stream = io.TextIOWrapper(buffered, encoding=encoding, errors=errors,
                                  line_buffering=mode == "w" and os.isatty(fd),
                                  write_through=name == "stderr")
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # A long-lived process: it must not hold the folder it was started from (a
    # disk to unmount), nor import from it (``-c`` and ``-m`` put it first on
    # the path; a child runs in the client's folder, which may hold anything).
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    os.chdir("/")
    path = args[0]
    idle = float(args[1]) if len(args) > 1 else IDLE_SECONDS
    # Ended by a signal (a logout, kill): as by a stop, its socket goes with it.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    signal.signal(signal.SIGHUP, lambda _signum, _frame: sys.exit(0))
    try:
        server = Server(path, idle)
    except OSError:  # another server holds the lock, or no place for one
        return 0
    # Imported before the first fork, once: what every child would otherwise import.
    from ..core.library import Library
    from . import commands

    Library.preload()
    commands.build_parser().parse_args(["search", "warm up"])  # (argparse's regexes compiled)
    # What is loaded now stays as it is: out of the collector's sight, so that
    # a child's collections neither scan it nor copy the pages it lies on.
    gc.freeze()
    try:
        server.listen()
        server.serve()
    except OSError:  # no socket to be had there
        pass
    finally:  # (a signal's exit included)
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
