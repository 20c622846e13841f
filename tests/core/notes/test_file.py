"""The notes file: locked, crash-proof, checked and restored at open, backed up.

These tests damage, kill, lock and age the file the way real life does, and
check that the notes come through.
"""
from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.core.notes.notes_helpers import Clock, child_env, integrity, make_note, raw, user_version

from reader.core.model import NotesLockedError
from reader.core.notes import SCHEMA_VERSION, NoteStore

CRASH_CHILD = Path(__file__).with_name("notes_crash_child.py")


# --- locking -----------------------------------------------------------------

LOCK_PROBE = """
import sys
from pathlib import Path
from reader.core.model import NotesLockedError
from reader.core.notes import NoteStore
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
