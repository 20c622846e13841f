"""The team's notes on each desktop: shared or private, offline and back, conflicts, deletes, kill -9."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.model import OFFLINE, SYNCED, WAITING, NotesError, TeamError
from reader.core.team.connection import connect
from reader.core.team.corpus import ingest
from reader.core.team.migrations import migrate
from tests.core.team.desks import ARTICLE, Team

T1, T2 = "2026-12-01T10:00:00+00:00", "2026-12-01T11:00:00+00:00"


def _add(desk: Library, team: Team, quote: str, **options) -> str:
    return desk.add_note(team.article_id, quote=quote, **options).note.id


def test_a_private_note_stays_its_authors_and_a_shared_one_reaches_the_team(team):
    alice, bob = team.desk("alice", "alice"), team.desk("bob", "bob")
    private = _add(alice, team, "ceasefire", body="mine alone")
    shared = _add(alice, team, "Geneva", body="for everyone", shared=True)
    assert alice.team_status().waiting == 2
    report = alice.sync_team()
    assert report.sent == 2 and alice.team_status().state == SYNCED
    alice_role = team.names["alice"]
    assert team.server_notes() == {private: (alice_role, False, "mine alone", False),
                                   shared: (alice_role, True, "for everyone", False)}

    report = bob.sync_team()
    assert report.received == 1 and report.changes.added == {shared}
    copy = bob.note(shared)
    assert (copy.body, copy.exact) == ("for everyone", "Geneva")
    assert bob.team_entries([shared])[shared].author == alice_role
    with pytest.raises(NotesError, match="only its author can change"):
        bob.edit_note(shared, body="bob's words")
    with pytest.raises(NotesError, match="only its author"):
        bob.delete_notes([shared])

    alice.share_notes([private], True)  # shared later: bob gets it at his next sync
    alice.share_notes([shared], False)  # and the other one is taken back
    alice.sync_team()
    report = bob.sync_team()
    assert set(n.id for n in bob.list_notes()) == {private}
    assert report.changes.added == {private} and report.changes.removed == {shared}


def test_a_desktop_offline_keeps_reading_and_noting_and_sends_it_all_when_back(team, tmp_path):
    laptop = team.desk("alice", "laptop")
    first = _add(laptop, team, "Geneva", body="before the flight")
    laptop.sync_team()

    laptop.use_team(f"postgresql://{team.names['alice']}@/nowhere?host={tmp_path}/no-server")
    article = laptop.article(team.article_id)  # kept here: it reads without the server
    assert "ceasefire" in article.text
    second = _add(laptop, team, "ceasefire", body="written on the plane", tags=["trip"])
    laptop.edit_note(first, body="before the flight, and after")
    with pytest.raises(TeamError, match="Could not reach the team server"):
        laptop.sync_team()
    status = laptop.team_status()
    assert (status.state, status.waiting) == (OFFLINE, 2) and status.describe() == (
        "Team: offline, 2 changes waiting")
    assert "Could not reach" in status.message

    laptop.use_team(team.url_of("alice"))  # back on the ground
    assert laptop.team_status().state == OFFLINE  # (until a sync says otherwise)
    assert laptop.sync_team().sent == 2
    assert laptop.team_status().state == SYNCED
    server = team.server_notes()
    assert server[first][2] == "before the flight, and after"
    assert server[second][2] == "written on the plane"

    desktop = team.desk("alice", "desktop")  # the same person's other desktop gets both
    desktop.sync_team()
    assert {n.id: n.tags for n in desktop.list_notes()} == {first: [], second: ["trip"]}


def test_the_newer_edit_wins_and_the_other_is_kept_in_the_notes_versions(team):
    laptop, desktop = team.desk("alice", "laptop"), team.desk("alice", "desktop")
    note_id = _add(laptop, team, "Geneva", body="first")
    laptop.sync_team()
    desktop.sync_team()
    # Both edit while apart; the desktop's edit is the later one.
    laptop._notes.update(note_id, body="laptop's edit", modified=T1)
    desktop._notes.update(note_id, body="desktop's edit", modified=T2)
    assert laptop.team_status().state == WAITING

    laptop.sync_team()  # first to the server
    report = desktop.sync_team()  # the server's copy is older: the desktop's wins
    assert desktop.note(note_id).body == "desktop's edit"
    assert [v.note.body for v in desktop.note_versions(note_id)] == ["laptop's edit"]
    laptop.sync_team()
    assert laptop.note(note_id).body == "desktop's edit"
    assert team.server_notes()[note_id][2] == "desktop's edit"
    assert report.sent == 1

    # Now the other way round: the server holds the newer edit.
    desktop._notes.update(note_id, body="older, from the desktop", modified=T1)
    laptop._notes.update(note_id, body="newer, from the laptop", modified="2026-12-02T09:00:00+00:00")
    laptop.sync_team()
    report = desktop.sync_team()
    assert desktop.note(note_id).body == "newer, from the laptop"
    assert report.conflicts and report.conflicts[0].note_id == note_id
    assert desktop.note_versions(note_id)[0].note.body == "older, from the desktop"
    assert desktop.team_status().state == SYNCED


def test_deletes_go_through_the_trash_and_come_back_from_it(team):
    laptop, desktop = team.desk("alice", "laptop"), team.desk("alice", "desktop")
    note_id = _add(laptop, team, "Geneva", body="to be deleted")
    laptop.sync_team()
    desktop.sync_team()
    laptop.delete_notes([note_id])
    laptop.sync_team()
    assert team.server_notes()[note_id][3] is True  # a tombstone on the server
    report = desktop.sync_team()
    assert report.removed == 1 and report.changes.removed == {note_id}
    assert [t.note.body for t in desktop.trash()] == ["to be deleted"]

    desktop.restore_note(note_id)  # taken back on the other desktop
    desktop.sync_team()
    assert team.server_notes()[note_id][3] is False
    laptop.sync_team()
    assert laptop.note(note_id).body == "to be deleted"


def test_team_notes_are_not_orphaned_by_local_index_updates_and_follow_the_teams_text(team, tmp_path):
    desk = team.desk("alice", "desk")
    note_id = _add(desk, team, "agreed a ceasefire", body="key point")
    desk.update_index()
    assert desk.note(note_id).status == "intact"

    folder = tmp_path / "team articles"
    (folder / "geneva.txt").write_text(ARTICLE.replace("The delegations met", "After a long week, "
                                       "the delegations finally met"), encoding="utf-8")
    with connect(team.url) as conn:
        ingest(conn, [folder])  # the team's copy of the text changes
    report = desk.sync_team()
    moved = desk.note(note_id)
    article = desk.article(team.article_id)
    assert article.text[moved.start:moved.end] == "agreed a ceasefire"
    assert moved.status == "moved" and note_id in report.changes.changed


def test_another_team_library_is_refused(team, cluster, tmp_path):
    desk = team.desk("alice", "desk")
    _add(desk, team, "Geneva")
    desk.sync_team()
    other = cluster.url(cluster.new_database())
    with connect(other) as conn:
        migrate(conn)
    desk.use_team(other)
    with pytest.raises(TeamError, match="another team library"):
        desk.sync_team()


_SYNC_CHILD = textwrap.dedent("""
    import sys
    from reader.core.library import Library
    library = Library(sys.argv[1])
    library.use_team(sys.argv[2])
    print("syncing", flush=True)
    library.sync_team()
    print("done", flush=True)
""")


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2])
def test_killing_a_sync_at_any_moment_loses_and_doubles_nothing(team, tmp_path, delay):
    home = tmp_path / "homes" / "killed"
    desk = Library(home)
    desk.use_team(team.url_of("alice"))
    desk.article(team.article_id)
    notes = {_add(desk, team, "Geneva", body=f"note {n}") for n in range(300)}
    desk.close()

    root = str(Path(__file__).resolve().parents[3])
    with subprocess.Popen([sys.executable, "-c", _SYNC_CHILD, str(home), team.url_of("alice")],
                          stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": root}) as child:
        assert child.stdout.readline().strip() == "syncing"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()

    desk = team.desk("alice", "killed")
    desk.sync_team()  # the next sync finishes the work, whatever the kill left
    assert desk.team_status().state == SYNCED
    assert {n.id for n in desk.list_notes()} == notes
    server = team.server_notes()
    assert set(server) == notes and all(not row[3] for row in server.values())
    assert desk.sync_team().sent == 0


def test_a_sync_that_dies_after_the_server_committed_is_finished_by_the_next(team, monkeypatch):
    """The narrowest moment a kill can hit: the server has the notes, this copy
    has not yet recorded it.  The next sync agrees with the server's rows
    instead of sending them twice or taking them for someone else's edits."""
    from reader.core.notes.team import TeamCopy

    desk = team.desk("alice", "desk")
    notes = {_add(desk, team, "Geneva", body=f"note {n}") for n in range(5)}

    def dies(*_args, **_kwargs):
        raise KeyboardInterrupt  # as a kill: nothing after this point happens here

    with monkeypatch.context() as patch:
        patch.setattr(TeamCopy, "settle", dies)
        with pytest.raises(KeyboardInterrupt):
            desk.sync_team()
    assert set(team.server_notes()) == notes and desk.team_status().waiting == 5
    report = desk.sync_team()
    assert (report.sent, report.conflicts, desk.team_status().state) == (5, (), SYNCED)
    assert not any(desk.note_versions(n) for n in notes)
    assert {n.id for n in desk.list_notes()} == notes


def test_a_server_that_goes_away_mid_sync_loses_nothing_here(tmp_path, monkeypatch):
    """Its own server, stopped after the sync connected: a sentence, the change still
    waiting, and sent once the server is back."""
    from reader.core.team import sync as sync_module
    from tests.core.team.server import remove_cluster, start_cluster

    own = start_cluster()
    try:
        folder = tmp_path / "team articles"
        folder.mkdir()
        (folder / "geneva.txt").write_text(ARTICLE, encoding="utf-8")
        url = own.url(own.new_database())
        with connect(url) as conn:
            migrate(conn)
            ingest(conn, [folder])
            article_id = conn.execute("SELECT id FROM reader_team.articles").fetchone()[0]
        desk = Library(tmp_path / "desk")
        desk.use_team(url)
        note_id = desk.add_note(article_id, quote="Geneva", body="kept").note.id
        real_send = sync_module._send

        def send_after_the_server_went(*args):
            own.stop()
            return real_send(*args)

        monkeypatch.setattr(sync_module, "_send", send_after_the_server_went)
        with pytest.raises(TeamError, match="went away during the sync"):
            desk.sync_team()
        status = desk.team_status()
        assert (status.state, status.waiting) == (OFFLINE, 1) and desk.note(note_id).body == "kept"
        monkeypatch.setattr(sync_module, "_send", real_send)
        own.start()
        assert desk.sync_team().sent == 1 and desk.team_status().state == SYNCED
        desk.close()
    finally:
        if not (own.folder / "data" / "postmaster.pid").exists():
            own.start()  # (so that it can be stopped and removed as usual)
        remove_cluster(own)
