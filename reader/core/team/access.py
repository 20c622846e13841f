"""The team library as the library facade offers it (``Library`` inherits it):
setting it up, putting articles in, searching them, and keeping this
desktop's copy of the team's notes in step with the server.

Each call opens its own short session: a desktop must not hold a server
connection between uses (the server may go away; a laptop goes offline).
psycopg is imported on first use, so that a Reader without a team never
loads it.
"""
from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from ..model import (NO_TEAM, OFFLINE, SYNCED, WAITING, ArticleInfo, Changes, TeamEntry,
                     TeamError, TeamStatus, TeamUnreachable)
from ..notes.team import LAST_ERROR, LAST_SYNCED
from .offline import KeptArticles

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    import psycopg

    from ..model import Article, Note, ReanchorSummary, Results, SyncReport, UndoStatus
    from ..notes import NoteStore
    from ..index import SearchIndex
    from .corpus import IngestSummary
    from .members import Member
    from .migrations import Migrated


@contextmanager
def _session(url: str, password: str | None,
             timeout: int | None = None) -> Iterator["psycopg.Connection"]:
    from .connection import CONNECT_SECONDS, connect

    conn = connect(url, password, timeout=timeout or CONNECT_SECONDS)
    try:
        yield conn
    finally:
        conn.close()

#: After the team server failed to answer (a search or a sync), searches leave it
#: alone this long (seconds), so that typing is not held up by a server that is not
#: there; the window's next sync (every minute) tries it again.
TEAM_RETRY_SECONDS = 60.0


class TeamAccess:
    """The team library's calls (TeamError says what failed, as a sentence)."""

    _team: "tuple[str, str | None] | None" = None
    _team_down_until = 0.0
    _team_down_reason = ""
    if TYPE_CHECKING:  # (the Library's, which inherits this)
        _notes: NoteStore
        index: SearchIndex

        def _reanchor(self, notes: Iterable[Note], *, orphan: bool) -> ReanchorSummary: ...

        def undo_status(self) -> UndoStatus: ...

    # -- the team this desktop works with

    def use_team(self, url: str | None, password: str | None = None) -> None:
        """Work with the team library at ``url`` as well as the local one (None: none).
        Nothing is connected yet: every call opens its own short session."""
        self._team = (url, password) if url else None
        self._team_down_until = 0.0

    @property
    def team_url(self) -> str | None:
        return self._team[0] if self._team else None

    @property
    def team_password(self) -> str | None:
        """The password typed for the team server this session (never stored)."""
        return self._team[1] if self._team else None

    def _team_session(self, timeout: int | None = None):
        if self._team is None:
            raise TeamError("No team library is set: give --team URL (or READER_TEAM).")
        return _session(*self._team, timeout)

    @property
    def _kept(self) -> KeptArticles:
        return KeptArticles(self.paths.home / "team")  # type: ignore[attr-defined]

    def is_team_article(self, article_id: str) -> bool:
        """Whether ``article_id`` is a team article (kept here), not a local one."""
        return self.index.record(article_id) is None and self._kept.has(article_id)

    def _team_article(self, key: str) -> "Article | None":
        """A team article by id (or path): the copy kept here, else the server's,
        which is then kept for reading offline."""
        kept = self._kept.get(key)
        if kept is not None or self._team is None:
            return kept
        from .corpus import fetch_article

        with self._team_session() as conn:
            article = fetch_article(conn, key)
        if article is not None:
            self._kept.keep(article)
        return article

    def team_articles(self) -> list[ArticleInfo]:
        """The team library's articles, as rows of the library table (``team`` set),
        with the notes this desktop has on each."""
        from .corpus import article_list

        with self._team_session() as conn:
            rows = article_list(conn)
        counts = self._notes.counts_by_article()
        return [ArticleInfo(row["id"], row["path"], row["title"], row["date"], row["source"],
                            row["author"], counts.get(row["id"], 0), row["language"], team=True)
                for row in rows]

    def _add_team_hits(self, results: "Results", *, limit: int, page: int,
                       narrowed: bool = False) -> None:
        """The team library's answer to ``results.query``, merged into ``results``: one
        list, each origin's hits ranked by their share of that origin's best score
        (the two engines' scores are not comparable), or by date when so sorted.
        A server that cannot answer is said in ``team_error``; for a while after,
        searches do not wait on it again (a connection timing out takes seconds)."""
        if self._team is None:
            return
        if narrowed:  # (the team's articles have no facets here to narrow them by)
            results.team_error = "a source, year or language chosen narrows local articles only."
            return
        if time.monotonic() < self._team_down_until:
            results.team_error = self._team_down_reason
            return
        from .connection import SEARCH_CONNECT_SECONDS
        from .search import search_team

        try:
            with self._team_session(SEARCH_CONNECT_SECONDS) as conn:
                found = search_team(conn, results.query, limit=limit, page=page)
        except TeamError as exc:
            if isinstance(exc, TeamUnreachable):
                self._team_down(str(exc))
            results.team_error = str(exc)
            return
        self._team_down_until = 0.0
        articles = [h for h in results.hits if h.kind != "note"]
        notes = [h for h in results.hits if h.kind == "note"]
        merged = articles + found.hits
        if results.sort == "date":
            merged.sort(key=lambda hit: hit.date, reverse=True)
        else:
            best = {origin: max((h.score for h in merged if h.team == origin), default=0.0)
                    for origin in (False, True)}
            merged.sort(key=lambda hit: -(hit.score / best[hit.team] if best[hit.team] else 0))
        results.hits = merged + notes
        results.total += found.total
        results.team_total = found.total

    def _team_down(self, reason: str) -> None:
        """The server did not answer: searches leave it alone for a while."""
        self._team_down_until = time.monotonic() + TEAM_RETRY_SECONDS
        self._team_down_reason = reason

    # -- the team's notes

    def team_entries(self, note_ids: "Iterable[str] | None" = None) -> dict[str, TeamEntry]:
        """note id -> its place in the team library (author, shared, waiting), for
        the notes of team articles among ``note_ids`` (or all)."""
        return self._notes.team.entries(note_ids)

    def share_notes(self, note_ids: "Iterable[str]", shared: bool) -> Changes:
        """Share this desktop's team notes with the team, or make them private again;
        sent at the next sync.  Not an undo step: sharing is undone by unsharing."""
        changed = self._notes.team.set_shared(note_ids, shared)
        notes = {note_id: self._notes.get(note_id) for note_id in changed}
        return Changes(changed=frozenset(changed),
                       articles=frozenset(n.article_id for n in notes.values()),
                       undo=self.undo_status())

    def team_status(self) -> TeamStatus:
        """Synced, offline, or N changes waiting: what the status bar says."""
        copy = self._notes.team
        waiting, error = copy.waiting(), copy.state(LAST_ERROR)
        if self._team is None and not copy.entries():
            return TeamStatus(NO_TEAM)
        state = OFFLINE if error or self._team is None else WAITING if waiting else SYNCED
        return TeamStatus(state, waiting, copy.state(LAST_SYNCED), error)

    def sync_team(self) -> "SyncReport":
        """Send the notes changed here to the team library and bring in the team's;
        then re-anchor notes on team articles whose text the team changed.
        TeamError (the server cannot be reached, or went away) leaves the copy
        here as it was, its changes still waiting."""
        import psycopg

        from .sync import sync

        try:
            with self._team_session() as conn:
                report = sync(conn, self._notes.team)
                refreshed = self._refresh_kept(conn)
        except TeamError as exc:
            self._notes.team.set_state(last_error=str(exc))
            if isinstance(exc, TeamUnreachable):
                self._team_down(str(exc))
            raise
        except psycopg.Error as exc:
            from .connection import first_line

            message = f"The team server went away during the sync: {first_line(exc)}"
            self._notes.team.set_state(last_error=message)
            self._team_down(message)
            raise TeamError(message) from None
        self._team_down_until = 0.0
        changes = report.changes
        if refreshed:
            moved = self._reanchor([n for article_id in refreshed
                                    for n in self._notes.list(article_id)], orphan=False)
            changes = dataclasses.replace(
                changes, changed=changes.changed | (moved.note_ids - changes.added),
                articles=changes.articles | moved.article_ids)
        return dataclasses.replace(report, changes=dataclasses.replace(
            changes, undo=self.undo_status()))

    def _refresh_kept(self, conn: "psycopg.Connection") -> set[str]:
        """Keep here every team article the team's notes are on (so they read, and
        re-anchor, offline), fetching those whose text the team changed again;
        the ids of the articles whose text changed."""
        from .corpus import fetch_article, fingerprints

        wanted = {article_id for article_id in self._notes.team.article_ids()
                  if self.index.record(article_id) is None}
        changed = set()
        for article_id, fingerprint in fingerprints(conn, wanted).items():
            article = self._kept.get(article_id)
            if article is None or article.fingerprint != fingerprint:
                fresh = fetch_article(conn, article_id)
                if fresh is not None:
                    self._kept.keep(fresh)
                    if article is not None:
                        changed.add(article_id)
        return changed

    @staticmethod
    def init_team(url: str, password: str | None = None) -> "Migrated":
        """Create the team schema in the database at ``url``, or upgrade it."""
        from .migrations import migrate

        with _session(url, password) as conn:
            return migrate(conn)

    @staticmethod
    def add_team_member(url: str, role: str, admin: bool = False,
                        password: str | None = None) -> "Member":
        """Make the PostgreSQL role ``role`` a member of the team (or an admin)."""
        from .members import add_member

        with _session(url, password) as conn:
            return add_member(conn, role, admin)

    @staticmethod
    def remove_team_member(url: str, role: str, password: str | None = None) -> None:
        """Take the role ``role`` out of the team (its notes stay, with their author)."""
        from .members import remove_member

        with _session(url, password) as conn:
            remove_member(conn, role)

    @staticmethod
    def team_members(url: str, password: str | None = None) -> list["Member"]:
        from .members import members

        with _session(url, password) as conn:
            return members(conn)

    @staticmethod
    def ingest_team_folders(url: str, folders: "Iterable[Path]",
                            progress: "Callable[[int, int], None] | None" = None,
                            password: str | None = None) -> "IngestSummary":
        """Parse the articles under ``folders`` and store them in the team library."""
        from .corpus import ingest

        with _session(url, password) as conn:
            return ingest(conn, folders, progress)

    @staticmethod
    def team_highlights(article: "Article", text: str) -> list[tuple[int, int]]:
        """Where a query's words are in a team article, as offsets into its text."""
        from .search import team_highlights

        return team_highlights(article, text)
