"""Re-anchoring notes: the updates for notes whose article text changed or vanished."""
from __future__ import annotations

from reader.core.anchoring import describe
from reader.core.anchoring.notes import reanchor_updates, selectors_of
from reader.core.model import INTACT, MOVED, ORPHANED, EarlierAnchor, FileRecord, Note

WHEN = "2026-12-05T10:00:00+00:00"

OLD = "Intro line.\nThe committee approved the plan on Tuesday.\nEnd."
NEW = "A new first paragraph.\n" + OLD


def note(note_id: str, article_id: str = "a1", fingerprint: str = "old", **fields) -> Note:
    start = OLD.index("approved")
    sel = describe(OLD, start, start + len("approved the plan"))
    base = dict(id=note_id, article_id=article_id, article_path="/old.txt", article_title="Old",
                fingerprint=fingerprint, exact=sel.exact, prefix=sel.prefix, suffix=sel.suffix,
                start=sel.start, end=sel.end)
    return Note(**{**base, **fields})


def record(fingerprint: str) -> FileRecord:
    return FileRecord(path="/new.txt", article_id="a1", folder="/", size=1, mtime_ns=1, hash="h",
                      fingerprint=fingerprint, title="New", date="", author="", source="")


def test_a_moved_passage_gets_its_new_offsets_and_the_articles_new_name():
    loaded = []
    old = note("n1")
    updates, counts = reanchor_updates([old], {"a1": record("new")},
                                       lambda key: loaded.append(key) or NEW, orphan=True, when=WHEN)
    [(note_id, update)] = updates
    start = NEW.index("approved")
    assert note_id == "n1" and loaded == ["a1"]
    left = EarlierAnchor(WHEN, "re-anchored: moved", "a1", "Old", old.exact, old.prefix, old.suffix,
                         old.start, old.end)
    assert update == {"status": MOVED, "score": 1.0, "fingerprint": "new", "article_path": "/new.txt",
                      "article_title": "New", "start": start, "end": start + len("approved the plan"),
                      "anchor_history": (left,)}
    assert counts == {MOVED: 1}


def test_a_passage_found_where_it_was_keeps_no_history():
    """The text changed after the passage: a new fingerprint, but the same place."""
    updates, counts = reanchor_updates([note("n1")], {"a1": record("new")},
                                       lambda key: OLD + " More.", orphan=True, when=WHEN)
    [(_, update)] = updates
    assert update["status"] == INTACT and "anchor_history" not in update and "start" not in update
    assert counts == {INTACT: 1}


def test_a_note_on_the_same_text_is_left_alone_and_no_text_is_loaded():
    updates, counts = reanchor_updates([note("n1", fingerprint="same")], {"a1": record("same")},
                                       lambda key: 1 / 0, orphan=True, when=WHEN)
    assert updates == [] and not counts


def test_a_note_whose_article_is_gone_is_orphaned_only_when_asked_and_only_once():
    notes = [note("n1", article_id="gone"), note("n2", article_id="gone", status=ORPHANED,
                                                 fingerprint="")]
    updates, counts = reanchor_updates(notes, {}, lambda key: 1 / 0, orphan=True, when=WHEN)
    gone = {"status": ORPHANED, "score": 0.0, "fingerprint": ""}
    assert updates == [("n1", gone)] and counts == {ORPHANED: 1}
    assert reanchor_updates(notes, {}, lambda key: 1 / 0, orphan=False, when=WHEN) == ([], {})
    # an orphan from before this rule, still holding its text's fingerprint, forgets it once
    legacy = note("n3", article_id="gone", status=ORPHANED)
    assert reanchor_updates([legacy], {}, lambda key: 1 / 0, orphan=True, when=WHEN) == (
        [("n3", gone)], {ORPHANED: 0})


def test_an_orphan_whose_article_comes_back_unchanged_is_anchored_again():
    gone = note("n1", status=ORPHANED, fingerprint="")
    updates, counts = reanchor_updates([gone], {"a1": record("old")}, lambda key: OLD,
                                       orphan=True, when=WHEN)
    [(note_id, update)] = updates
    assert note_id == "n1" and update["status"] == INTACT and update["fingerprint"] == "old"
    assert "anchor_history" not in update and counts == {INTACT: 1}


def test_selectors_of_a_note_are_what_it_stored():
    n = note("n1", status=INTACT)
    sel = selectors_of(n)
    assert (sel.exact, sel.prefix, sel.suffix, sel.start, sel.end) == (
        n.exact, n.prefix, n.suffix, n.start, n.end)
