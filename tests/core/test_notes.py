"""NoteStore: the notes file must never lose the user's work.

Besides CRUD, these tests damage, kill, lock, downgrade and age the file the
way real life does, and check that the notes come through.
"""
from __future__ import annotations

import dataclasses
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.core import notes as notes_module
from reader.core.model import Note
from reader.core.notes import (
    SCHEMA_VERSION,
    NoteNotFoundError,
    NotesError,
    NotesLockedError,
    NoteStore,
    normalise_tags,
)

ROOT = Path(__file__).resolve().parents[2]
CRASH_CHILD = Path(__file__).with_name("notes_crash_child.py")
START = datetime(2026, 11, 20, 12, 0, 0, 123456, tzinfo=timezone.utc)


class Clock:
    """A settable clock, so tests can make time pass (and days change)."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def day(self) -> str:
        """The local calendar day, as the store names its backups."""
        return self.now.astimezone().date().isoformat()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path.resolve() / "notes.sqlite3"


@pytest.fixture
def store(path: Path, clock: Clock):
    with NoteStore(path, clock=clock) as opened:
        yield opened


def make_note(**fields: object) -> Note:
    values: dict[str, object] = dict(
        id="", article_id="art1", article_path="/library/a.md", article_title="A",
        fingerprint="f" * 16, exact="the passage", prefix="before ", suffix=" after",
        start=10, end=21,
    )
    values.update(fields)
    return Note(**values)  # type: ignore[arg-type]


def raw(path: Path) -> closing[sqlite3.Connection]:
    """A plain connection, to look at the file behind the store's back."""
    return closing(sqlite3.connect(path))


def user_version(path: Path) -> int:
    with raw(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def integrity(path: Path) -> list[str]:
    with raw(path) as db:
        return [row[0] for row in db.execute("PRAGMA integrity_check")]


def child_env() -> dict[str, str]:
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}


# --- CRUD --------------------------------------------------------------------

def test_every_field_round_trips_through_the_file(path: Path, clock: Clock) -> None:
    note = Note(
        id=str(uuid.uuid4()), article_id="a42", article_path="/lib/Über café.md",
        article_title="Ünïcode — “title”", fingerprint="0123456789abcdef",
        exact="Emoji 🎉 and 中文 in the quote", prefix="pre 🙂 ", suffix=" suf\u200d",
        start=3, end=31, color="purple", tags=["Policy", "中文", "a,b"],
        body="**Markdown** body with 🧪\nsecond line", created="2025-01-02T03:04:05+00:00",
        modified="2025-02-03T04:05:06+01:00", status="fuzzy", score=0.625,
    )
    defaults = Note(id="", article_id="", article_path="", article_title="", fingerprint="",
                    exact="", prefix="", suffix="", start=0, end=0)
    for field in dataclasses.fields(Note):  # a new Note field must get a column and a place here
        assert getattr(note, field.name) != getattr(defaults, field.name), field.name

    with NoteStore(path, clock=clock) as store:
        assert store.add(note) == note
        assert store.get(note.id) == note
    with NoteStore(path, clock=clock) as store:
        again = store.get(note.id)
    assert again == note
    assert isinstance(again.score, float) and isinstance(again.start, int)


def test_add_fills_id_and_timestamps_without_touching_its_argument(store: NoteStore) -> None:
    note = make_note(tags=[" x "])
    added = store.add(note)
    assert uuid.UUID(added.id).version == 4
    assert added.created == added.modified == "2026-11-20T12:00:00+00:00"
    assert added.tags == ["x"]
    assert note.id == "" and note.created == "" and note.tags == [" x "]
    assert store.add(make_note()).id != added.id


def test_add_refuses_a_duplicate_id(store: NoteStore) -> None:
    first = store.add(make_note())
    with pytest.raises(NotesError, match="already exists"):
        store.add(make_note(id=first.id, body="other"))
    assert store.get(first.id) == first


def test_list_orders_by_path_start_created_and_filters(store: NoteStore, clock: Clock) -> None:
    def add(**fields: object) -> Note:
        clock.advance(seconds=1)
        return store.add(make_note(**fields))

    late_b = add(article_id="b", article_path="/library/b.md", start=5, end=6)
    a_20 = add(start=20, end=25, color="green", tags=["Policy"], status="moved")
    a_10 = add(start=10, end=12, tags=["policy", "Trade"])
    b_1 = add(article_id="b", article_path="/library/b.md", start=1, end=2, tags=["trade"])
    a_10_older = add(start=10, end=11, created="2026-11-20T11:00:00+00:00")

    assert [n.id for n in store.list()] == [a_10_older.id, a_10.id, a_20.id, b_1.id, late_b.id]
    assert [n.id for n in store.list("b")] == [b_1.id, late_b.id]
    assert [n.id for n in store.list(tag="POLICY")] == [a_10.id, a_20.id]
    assert [n.id for n in store.list(tag=" trade ")] == [a_10.id, b_1.id]
    assert [n.id for n in store.list("art1", tag="trade")] == [a_10.id]
    assert [n.id for n in store.list(color="green")] == [a_20.id]
    assert [n.id for n in store.list(status="moved")] == [a_20.id]
    assert store.list(color="green", status="intact") == []
    assert store.list(tag="nothing") == []
    assert store.count() == 5
    assert store.article_ids() == {"art1", "b"}


def test_tags_are_normalised_and_counted_case_insensitively(store: NoteStore) -> None:
    raw_tags = [" Policy ", "", "policy", "Trade", "   ", "trade ", "Émigré", "ÉMIGRÉ", "STRASSE", "straße"]
    assert normalise_tags(raw_tags) == ["Policy", "Trade", "Émigré", "STRASSE"]
    first = store.add(make_note(tags=raw_tags))
    assert first.tags == store.get(first.id).tags == ["Policy", "Trade", "Émigré", "STRASSE"]
    store.add(make_note(tags=["policy"]))
    store.add(make_note(tags=["policy", "zeta"]))
    assert store.tags() == [("policy", 3), ("STRASSE", 1), ("Trade", 1), ("zeta", 1), ("Émigré", 1)]
    assert store.update(first.id, tags=["b", "B ", " a"]).tags == ["b", "a"]


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
    ],
)
def test_invalid_notes_are_refused_with_a_clear_message(
    store: NoteStore, fields: dict[str, object], words: str
) -> None:
    kept = store.add(make_note())
    with pytest.raises(NotesError, match=re.escape(words)):
        store.add(make_note(**fields))
    if "created" not in fields:  # which update refuses anyway
        with pytest.raises(NotesError, match=re.escape(words)):
            store.update(kept.id, **fields)
    assert store.count() == 1 and store.get(kept.id) == kept
    assert store.revision == 1


def test_update_changes_fields_and_touch_controls_modified(store: NoteStore, clock: Clock) -> None:
    note = store.add(make_note())
    clock.advance(minutes=5)
    edited = store.update(note.id, body="new body", tags=["x"], color="blue")
    assert (edited.body, edited.tags, edited.color) == ("new body", ["x"], "blue")
    assert edited.modified == "2026-11-20T12:05:00+00:00" and edited.created == note.created
    clock.advance(minutes=5)
    moved = store.update(note.id, touch=False, start=40, end=51, status="moved", score=0.9)
    assert moved.modified == edited.modified
    expected = dataclasses.replace(edited, start=40, end=51, status="moved", score=0.9)
    assert store.get(note.id) == moved == expected


def test_update_refuses_identity_fields_and_unknown_ids(store: NoteStore) -> None:
    note = store.add(make_note())
    for field in ("id", "created", "colour"):
        with pytest.raises(NotesError, match=f"{field} cannot be changed"):
            store.update(note.id, **{field: "x"})
    with pytest.raises(NoteNotFoundError) as raised:
        store.update("missing", body="x")
    assert isinstance(raised.value, KeyError)
    assert str(raised.value) == "There is no note with id missing."
    with pytest.raises(KeyError):
        store.get("missing")


def test_update_many_is_all_or_nothing_and_never_touches(store: NoteStore, clock: Clock) -> None:
    one, two = store.add(make_note()), store.add(make_note(start=30, end=40))
    clock.advance(hours=1)
    with pytest.raises(NoteNotFoundError):
        store.update_many([(one.id, {"start": 1, "end": 2}), ("missing", {"start": 1})])
    with pytest.raises(NotesError):
        store.update_many([(one.id, {"start": 1, "end": 2}), (two.id, {"color": "red"})])
    assert store.list() == [one, two]
    revision = store.revision

    store.update_many([
        (one.id, {"start": 1, "end": 2, "status": "moved"}),
        (two.id, {"status": "orphaned", "score": 0.0}),
    ])
    assert store.get(one.id) == dataclasses.replace(one, start=1, end=2, status="moved")
    assert store.get(two.id) == dataclasses.replace(two, status="orphaned", score=0.0)
    assert store.revision == revision + 1


def test_delete_then_undo_restores_the_identical_note(store: NoteStore) -> None:
    first = store.add(make_note(tags=["a", "b"], body="first 🎉", score=0.5, status="fuzzy"))
    second = store.add(make_note(start=50, end=60, color="pink"))
    assert store.delete(first.id) == first
    deleted = store.delete(second.id)
    deleted.tags.append("mutated by the caller")
    assert store.count() == 0
    with pytest.raises(NoteNotFoundError):
        store.get(first.id)

    assert store.undo_delete() == second
    assert store.get(second.id) == second
    assert store.undo_delete() == first
    assert store.get(first.id) == first
    assert store.undo_delete() is None
    assert store.tags() == [("a", 1), ("b", 1)]


def test_revision_counts_writes_only(store: NoteStore) -> None:
    assert store.revision == 0
    note = store.add(make_note())
    assert store.revision == 1
    store.list(), store.get(note.id), store.tags(), store.count()
    assert store.revision == 1
    store.update(note.id, body="b")
    assert store.revision == 2
    store.update(note.id, touch=False, body="b")  # no change: nothing written
    assert store.revision == 2
    store.delete(note.id)
    assert store.revision == 3
    store.undo_delete()
    assert store.revision == 4
    store.upsert([make_note()])
    assert store.revision == 5
    with pytest.raises(NotesError):
        store.add(make_note(color="red"))
    assert store.revision == 5


def test_upsert_imports_by_id_in_one_transaction_after_a_backup(store: NoteStore, clock: Clock) -> None:
    kept = store.add(make_note(body="old"))
    same = store.add(make_note(body="same"))
    fresh = make_note(id=str(uuid.uuid4()), body="new", created="2020-01-01T00:00:00+00:00",
                      modified="2020-01-02T00:00:00+00:00")
    clock.advance(days=1)
    changed = dataclasses.replace(kept, body="edited elsewhere", modified="", tags=["Imported"])

    assert store.upsert([changed, same, fresh, make_note(body="no id")]) == (2, 1)
    assert store.get(kept.id) == dataclasses.replace(changed, modified=kept.modified)
    assert store.get(fresh.id) == fresh
    assert store.count() == 4

    backup = store.backups_dir / f"notes-{clock.day()}.sqlite3"
    with raw(backup) as db:
        assert db.execute("SELECT body FROM notes ORDER BY body").fetchall() == [("old",), ("same",)]

    before = store.list()
    with pytest.raises(NotesError, match="Note 2 of the import.*Unknown colour"):
        store.upsert([make_note(body="would be added"), make_note(color="red")])
    assert store.list() == before
    assert store.upsert([]) == (0, 0)


def test_store_is_usable_from_several_threads(store: NoteStore) -> None:
    errors: list[BaseException] = []

    def work(number: int) -> None:
        try:
            for index in range(15):
                note = store.add(make_note(tags=[f"thread{number}"], start=index, end=index))
                store.update(note.id, body=f"{number}/{index}")
                store.list(tag=f"thread{number}")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count() == 60
    assert store.revision == 120
    assert sorted(store.tags()) == [(f"thread{number}", 15) for number in range(4)]


def test_close_is_idempotent_and_a_closed_store_says_so(path: Path) -> None:
    store = NoteStore(path)
    store.close()
    store.close()
    with pytest.raises(NotesError, match="is closed"):
        store.add(make_note())
    with pytest.raises(NotesError, match="is closed"):
        store.list()


# --- locking -----------------------------------------------------------------

LOCK_PROBE = """
import sys
from pathlib import Path
from reader.core.notes import NoteStore, NotesLockedError
try:
    NoteStore(Path(sys.argv[1])).close()
except NotesLockedError as exc:
    sys.exit(str(exc))
"""


def probe_from_another_process(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LOCK_PROBE, str(path)],
        capture_output=True, text=True, timeout=60, env=child_env(), check=False,
    )


def test_a_second_store_in_the_same_process_is_refused(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = NoteStore(path)
    try:
        with pytest.raises(NotesLockedError, match="is already open in another copy of Reader"):
            NoteStore(path)
        monkeypatch.chdir(path.parent)
        with pytest.raises(NotesLockedError):
            NoteStore(Path(path.name))  # another spelling of the same file
        first.add(make_note())  # the refused open did not disturb the first
        refused = probe_from_another_process(path)  # nor release its OS lock
        assert refused.returncode == 1, refused.stderr
    finally:
        first.close()
    with NoteStore(path) as again:
        assert again.count() == 1


def test_a_second_process_is_refused_until_the_first_closes(path: Path) -> None:
    first = NoteStore(path)
    try:
        refused = probe_from_another_process(path)
    finally:
        first.close()
    assert refused.returncode == 1
    assert f"The notes file {path} is already open in another copy of Reader" in refused.stderr
    assert "Traceback" not in refused.stderr

    allowed = probe_from_another_process(path)
    assert allowed.returncode == 0, allowed.stderr


# --- crashes -----------------------------------------------------------------

def test_notes_survive_sigkill_at_random_moments(tmp_path: Path, path: Path) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    printed: list[str] = []
    for round_number in range(5):
        out = tmp_path / f"child-{round_number}.out"
        err = tmp_path / f"child-{round_number}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            child = subprocess.Popen(
                [sys.executable, str(CRASH_CHILD), str(path)], stdout=stdout, stderr=stderr, env=child_env()
            )
        with child:
            deadline = time.monotonic() + 30
            while out.stat().st_size == 0 and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            assert child.poll() is None, err.read_text()
            time.sleep(rng.uniform(0.05, 0.5))
            child.kill()  # SIGKILL on POSIX
        # Only complete lines: the id is printed after ``add`` returned.
        printed += out.read_text().split("\n")[:-1]
    assert printed, "the children never got to add a note"

    assert integrity(path) == ["ok"]
    with NoteStore(path) as store:
        assert store.messages == []
        stored = {note.id: note for note in store.list()}
    missing = set(printed) - set(stored)
    assert not missing, f"lost {len(missing)} notes that add() had returned (seed {seed})"
    assert len(stored) - len(printed) <= 5  # at most one unprinted add per round
    assert all(stored[note_id].tags[1:] == ["crash"] for note_id in printed)


# --- damage ------------------------------------------------------------------

def test_a_damaged_file_is_set_aside_and_the_backup_restored(path: Path, clock: Clock) -> None:
    with NoteStore(path, clock=clock) as store:
        for number in range(150):
            store.add(make_note(start=number, end=number + 1, body=f"note {number} " + "words " * 200))
        store.backup_now()
        backed_up = store.list()
        store.add(make_note(body="after the backup"))
    size = path.stat().st_size
    assert size > 40 * 4096, size
    with path.open("r+b") as file:
        file.seek(size // 3)
        file.write(b"\xde\xad\xbe\xef" * (size // 12))
    damaged = path.read_bytes()

    clock.advance(hours=1)
    with NoteStore(path, clock=clock) as store:
        assert store.list() == backed_up
        [message] = store.messages
    aside = path.with_name(f"notes.sqlite3.corrupt-{clock.now.astimezone():%Y%m%d-%H%M%S}")
    assert message == (
        f"The notes file was damaged; it was moved to {aside} and your notes were restored from "
        f"the backup of {clock.day()} (150 notes). Changes made after that backup are not included."
    )
    assert aside.read_bytes() == damaged
    assert integrity(path) == ["ok"]


def test_a_file_that_is_not_a_database_without_backup_gives_an_empty_store(path: Path, clock: Clock) -> None:
    text = b"These are my notes, typed by hand, not a database.\n" * 200
    path.write_bytes(text)
    with NoteStore(path, clock=clock) as store:
        assert store.count() == 0
        [message] = store.messages
        store.add(make_note())
    aside = path.with_name(f"notes.sqlite3.corrupt-{clock.now.astimezone():%Y%m%d-%H%M%S}")
    assert message == (
        f"The notes file was damaged; it was moved to {aside}. "
        "No usable backup was found, so Reader started an empty notes file."
    )
    assert aside.read_bytes() == text
    with NoteStore(path, clock=clock) as store:  # the new file is a sound one
        assert store.count() == 1 and store.messages == []


def test_a_damaged_backup_is_skipped_for_an_older_good_one(path: Path, clock: Clock) -> None:
    with NoteStore(path, clock=clock) as store:
        store.add(make_note())
        good = store.backup_now()
    clock.advance(days=1)
    with NoteStore(path, clock=clock) as store:
        store.add(make_note())
        bad = store.backup_now()
    bad.write_bytes(b"garbage" * 1000)
    path.write_bytes(b"garbage" * 1000)
    clock.advance(hours=1)
    with NoteStore(path, clock=clock) as store:
        assert store.count() == 1
        assert f"from the backup of {good.name[6:16]} (1 note)" in store.messages[0]


def test_a_missing_file_with_backups_is_restored(path: Path, clock: Clock) -> None:
    with NoteStore(path, clock=clock) as store:
        note = store.add(make_note())
        store.backup_now()
    path.unlink()
    with NoteStore(path, clock=clock) as store:
        assert store.list() == [note]
        assert store.messages == [
            f"The notes file {path} was missing and your notes were restored from the backup of "
            f"{clock.day()} (1 note). Changes made after that backup are not included."
        ]


# --- versions and migrations -------------------------------------------------

def write_v1_file(path: Path) -> None:
    with raw(path) as db:
        for statement in notes_module.V1_SCHEMA:
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


def test_a_failed_migration_leaves_the_file_as_it_was(
    path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_done_then_fails(db: sqlite3.Connection) -> None:
        db.execute("DROP TABLE notes")
        raise RuntimeError("disk on fire")

    write_v1_file(path)
    monkeypatch.setattr(notes_module, "MIGRATIONS", (notes_module.MIGRATIONS[0], half_done_then_fails))
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
    assert sorted(p.name for p in path.parent.iterdir()) == ["notes.sqlite3", "notes.sqlite3.lock"]


def test_a_foreign_database_is_refused_untouched(path: Path) -> None:
    with raw(path) as db:
        db.execute("CREATE TABLE accounts (id TEXT)")
        db.commit()
    before = path.read_bytes()
    with pytest.raises(NotesError, match="not a Reader notes file"):
        NoteStore(path)
    assert path.read_bytes() == before


# --- backups -----------------------------------------------------------------

def test_backups_rotate_one_per_day_keeping_the_newest(path: Path, clock: Clock) -> None:
    days = []
    for day in range(6):
        with NoteStore(path, keep_backups=3, clock=clock) as store:
            store.add(make_note(body=f"day {day}"))
        with NoteStore(path, keep_backups=3, clock=clock) as store:  # same day: no new backup
            assert store.count() == day + 1
        days.append(clock.day())
        clock.advance(days=1)

    backups = path.parent / "backups"
    assert sorted(p.name for p in backups.iterdir()) == [f"notes-{day}.sqlite3" for day in days[-3:]]
    for number, day in enumerate(days[-3:], start=3):
        backup = backups / f"notes-{day}.sqlite3"
        assert integrity(backup) == ["ok"]
        with raw(backup) as db:  # taken at the day's first open, before its note
            assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == number
        assert backup.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: one self-contained file


def test_backup_now_writes_a_valid_copy_of_the_notes(store: NoteStore, clock: Clock, tmp_path: Path) -> None:
    notes = [store.add(make_note(body=f"n{number} 🎉", tags=["t"])) for number in range(5)]
    backup = store.backup_now()
    assert backup == tmp_path / "backups" / f"notes-{clock.day()}.sqlite3"
    assert integrity(backup) == ["ok"]
    assert user_version(backup) == SCHEMA_VERSION
    with NoteStore(backup, backups_dir=tmp_path / "other") as copy:
        assert copy.list() == store.list() == sorted(notes, key=lambda n: (n.start, n.created, n.id))
        assert copy.tags() == [("t", 5)]
