"""One window per data directory: a second launch hands what it was given to the first.

As calibre's viewer does: ``reader FILE``, ``reader FOLDER`` or ``reader
reader://...`` (a link clicked in Obsidian, a browser, a PDF) while a window
is open on the same data directory sends its targets to that window over a
local socket (``QLocalServer``, named after the user and the data directory)
and exits 0; the window raises itself and opens them.

Who serves is decided under a ``QLockFile`` in the data directory, so two
launches at once cannot both serve, and a socket left behind by a crashed
window (nobody answers it) is removed and replaced.  The lock is held only
while deciding: the command line is never shut out by it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("reader.ui")

#: How long a launch waits for the running window to connect and to answer.
CONNECT_MS = 500
ANSWER_MS = 3000
#: How long a launch waits for another launch that is deciding who serves.
DECIDE_MS = 5000
_ACK = b"ok\n"


def server_name(home: Path) -> str:
    """The socket's name: the user's and the data directory's, short enough for any OS."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    digest = hashlib.sha256(str(home.resolve()).encode()).hexdigest()[:16]
    return f"reader-{user}-{digest}"


def absolute_targets(targets: list[str], cwd: str) -> list[str]:
    """Paths made absolute against the launch's folder; links left as they are."""
    return [t if "://" in t else os.path.join(cwd, os.path.expanduser(t)) for t in targets]


def hand_over(name: str, targets: list[str]) -> bool:
    """Send ``targets`` to the window serving ``name``; False if no window serves it.

    A window that accepted the connection is alive: if it is too busy to
    answer within ``ANSWER_MS``, it reads the targets when it is free.
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = json.dumps({"targets": absolute_targets(targets, os.getcwd())}) + "\n"
    socket.write(message.encode("utf-8"))
    socket.waitForBytesWritten(ANSWER_MS)
    answered = b""
    while not answered.endswith(b"\n") and socket.waitForReadyRead(ANSWER_MS):
        answered += bytes(socket.readAll().data())
    if answered != _ACK:
        log.warning("the Reader window took the targets but did not answer in time")
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """The running window's end: ``received`` carries each launch's targets."""

    received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    @property
    def address(self) -> str:
        """Where it listens (on Unix, the socket file's path)."""
        return self._server.fullServerName()

    def listen(self) -> bool:
        """Serve; a socket file that nobody answers (a crashed window's) is replaced."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            log.info("replaced a stale window socket %s", self.name)
            return True
        log.warning("cannot serve %s: %s", self.name, self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            targets = [str(t) for t in json.loads(data.decode("utf-8"))["targets"]]
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed hand-over: %r", data[:200])
            socket.disconnectFromServer()
            return
        socket.write(_ACK)
        socket.flush()
        self.received.emit(targets)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()


def serve_or_hand_over(home: Path, targets: list[str],
                       make_app: Callable[[], object]) -> InstanceServer | None:
    """Become the one window of ``home`` (its server, listening), or hand ``targets``
    to the window that is (None: the caller exits).

    ``make_app`` creates the QApplication: only a launch that serves needs one,
    so a hand-over takes a few hundredths of a second.
    """
    home.mkdir(parents=True, exist_ok=True)
    deciding = QLockFile(str(home / "window.lock"))
    deciding.setStaleLockTime(DECIDE_MS * 2)
    locked = deciding.tryLock(DECIDE_MS)
    try:
        name = server_name(home)
        if hand_over(name, targets):
            return None
        make_app()
        server = InstanceServer(name)
        server.listen()  # if it cannot, this window still works, alone
        return server
    finally:
        if locked:
            deciding.unlock()
