"""NoteStore: adding, changing, deleting, finding and counting notes, never losing one."""
from __future__ import annotations

import dataclasses
import threading
import uuid
from pathlib import Path

import pytest
from tests.core.notes.notes_helpers import Clock, make_note, raw

from reader.core.model import EarlierAnchor, Note, NoteNotFoundError, NotesError, normalise_tags
from reader.core.notes import NoteStore


def test_every_field_round_trips_through_the_file(path: Path, clock: Clock) -> None:
    note = Note(
        id=str(uuid.uuid4()), article_id="a42", article_path="/lib/Über café.md",
        article_title="Ünïcode — “title”", fingerprint="0123456789abcdef",
        exact="Emoji 🎉 and 中文 in the quote", prefix="pre 🙂 ", suffix=" suf\u200d",
        start=3, end=31, color="purple", tags=["Policy", "中文", "a,b"],
        body="**Markdown** body with 🧪\nsecond line", created="2025-01-02T03:04:05+00:00",
        modified="2025-02-03T04:05:06+01:00", status="fuzzy", score=0.625,
        anchor_history=(
            EarlierAnchor("2025-01-05T00:00:00+00:00", "re-attached", "a41", "Old “title” 🎉",
                          "the first quote 中文", "p ", " s", 0, 19),
            EarlierAnchor("2025-01-06T00:00:00+00:00", "re-anchored: moved", "a42",
                          "Ünïcode — “title”", "Emoji 🎉 and 中文 in the quote", "pre 🙂 ",
                          " suf\u200d", 1, 29),
        ),
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
    revision = store.revision[0]

    store.update_many([
        (one.id, {"start": 1, "end": 2, "status": "moved"}),
        (two.id, {"status": "orphaned", "score": 0.0}),
    ])
    assert store.get(one.id) == dataclasses.replace(one, start=1, end=2, status="moved")
    assert store.get(two.id) == dataclasses.replace(two, status="orphaned", score=0.0)
    assert store.revision[0] == revision + 1


def test_update_many_returns_the_notes_it_changed(store: NoteStore) -> None:
    one, two = store.add(make_note()), store.add(make_note(start=30, end=40))
    changed = store.update_many([(one.id, {"status": "moved"}), (two.id, {"start": 30})])
    assert changed == [store.get(one.id)] and changed[0].status == "moved"


def test_delete_then_restore_puts_back_the_identical_note(store: NoteStore, clock: Clock) -> None:
    """``restore`` is what undo uses: verbatim, ``modified`` untouched, in one transaction."""
    first = store.add(make_note(tags=["a", "b"], body="first 🎉", score=0.5, status="fuzzy"))
    second = store.add(make_note(start=50, end=60, color="pink"))
    assert store.delete(first.id) == first
    assert store.delete(second.id) == second
    assert store.count() == 0
    with pytest.raises(NoteNotFoundError):
        store.get(first.id)

    clock.advance(hours=1)
    revision = store.revision[0]
    store.restore({second.id: second, first.id: first})
    assert store.get(second.id) == second
    assert store.get(first.id) == first
    assert store.revision[0] == revision + 1
    assert store.tags() == [("a", 1), ("b", 1)]
    edited = store.update(first.id, body="edited")
    store.restore({first.id: first, second.id: None})
    assert store.list() == [first] and edited != first
    with pytest.raises(NotesError, match="Unknown colour"):
        store.restore({first.id: None, second.id: dataclasses.replace(second, color="red")})
    assert store.list() == [first]


def test_revision_counts_writes_only(store: NoteStore) -> None:
    """(Its second half is the file's data version: another process's writes.)"""
    assert store.revision[0] == 0
    note = store.add(make_note())
    assert store.revision[0] == 1
    store.list(), store.get(note.id), store.tags(), store.count()
    assert store.revision[0] == 1
    store.update(note.id, body="b")
    assert store.revision[0] == 2
    store.update(note.id, touch=False, body="b")  # no change: nothing written
    assert store.revision[0] == 2
    store.delete(note.id)
    assert store.revision[0] == 3
    store.restore({note.id: note})
    assert store.revision[0] == 4
    store.upsert([make_note()])
    assert store.revision[0] == 5
    with pytest.raises(NotesError):
        store.add(make_note(color="red"))
    assert store.revision[0] == 5


def test_upsert_imports_by_id_in_one_transaction_after_a_backup(store: NoteStore, clock: Clock) -> None:
    kept = store.add(make_note(body="old"))
    same = store.add(make_note(body="same"))
    fresh = make_note(id=str(uuid.uuid4()), body="new", created="2020-01-01T00:00:00+00:00",
                      modified="2020-01-02T00:00:00+00:00")
    clock.advance(days=1)
    changed = dataclasses.replace(kept, body="edited elsewhere", modified=store.now(), tags=["Imported"])

    was, now, conflicts = store.upsert([changed, same, fresh, make_note(body="no id")])
    added = [note_id for note_id, note in was.items() if note is None]
    assert (len(added), len(was) - len(added)) == (2, 1) and was[kept.id] == kept
    assert now == {note_id: store.get(note_id) for note_id in was}
    assert store.get(kept.id) == changed
    assert [(c.note_id, c.kept) for c in conflicts] == [(kept.id, "import")]
    assert [v.note for v in store.versions(kept.id)] == [kept]  # what it replaced, kept
    assert store.version_counts() == {kept.id: 1}  # (the cards' "1 other version kept")
    assert store.get(fresh.id) == fresh
    assert store.count() == 4

    backup = store.backups_dir / f"notes-{clock.day()}.sqlite3"
    with raw(backup) as db:
        assert db.execute("SELECT body FROM notes ORDER BY body").fetchall() == [("old",), ("same",)]

    before = store.list()
    with pytest.raises(NotesError, match="Note 2 of the import.*Unknown colour"):
        store.upsert([make_note(body="would be added"), make_note(color="red")])
    assert store.list() == before
    assert store.upsert([]) == ({}, {}, [])


def test_an_older_import_never_overwrites_newer_work_and_ids_match_in_any_case(
        store: NoteStore, clock: Clock) -> None:
    mine = store.add(make_note(body="first draft"))
    exported = mine  # as an export of this morning has it
    clock.advance(hours=3)
    mine = store.update(mine.id, body="rewritten this afternoon")
    shouting = dataclasses.replace(exported, id=exported.id.upper())
    was, now, conflicts = store.upsert([shouting], "the import of monday.json")
    assert (was, now) == ({}, {}) and store.count() == 1  # no duplicate, nothing replaced
    assert store.get(mine.id).body == "rewritten this afternoon"
    [conflict] = conflicts
    assert (conflict.note_id, conflict.kept) == (mine.id, "here")
    assert (conflict.here_modified, conflict.import_modified) == (mine.modified, exported.modified)
    [version] = store.versions(mine.id)
    assert version.note.body == "first draft"
    assert version.reason == "older than this one, in the import of monday.json"
    assert store.upsert([mine]) == ({}, {}, [])  # the same note again: nothing to do


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
    assert store.revision[0] == 120
    assert sorted(store.tags()) == [(f"thread{number}", 15) for number in range(4)]


def test_close_is_idempotent_and_a_closed_store_says_so(path: Path) -> None:
    store = NoteStore(path)
    store.close()
    store.close()
    with pytest.raises(NotesError, match="is closed"):
        store.add(make_note())
    with pytest.raises(NotesError, match="is closed"):
        store.list()
