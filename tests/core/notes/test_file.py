"""The notes file: shared by processes, crash-proof, checked and restored at open, backed up.

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
from reader.core.util.locks import FileLock
from tests.core.notes.test_schema import write_v1_file

CRASH_CHILD = Path(__file__).with_name("notes_crash_child.py")


# --- sharing: the window and the command line beside it ------------------------

WRITER_CHILD = """
import sys
from pathlib import Path
from reader.core.notes import NoteStore
from tests.core.notes.notes_helpers import make_note
with NoteStore(Path(sys.argv[1])) as store:
    for i in range(int(sys.argv[2])):
        store.add(make_note(body=f"from the command line {i}"))
"""

OPEN_PROBE = """
import sys
from pathlib import Path
from reader.core.model import NotesLockedError
from reader.core.notes import NoteStore
try:
    NoteStore(Path(sys.argv[1])).close()
except NotesLockedError as exc:
    sys.exit(str(exc))
"""


def run_child(code: str, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True,
                          text=True, timeout=120, env=child_env(), check=False)


def test_two_processes_write_at_once_and_neither_loses_the_others_notes(path: Path) -> None:
    with NoteStore(path) as window:
        mine = window.add(make_note(body="mine", tags=["draft"]))
        window.changed_elsewhere()  # the first look
        writer = subprocess.Popen([sys.executable, "-c", WRITER_CHILD, str(path), "200"],
                                  env=child_env(), stderr=subprocess.PIPE, text=True)
        edits = 0
        while writer.poll() is None or edits < 20:  # edit while the other process adds
            window.update(mine.id, body=f"edit {edits}")
            edits += 1
        assert writer.returncode == 0, writer.stderr.read()
        writer.stderr.close()
        added, changed, removed, _articles = window.changed_elsewhere()
        assert (len(added), removed) == (200, set())
        assert changed <= {mine.id}  # its own edits may be among them: harmless
        assert window.count() == 201
        assert window.get(mine.id).body == f"edit {edits - 1}"
        assert window.get(mine.id).tags == ["draft"]
        assert window.changed_elsewhere() is None  # nothing new since
        assert integrity(path) == ["ok"]


def test_an_edit_keeps_what_another_process_changed_in_the_same_note(path: Path) -> None:
    with NoteStore(path) as window, NoteStore(path) as command_line:
        note = window.add(make_note(body="first", tags=["a"]))
        command_line.update(note.id, tags=["from-the-cli"])
        window.update(note.id, body="second")  # the window's copy still had tags ["a"]
        assert (window.get(note.id).body, window.get(note.id).tags) == ("second", ["from-the-cli"])
        before = window.revision
        command_line.update(note.id, color="green")
        assert window.revision != before  # the note searcher's cache sees it is stale


def test_a_damaged_file_is_not_replaced_under_another_process(path: Path) -> None:
    with NoteStore(path) as first:
        first.add(make_note())
        first.backup_now()
    holder = FileLock(path.with_name(path.name + ".lock"))
    assert holder.take(shared=True)  # another copy of Reader has the file open
    try:
        path.write_bytes(b"garbage" * 1000)
        refused = run_child(OPEN_PROBE, path)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "is damaged, and another copy of Reader still has it open" in refused.stderr
        assert path.read_bytes() == b"garbage" * 1000  # untouched
    finally:
        holder.release()
    with NoteStore(path) as store:  # alone now: set aside and restored
        assert store.count() == 1 and "restored from the backup" in store.messages[0]


def test_an_older_readers_file_is_not_upgraded_under_it(path: Path) -> None:
    write_v1_file(path)
    holder = FileLock(path.with_name(path.name + ".lock"))
    assert holder.take(shared=True)
    try:
        with pytest.raises(NotesLockedError, match="open in an older version of Reader"):
            NoteStore(path)
        assert user_version(path) == 1
    finally:
        holder.release()
    with NoteStore(path) as store:
        assert store.count() == 3 and user_version(path) == SCHEMA_VERSION


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


@pytest.mark.parametrize("damage", ["zero bytes", "no note_tags", "no notes", "no anchor_history"])
def test_a_file_that_is_not_a_whole_notes_file_is_set_aside_and_the_backup_restored(
        path: Path, clock: Clock, damage: str) -> None:
    with NoteStore(path, clock=clock) as store:
        kept = [store.add(make_note(tags=["isis"], body=f"note {n}")) for n in range(3)]
        store.backup_now()
    if damage == "zero bytes":
        path.write_bytes(b"")
    else:
        with raw(path) as db:
            db.execute(f"DROP TABLE {damage.split()[1]}")
            db.commit()
    before = path.read_bytes()
    clock.advance(hours=1)
    with NoteStore(path, clock=clock) as store:
        assert sorted(store.list(), key=lambda n: n.id) == sorted(kept, key=lambda n: n.id)
        [message] = store.messages
    assert message.startswith("The notes file was damaged; it was moved to ")
    assert "restored from the backup of" in message and "(3 notes)" in message
    aside = path.with_name(f"notes.sqlite3.corrupt-{clock.now.astimezone():%Y%m%d-%H%M%S}")
    assert aside.read_bytes() == before  # set aside, never deleted


def test_a_committed_note_is_in_the_database_file_itself_so_a_damaged_wal_loses_none(
        path: Path, tmp_path: Path) -> None:
    store = NoteStore(path)
    notes = [store.add(make_note(body=f"note {n}")) for n in range(5)]
    store.update(notes[0].id, body="edited")
    # A copy of the file as a crash leaves it, with its WAL garbled on disk.
    copy = tmp_path / "copy" / "notes.sqlite3"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        Path(f"{copy}-wal").write_bytes(b"\xba\xd0" * (wal.stat().st_size // 2 + 16))
    store.close()
    with raw(copy) as db:
        bodies = sorted(row[0] for row in db.execute("SELECT body FROM notes"))
    assert bodies == ["edited", "note 1", "note 2", "note 3", "note 4"]


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
