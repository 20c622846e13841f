"""Reading one file at a time in a process of its own, with a time limit.

PDFium, the zip and XML readers and the rest are native code or deep
parsers fed files from anywhere: a damaged PDF can crash the process that
reads it (a segmentation fault no ``except`` catches) or loop for ever.
Files of such formats (``Format.document`` in the registry) are therefore
never read in the process that writes the index, and neither is anything
after a worker process died: an ``IsolatedReader`` sends each task to its
own spawned process and waits at most ``READ_SECONDS`` for the answer.

* An answer: what ``read`` returned.
* The process died: the file is skipped, "its reader crashed (SIGSEGV)",
  and a new process takes the next file.
* No answer in time: the process is killed and the file is skipped, "took
  longer than 60 s to read".

Such a skip is remembered in the manifest (``failures``): unlike other
skips, which cost milliseconds to try again, the file is not read again
until its size or mtime changes.  ``read`` is the function the process runs on each task;
tests give one that crashes or hangs on purpose.
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection

from ..util.lifetime import end_with_parent

log = logging.getLogger("reader.index")

#: The longest a single file may take to be read and prepared.
READ_SECONDS = 60.0
_JOIN_SECONDS = 2.0

Task = tuple[str, "str | None"]
ReadFunction = Callable[[Task], tuple]


class IsolatedReader:
    """Tasks read one by one in a spawned process that is replaced when it crashes or hangs.

    Use as a context manager: leaving it ends the process.
    """

    def __init__(self, read: ReadFunction, limit: float | None = None) -> None:
        self._read = read
        self._limit = READ_SECONDS if limit is None else limit
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> "IsolatedReader":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def read(self, task: Task) -> tuple | str:
        """What ``read`` gave for the task, or the reason (a str) why it gave nothing."""
        if self._process is None:
            self._start()
        assert self._conn is not None and self._process is not None
        try:
            self._conn.send(task)
            if self._conn.poll(self._limit):
                return self._conn.recv()
        except (EOFError, OSError):
            pass  # the process died before or while answering
        process = self._process
        process.join(0.1)  # a process that died has its exit code at once
        exitcode = process.exitcode
        self._stop()
        if exitcode is None:
            log.warning("reading %s took longer than %.0f s; skipped", task[0], self._limit)
            return f"took longer than {self._limit:.0f} s to read (skipped)"
        log.warning("the reader of %s crashed (%s); skipped", task[0], _how(exitcode))
        return f"its reader crashed ({_how(exitcode)})"

    def close(self) -> None:
        """Ask the process to exit, and make sure it has."""
        if self._conn is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
            if self._process is not None:
                self._process.join(_JOIN_SECONDS)
        self._stop()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, self._read),
                                        name="reader-extractor", daemon=True)
        self._process.start()
        child_end.close()

    def _stop(self) -> None:
        """End the process now (killed if it still runs) and close the pipe."""
        process, self._process = self._process, None
        conn, self._conn = self._conn, None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(_JOIN_SECONDS)
        if conn is not None:
            conn.close()


def _how(exitcode: int | None) -> str:
    """An exit code as the user reads it: "signal SIGSEGV", "exit code 1"."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def _serve(conn: Connection, read: ReadFunction) -> None:
    """In the reading process: answer tasks until told to stop, the pipe closes or
    the parent is gone."""
    end_with_parent()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(read(task))
