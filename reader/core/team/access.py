"""The team library as the library facade offers it (``Library`` inherits it):
setting it up, putting articles in, searching them.

Each call opens its own short session: a desktop must not hold a server
connection between uses (the server may go away; a laptop goes offline).
psycopg is imported on first use, so that a Reader without a team never
loads it.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    import psycopg

    from ..model import Article, Results
    from .corpus import IngestSummary
    from .members import Member
    from .migrations import Migrated


@contextmanager
def _session(url: str, password: str | None) -> Iterator["psycopg.Connection"]:
    from .connection import connect

    conn = connect(url, password)
    try:
        yield conn
    finally:
        conn.close()


class TeamAccess:
    """The team library's calls (TeamError says what failed, as a sentence)."""

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
    def search_team(url: str, text: str, *, limit: int = 20, page: int = 1,
                    password: str | None = None) -> "Results":
        """Search the team library's articles with the local query language."""
        from .search import search_team

        with _session(url, password) as conn:
            return search_team(conn, text, limit=limit, page=page)

    @staticmethod
    def team_article(url: str, key: str, password: str | None = None) -> "Article | None":
        """A team article by id or path, as it was ingested (the text every
        desktop shares); None if the team library has none."""
        from .corpus import fetch_article

        with _session(url, password) as conn:
            return fetch_article(conn, key)

    @staticmethod
    def team_highlights(article: "Article", text: str) -> list[tuple[int, int]]:
        """Where a query's words are in a team article, as offsets into its text."""
        from .search import team_highlights

        return team_highlights(article, text)
