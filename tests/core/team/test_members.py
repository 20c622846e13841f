"""Members and row-level security: what each role can read and change, enforced by the server."""
from __future__ import annotations

import psycopg
import pytest

from reader.core.model import TeamError
from reader.core.team.connection import connect
from reader.core.team.members import Member, add_member, members, remove_member
from reader.core.team.migrations import migrate

NOTE = ("INSERT INTO reader_team.notes (id, article_id, shared, quote, start_offset, end_offset,"
        " body) VALUES (%s, 'a1', %s, 'the plan', 0, 8, %s)")


@pytest.fixture
def team(cluster, team_url):
    """A team database with alice and bob as members and carol as an admin;
    a function that connects as any of them."""
    with connect(team_url) as conn:
        migrate(conn)
        names = {who: cluster.new_login(who) for who in ("alice", "bob", "carol", "dave")}
        for who in ("alice", "bob"):
            add_member(conn, names[who])
        add_member(conn, names["carol"], admin=True)

    def as_(who: str) -> psycopg.Connection:
        return connect(team_url.replace("postgres@", f"{names[who]}@"))

    as_.names = names
    return as_


def test_a_private_note_is_its_authors_alone(team):
    with team("alice") as alice:
        alice.execute(NOTE, ("private", False, "my own reading"))
        alice.execute(NOTE, ("shared", True, "for the team"))
        alice.commit()
        assert sorted(r[0] for r in alice.execute("SELECT id FROM reader_team.notes")) == [
            "private", "shared"]
    for other in ("bob", "carol"):  # a member, and an admin: neither reads it
        with team(other) as conn:
            rows = conn.execute("SELECT id, author, body FROM reader_team.notes").fetchall()
            assert rows == [("shared", team.names["alice"], "for the team")]
            direct = conn.execute("SELECT body FROM reader_team.notes WHERE id = 'private'")
            assert direct.fetchall() == []


def test_nobody_changes_or_deletes_another_persons_note(team):
    with team("alice") as alice:
        alice.execute(NOTE, ("shared", True, "for the team"))
        alice.commit()
    with team("bob") as bob:
        changed = bob.execute("UPDATE reader_team.notes SET body = 'mine now' WHERE id = 'shared'")
        assert changed.rowcount == 0
        assert bob.execute("DELETE FROM reader_team.notes WHERE id = 'shared'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            bob.execute("INSERT INTO reader_team.notes (id, article_id, author, quote, "
                        "start_offset, end_offset) VALUES ('forged', 'a1', %s, 'x', 0, 1)",
                        (team.names["alice"],))
    with team("alice") as alice:
        assert alice.execute("SELECT body FROM reader_team.notes").fetchall() == [
            ("for the team",)]


def test_a_new_note_is_written_as_its_author(team):
    with team("bob") as bob:
        bob.execute(NOTE, ("bobs", False, ""))
        assert bob.execute("SELECT author FROM reader_team.notes").fetchone()[0] == (
            team.names["bob"])


def test_admins_add_members_and_members_do_not(cluster, team):
    newcomer = cluster.new_login("erin")
    with team("bob") as bob:
        with pytest.raises(TeamError, match="Only a team admin may add members"):
            add_member(bob, newcomer)
    with team("carol") as carol:
        assert add_member(carol, newcomer) == Member(newcomer, False)
        assert Member(newcomer, False) in members(carol)


def test_a_login_that_is_no_member_reads_nothing(team):
    with team("dave") as dave:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            dave.execute("SELECT * FROM reader_team.notes")


def test_a_role_the_server_does_not_have_is_named(team_url):
    with connect(team_url) as conn:
        migrate(conn)
        with pytest.raises(TeamError, match="has no role 'ghost': create its login first"):
            add_member(conn, "ghost")


def test_members_before_init_gets_a_sentence(team_url):
    with connect(team_url) as conn:
        with pytest.raises(TeamError, match="run 'team init' first"):
            members(conn)


def test_a_removed_member_reads_nothing_more_and_its_shared_notes_stay(team):
    with team("alice") as alice:
        alice.execute(NOTE, ("shared", True, "for the team"))
    with team("bob") as bob:
        with pytest.raises(TeamError, match="Only a team admin may remove members"):
            remove_member(bob, team.names["alice"])
    with team("carol") as carol:
        remove_member(carol, team.names["alice"])
        assert team.names["alice"] not in [m.role for m in members(carol)]
        with pytest.raises(TeamError, match="is not a member"):
            remove_member(carol, team.names["alice"])
    with team("alice") as alice:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("SELECT * FROM reader_team.notes")
    with team("bob") as bob:
        assert bob.execute("SELECT body FROM reader_team.notes").fetchall() == [("for the team",)]
