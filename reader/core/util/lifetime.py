"""Helper processes that end with the process that started them.

A worker of the index (a pool process, the process that reads one document
at a time, the app's indexer process) waits on pipes that other workers
also hold open: when its parent is killed (``kill -9``, a crash), nothing
ever closes them, and the workers (and multiprocessing's resource tracker,
kept alive by them) would live on for ever, holding the caller's terminal
and pipes.  ``end_with_parent`` makes such a process end with its parent:

* on Linux, the kernel kills it when the thread that started it ends
  (``PR_SET_PDEATHSIG``): even a worker stuck in a write to a pipe no one
  reads goes.  The index starts its workers from the thread that runs the
  update and stops them before that thread moves on;
* elsewhere, or where the kernel refuses, a thread watches for the parent
  to be gone (the process is re-parented) and exits the process.  Not on
  Linux: a process with a second thread may not fork (``util.forking``),
  and the app's indexer process forks its workers and its commit's helper.
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading

log = logging.getLogger("reader.index")

#: How often a helper process looks whether its parent is still there.
PARENT_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def end_with_parent(poll: float = PARENT_POLL_SECONDS) -> None:
    """In a helper process: end as soon as the parent process is gone."""
    parent_process = multiprocessing.parent_process()
    parent = parent_process.pid if parent_process is not None else os.getppid()
    if killed_with_parent(parent):
        return

    def watch() -> None:
        while True:
            threading.Event().wait(poll)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def killed_with_parent(parent: int) -> bool:
    """On Linux, have the kernel kill this process when the thread that
    started it ends, and say whether it will; end now if ``parent`` is gone
    already."""
    kernel = False
    if sys.platform.startswith("linux"):
        try:
            # The process's own symbols, the C library's among them (where
            # find_library("c") would run ``ldconfig -p`` in each worker).
            libc = ctypes.CDLL(None, use_errno=True)
            kernel = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError) as exc:  # no libc to ask: the watch alone
            log.debug("PR_SET_PDEATHSIG unavailable: %s", exc)
    if os.getppid() != parent:  # gone already, before anything above could see it
        os._exit(1)
    return kernel
