"""W3C Web Annotations read back: lossless round trips, foreign files, garbage."""
from __future__ import annotations

import copy
import json
import re
import uuid
from pathlib import Path

import pytest

from reader.core.export import ANNO_CONTEXT, ExportError, from_w3c, to_w3c
from reader.core.model import ORPHANED, Note, article_id_for
from tests.core.export.helpers import ARTICLES, EARLIER, WHEN, all_kinds_of_notes, make_note


def test_w3c_round_trip_is_lossless():
    original = all_kinds_of_notes()
    snapshot = copy.deepcopy(original)
    data = to_w3c(original, ARTICLES, exported_at=WHEN)
    assert from_w3c(data) == snapshot
    assert from_w3c(json.loads(json.dumps(data))) == snapshot
    listed = to_w3c(original, ARTICLES, collection=False)
    assert from_w3c(json.loads(json.dumps(listed))) == snapshot
    assert from_w3c(listed[1]) == [snapshot[1]]
    assert original == snapshot


def test_w3c_accepts_items_directly_and_embedded_next_pages():
    anns = to_w3c(all_kinds_of_notes()[:3], {}, collection=False)
    assert len(from_w3c({"type": "AnnotationCollection", "items": anns})) == 3
    paged = {"type": "AnnotationCollection", "first": {
        "type": "AnnotationPage", "items": anns[:1],
        "next": {"type": "AnnotationPage", "items": anns[1:]}}}
    assert [n.id for n in from_w3c(paged)] == [n.id for n in all_kinds_of_notes()[:3]]
    assert from_w3c([]) == []


def test_w3c_imports_a_foreign_annotation_with_selectors(tmp_path):
    article = tmp_path / "an article.txt"
    ann = {
        "@context": ANNO_CONTEXT,
        "id": "http://example.org/anno/1",
        "type": "Annotation",
        "body": [{"type": "TextualBody", "value": "Interesting"},
                 {"type": "TextualBody", "value": "geo", "purpose": "tagging"}],
        "target": {"source": article.as_uri(), "selector": {
            "type": "TextQuoteSelector", "exact": "the quote", "prefix": "a "}},
    }
    [note] = from_w3c(ann)
    assert note == Note(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, "http://example.org/anno/1")),
        article_id=article_id_for(article), article_path=str(article),
        article_title="an article", fingerprint="", exact="the quote", prefix="a ",
        suffix="", start=0, end=0, color="yellow", tags=["geo"], body="Interesting",
    )
    assert from_w3c(ann) == [note]  # stable id: re-import does not duplicate


def test_w3c_imports_the_minimal_annotation():
    ann = {"@context": ANNO_CONTEXT, "id": "http://example.org/anno1", "type": "Annotation",
           "body": "http://example.org/post1", "target": "http://example.com/page1"}
    [note] = from_w3c(ann)
    assert note.status == ORPHANED and note.score == 0.0
    assert note.article_path == "http://example.com/page1"
    assert re.fullmatch("[0-9a-f]{16}", note.article_id)
    assert note.body == "<http://example.org/post1>"
    assert (note.exact, note.start, note.end) == ("", 0, 0)


def test_w3c_foreign_position_only_and_style_class():
    ann = {"id": f"urn:uuid:{uuid.UUID(int=7, version=4)}", "type": ["Annotation"],
           "bodyValue": "a comment", "created": "2020-01-01T00:00:00Z",
           "target": [{"type": "SpecificResource", "source": {"id": "file:///lib/x.txt"},
                       "styleClass": "mine reader-color-purple",
                       "selector": [{"type": "TextPositionSelector", "start": 5, "end": 9}]}]}
    [note] = from_w3c(ann)
    assert note.id == str(uuid.UUID(int=7, version=4))
    assert (note.start, note.end, note.status, note.color) == (5, 9, "intact", "purple")
    assert note.body == "a comment" and note.created == "2020-01-01T00:00:00Z"
    assert note.article_path == str(Path("/lib/x.txt"))


GOOD = {"id": "urn:x:1", "type": "Annotation", "target": "file:///a.txt"}


@pytest.mark.parametrize("data", [
    None, {}, "a string", 42, [None], [{}],
    {"type": "Annotation"},
    {"type": "Annotation", "target": "file:///a.txt"},
    {**GOOD, "type": "Note"},
    {**GOOD, "target": 5},
    {**GOOD, "target": []},
    {**GOOD, "target": {"type": "SpecificResource"}},
    {**GOOD, "target": {"source": "file:///a.txt", "selector": "css"}},
    {**GOOD, "target": {"source": "file:///a.txt",
                        "selector": {"type": "TextQuoteSelector"}}},
    {**GOOD, "target": {"source": "file:///a.txt",
                        "selector": {"type": "TextPositionSelector", "start": "1", "end": 2}}},
    {**GOOD, "target": {"source": "file:///a.txt",
                        "selector": {"type": "TextPositionSelector", "start": 3, "end": 2}}},
    {**GOOD, "target": {"source": "file:///a.txt",
                        "selector": {"type": "TextPositionSelector", "start": True, "end": 2}}},
    {**GOOD, "body": [{"type": "TextualBody", "value": 5}]},
    {**GOOD, "body": [7]},
    {**GOOD, "created": "yesterday"},
    {**GOOD, "created": 2020},
    {**GOOD, "https://reader.invalid/ns#state": []},
    {**GOOD, "https://reader.invalid/ns#state": {"https://reader.invalid/ns#status": "lost"}},
    {**GOOD, "https://reader.invalid/ns#state": {"https://reader.invalid/ns#score": "1"}},
    {**GOOD, "https://reader.invalid/ns#history": {}},
    {**GOOD, "https://reader.invalid/ns#history": ["re-attached"]},
    {**GOOD, "https://reader.invalid/ns#history": [{"https://reader.invalid/ns#changed": "soon"}]},
    {**GOOD, "https://reader.invalid/ns#history": [{"selector": []}]},
    {**GOOD, "https://reader.invalid/ns#history": [
        {"https://reader.invalid/ns#reason": 3, "selector": []}]},
    {**GOOD, "https://reader.invalid/ns#history": [
        {"selector": {"type": "TextPositionSelector", "start": 9, "end": 2}}]},
    {"type": "AnnotationCollection", "first": "http://example.org/page1"},
    {"type": "AnnotationCollection", "first": {"items": {}}},
    {"type": "AnnotationPage", "items": [GOOD], "next": "http://example.org/page2"},
    [GOOD, GOOD],
])
def test_w3c_rejects_garbage(data):
    with pytest.raises(ExportError) as caught:
        from_w3c(data)
    assert str(caught.value)


def test_w3c_history_entries_come_back_and_older_exports_have_none():
    [moved] = from_w3c(to_w3c([make_note(30, anchor_history=EARLIER)], ARTICLES))
    assert moved.anchor_history == EARLIER
    older = to_w3c([make_note(30, anchor_history=EARLIER)], ARTICLES, collection=False)[0]
    del older["https://reader.invalid/ns#history"]  # as Reader wrote it before the history
    assert from_w3c(older)[0] == make_note(30)


def test_w3c_a_bad_history_entry_is_named():
    bad = {**GOOD, "https://reader.invalid/ns#history": [
        {"https://reader.invalid/ns#changed": "2026-11-25T08:00:00+00:00", "selector": []},
        {"https://reader.invalid/ns#changed": "last week"}]}
    with pytest.raises(ExportError, match="annotation 1: .*#history entry 2: .*'last week'"):
        from_w3c(bad)


def test_w3c_error_names_the_annotation():
    with pytest.raises(ExportError, match="annotation 2: it has no target"):
        from_w3c([GOOD, {"id": "urn:x:2", "type": "Annotation"}])


# --------------------------------------------------------------------------
# CSV
