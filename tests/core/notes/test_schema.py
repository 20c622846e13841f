"""The notes file's layout: what a valid note is, and the upgrade from older versions."""
from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from pathlib import Path

import pytest
from tests.core.notes.notes_helpers import Clock, make_note, raw, user_version

from reader.core.model import EarlierAnchor, NotesError, NotesLockedError
from reader.core.notes import SCHEMA_VERSION, NoteStore, schema

WHEN = "2026-11-20T12:00:00+00:00"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"color": "red"}, "Unknown colour 'red'"),
        ({"status": "lost"}, "Unknown status 'lost'"),
        ({"start": -1}, "0 <= start <= end"),
        ({"start": 9, "end": 3}, "0 <= start <= end"),
        ({"start": "3"}, "start must be a whole number"),
        ({"score": 1.5}, "score must be between 0 and 1"),
        ({"score": float("nan")}, "score must be between 0 and 1"),
        ({"tags": "policy"}, "tags must be a list"),
        ({"tags": ["ok", 3]}, "tags must be a list"),
        ({"body": None}, "body must be text"),
        ({"article_id": ""}, "id of its article"),
        ({"created": "yesterday"}, "created time must be ISO 8601"),
        ({"modified": "2026-11-20T12:00:00"}, "with a time zone"),
        ({"anchor_history": ("somewhere",)}, "earlier anchors must be EarlierAnchor values"),
        ({"anchor_history": (EarlierAnchor("yesterday", "re-attached", "a", "", "q", "", "", 0, 1),)},
         "An earlier anchor's time must be ISO 8601"),
        ({"anchor_history": (EarlierAnchor(WHEN, "re-attached", "a", "", "q", "", "", 5, 1),)},
         "An earlier anchor's passage must have 0 <= start <= end"),
        ({"anchor_history": (EarlierAnchor(WHEN, "re-attached", "a", "", "q", "", "", "0", 1),)},
         "An earlier anchor's start must be a whole number"),
    ],
)
def test_invalid_notes_are_refused_with_a_clear_message(
    store: NoteStore, fields: dict[str, object], words: str
) -> None:
    kept = store.add(make_note())
    revision = store.revision
    with pytest.raises(NotesError, match=re.escape(words)):
        store.add(make_note(**fields))
    if "created" not in fields:  # which update refuses anyway
        with pytest.raises(NotesError, match=re.escape(words)):
            store.update(kept.id, **fields)
    assert store.count() == 1 and store.get(kept.id) == kept
    assert store.revision == revision


# --- versions and migrations -------------------------------------------------

def write_v1_file(path: Path) -> None:
    with raw(path) as db:
        for statement in schema.V1_SCHEMA:
            db.execute(statement)
        db.executemany(
            "INSERT INTO notes (id, article_id, article_path, article_title, fingerprint, exact, prefix,"
            ' suffix, start, "end", color, tags, body, created, modified, status)'
            " VALUES (?, 'a', '/a.md', 'A', 'f', ?, '', '', ?, ?, ?, ?, ?, '2024-05-01T10:00:00+00:00',"
            " '2024-05-02T10:00:00+00:00', ?)",
            [
                ("n1", "quote one 🎉", 0, 9, "green", "Policy, trade,,policy ", "body 1", "intact"),
                ("n2", "quote two", 20, 29, "yellow", "", "", "moved"),
                ("n3", "quote three", 40, 51, "blue", "solo", "body 3", "orphaned"),
            ],
        )
        db.execute("PRAGMA user_version = 1")
        db.commit()


def test_a_v1_file_is_migrated_after_a_backup(path: Path, clock: Clock) -> None:
    write_v1_file(path)
    with NoteStore(path, clock=clock) as store:
        assert store.messages == []
        n1 = store.get("n1")
        assert (n1.exact, n1.tags, n1.color, n1.body, n1.score) == (
            "quote one 🎉", ["Policy", "trade"], "green", "body 1", 1.0,
        )
        assert (n1.created, n1.modified) == ("2024-05-01T10:00:00+00:00", "2024-05-02T10:00:00+00:00")
        assert store.get("n2").tags == [] and store.get("n3").status == "orphaned"
        assert [n.id for n in store.list(tag="POLICY")] == ["n1"]
        assert store.tags() == [("Policy", 1), ("solo", 1), ("trade", 1)]
        added = store.add(make_note(tags=["new"]))
    assert user_version(path) == SCHEMA_VERSION
    with raw(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(notes)")]
    assert "tags" not in columns and "score" in columns

    backup = path.parent / "backups" / f"notes-{clock.day()}.sqlite3"
    assert user_version(backup) == 1
    with raw(backup) as db:
        assert db.execute("SELECT id, tags FROM notes ORDER BY id").fetchall() == [
            ("n1", "Policy, trade,,policy "), ("n2", ""), ("n3", "solo"),
        ]
    with NoteStore(path, clock=clock) as store:
        assert store.count() == 4 and store.get(added.id) == added


def test_a_v4_file_gains_the_anchor_history_and_keeps_its_notes_and_trash(
    path: Path, clock: Clock
) -> None:
    with raw(path) as db:  # a file as Reader wrote it before the anchor history
        for step in schema.MIGRATIONS[:4]:
            step(db)
        db.execute(
            "INSERT INTO notes (id, article_id, article_path, exact, start, \"end\", created, modified)"
            " VALUES ('n1', 'a', '/a.md', 'kept quote', 3, 13, ?, ?)", (WHEN, WHEN))
        db.execute("INSERT INTO note_tags VALUES ('n1', 0, 'Policy', 'policy')")
        db.execute("INSERT INTO trash VALUES ('n2', ?, ?)", (json.dumps(dataclasses.asdict(
            make_note(id="n2", created=WHEN, modified=WHEN))), WHEN))
        db.execute("PRAGMA user_version = 4")
        db.commit()
    with NoteStore(path, clock=clock) as store:
        n1 = store.get("n1")
        assert (n1.exact, n1.tags, n1.anchor_history) == ("kept quote", ["Policy"], ())
        [trashed] = store.trash()  # a snapshot from before the history reads as none
        assert trashed.note.id == "n2" and trashed.note.anchor_history == ()
        earlier = EarlierAnchor(WHEN, "re-attached", "a", "", "kept quote", "", "", 3, 13)
        store.update("n1", exact="new quote", anchor_history=(earlier,))
    assert user_version(path) == SCHEMA_VERSION == 7
    assert user_version(path.parent / "backups" / f"notes-{clock.day()}.sqlite3") == 4
    with raw(path) as db:
        assert db.execute("SELECT note_id, position, reason, exact FROM anchor_history").fetchall() == [
            ("n1", 0, "re-attached", "kept quote")]
    with NoteStore(path, clock=clock) as store:
        assert store.get("n1").anchor_history == (earlier,)


def test_a_failed_migration_leaves_the_file_as_it_was(
    path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_done_then_fails(db: sqlite3.Connection) -> None:
        db.execute("DROP TABLE notes")
        raise RuntimeError("disk on fire")

    write_v1_file(path)
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], half_done_then_fails))
    with pytest.raises(NotesError, match="Could not upgrade .* disk on fire. The file was left as it was"):
        NoteStore(path, clock=clock)
    assert user_version(path) == 1
    with raw(path) as db:
        assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 3

    monkeypatch.undo()
    with NoteStore(path, clock=clock) as store:  # and the lock was released
        assert store.count() == 3


def test_a_file_from_a_newer_reader_is_refused_untouched(path: Path) -> None:
    with raw(path) as db:
        db.execute("CREATE TABLE future_notes (id TEXT)")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.commit()
    before = path.read_bytes()
    for _ in range(2):  # the second time proves the lock was released
        with pytest.raises(NotesError, match="made by a newer version of Reader") as raised:
            NoteStore(path)
        assert not isinstance(raised.value, NotesLockedError)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "notes.sqlite3", "notes.sqlite3.lock", "notes.sqlite3.open-lock"]


def test_a_foreign_database_is_refused_untouched(path: Path) -> None:
    with raw(path) as db:
        db.execute("CREATE TABLE accounts (id TEXT)")
        db.commit()
    before = path.read_bytes()
    with pytest.raises(NotesError, match="not a Reader notes file"):
        NoteStore(path)
    assert path.read_bytes() == before

