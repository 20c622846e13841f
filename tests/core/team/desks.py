"""A team library with one ingested article and two members, and desktops working with it:
what the sync, facade and window tests of the team library share (the ``team`` fixture)."""
from __future__ import annotations

from pathlib import Path

from reader.core.library import Library
from reader.core.team.connection import connect
from reader.core.team.corpus import ingest
from reader.core.team.members import add_member
from reader.core.team.migrations import migrate

ARTICLE = ("Talks in Geneva\n\n2016-03-12\n\nThe delegations met in Geneva and agreed a "
           "ceasefire. The talks go on next week, the envoy said.\n")


class Team:
    """A team database with one ingested article and two members; desktops for them."""

    def __init__(self, cluster, url: str, folder: Path, homes: Path) -> None:
        self.url, self.homes, self._desks = url, homes, []
        with connect(url) as conn:
            migrate(conn)
            ingest(conn, [folder])
            self.names = {who: cluster.new_login(who) for who in ("alice", "bob")}
            for name in self.names.values():
                add_member(conn, name)
            self.article_id = conn.execute("SELECT id FROM reader_team.articles").fetchone()[0]

    def url_of(self, who: str) -> str:
        return self.url.replace("postgres@", f"{self.names[who]}@")

    def desk(self, who: str, name: str) -> Library:
        """A desktop: its own Reader home, working with the team as ``who``."""
        library = Library(self.homes / name)
        library.use_team(self.url_of(who))
        self._desks.append(library)
        return library

    def server_notes(self) -> dict[str, tuple]:
        with connect(self.url) as conn:  # (the superuser: row-level security is not forced on it)
            rows = conn.execute("SELECT id, author, shared, body, deleted IS NOT NULL "
                                "FROM reader_team.notes").fetchall()
        return {row[0]: row[1:] for row in rows}

    def close(self) -> None:
        for library in self._desks:
            library.close()
