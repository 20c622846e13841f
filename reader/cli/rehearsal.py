"""The command server's rehearsal: a small private library its spare child searches while it waits.

A child forked from the server shares its pages until it writes to them;
its first command copies every page it touches (a reference count changed
is a write) and fills the caches the server left empty.  That made a served
``search`` on five articles take 17-21 ms in the child where the same
command takes 8 ms the second time.  So the server forks its next child
ahead of the command (server.py), and that spare, while it waits, runs
``search`` on a library of its own: one short article, in a
folder beside the server's socket (a folder only this user may enter),
made when the server starts and removed when it stops.  The user's
libraries are never opened for it, and the command itself opens its
library afresh, so nothing it answers comes from the rehearsal.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
from collections.abc import Callable

from ..core.model import TEAM_ENV
from ..core.paths import HOME_ENV

log = logging.getLogger("reader.cli.server")

#: The rehearsal's article: a few sentences, so that the search has hits to
#: score and a snippet to cut.
_ARTICLE = """\
Rehearsal of the command server

The command server rehearses a search before a command comes. The search
finds this sentence, scores it, and cuts a snippet around the word rehearse,
as it would for an article in any library.

A second paragraph gives the snippet another passage to choose from.
"""
#: The word the rehearsal searches for.
_WORD = "rehearse"


class Rehearsal:
    """The folder of the rehearsal's library: ``articles`` and ``home`` in it."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.articles = os.path.join(folder, "articles")
        self.home = os.path.join(folder, "home")

    def prepare(self) -> None:
        """A fresh folder with the one article (a server that died may have left one)."""
        self.remove()
        os.makedirs(self.articles, mode=0o700)
        with open(os.path.join(self.articles, "rehearsal.txt"), "w", encoding="utf-8") as out:
            out.write(_ARTICLE)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def run(self, waiting: Callable[[], bool]) -> None:
        """``search`` on the rehearsal library (the first spare runs ``index``
        first), its output dropped; nothing, or no more, once ``waiting()``
        says a command has come.  A failure costs only the warm-up: it is
        logged, never raised.

        The search alone warms ``index`` as well (a served unchanged
        re-index of the bundled articles: 51 ms cold, 34-39 ms after it); an
        ``index`` step besides it gained nothing measurable, and the spare's
        rehearsal should end before the next client has started."""
        from .commands import main

        search = ["--home", self.home, "search", _WORD]
        index = ["--home", self.home, "index", self.articles]
        steps = (search,) if os.path.isdir(self.home) else (index, search)
        quiet = io.StringIO()
        # Not the team or home of the environment the server was started in
        # (a team would send the search to the terminal's process: no rehearsal).
        hidden = {name: os.environ.pop(name) for name in (TEAM_ENV, HOME_ENV)
                  if name in os.environ}
        try:
            with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                for step in steps:
                    if waiting():
                        break
                    main(step, served=True)
        except Exception:  # noqa: BLE001 (a rehearsal's failure is not the command's)
            log.debug("the command server's rehearsal failed", exc_info=True)
        finally:
            os.environ.update(hidden)
