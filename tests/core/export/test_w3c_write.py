"""W3C Web Annotations written: the model's musts, bodies, motivations."""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime

from reader.core.export import ANNO_CONTEXT, to_w3c
from tests.core.export.helpers import (ARTICLES, EARLIER, WHEN, all_kinds_of_notes, is_iri,
                                      make_note)


def test_w3c_collection_shape(notes):
    data = to_w3c(notes, ARTICLES, exported_at=WHEN)
    assert data["@context"] == ANNO_CONTEXT
    assert data["type"] == "AnnotationCollection" and is_iri(data["id"])
    assert data["label"] == "Reader notes" and data["total"] == len(notes)
    page = data["first"]
    assert page["type"] == "AnnotationPage" and is_iri(page["id"]) and page["startIndex"] == 0
    assert len(page["items"]) == len(notes)
    json.dumps(data)


def test_w3c_annotations_meet_the_model_musts(notes):
    for ann in to_w3c(all_kinds_of_notes() + notes, ARTICLES, collection=False, exported_at=WHEN):
        assert ann["@context"] == ANNO_CONTEXT
        assert is_iri(ann["id"]) and ann["id"].startswith("urn:uuid:")
        uuid.UUID(ann["id"][9:])
        assert ann["type"] == "Annotation"
        for key in ("created", "modified", "generated"):
            assert datetime.fromisoformat(ann[key]).tzinfo is not None
        for body in ann.get("body", []):
            assert body["type"] == "TextualBody" and isinstance(body["value"], str)
            assert body["purpose"] in ("commenting", "tagging")
        target = ann["target"]
        assert target["type"] == "SpecificResource" and is_iri(target["source"])
        assert target["source"].startswith("file:///")
        assert re.fullmatch(r"reader-color-[a-z]+", target["styleClass"])
        # 4.4: an annotation that uses styleClass MUST have a stylesheet defining it.
        assert ann["stylesheet"]["type"] == "CssStylesheet"
        assert re.search(rf"\.{target['styleClass']}\s*\{{[^}}]*background-color:\s*#[0-9a-f]{{6}}",
                         ann["stylesheet"]["value"])
        for selector in target["selector"]:
            if selector["type"] == "TextQuoteSelector":
                assert isinstance(selector["exact"], str)
                assert all(isinstance(selector.get(k, ""), str) for k in ("prefix", "suffix"))
            else:
                assert selector["type"] == "TextPositionSelector"
                assert 0 <= selector["start"] <= selector["end"]
                assert all(type(selector[k]) is int for k in ("start", "end"))
        extension = [k for k in ann if k not in (
            "@context", "id", "type", "motivation", "created", "modified", "generated",
            "body", "target", "stylesheet")]
        assert extension in (["https://reader.invalid/ns#state"],
                             ["https://reader.invalid/ns#state", "https://reader.invalid/ns#history"])
        assert all(is_iri(k) for k in ann[extension[0]])
        for earlier in ann.get("https://reader.invalid/ns#history", []):
            assert all(is_iri(k) for k in earlier if k != "selector")


def test_w3c_earlier_anchors_are_reader_history_entries_with_selectors():
    moved = make_note(5, anchor_history=EARLIER)
    plain, with_history = to_w3c([make_note(4), moved], ARTICLES, collection=False)
    assert "https://reader.invalid/ns#history" not in plain  # none: nothing written
    first, second = with_history["https://reader.invalid/ns#history"]
    ns = "https://reader.invalid/ns#"
    assert (first[ns + "changed"], first[ns + "reason"], first[ns + "articleId"],
            first[ns + "articleTitle"]) == ("2026-11-25T08:00:00+00:00", "re-attached",
                                            "gone" * 4, "Gone “before”")
    assert first["selector"] == [
        {"type": "TextQuoteSelector", "exact": "the first\npassage 🙂"},
        {"type": "TextPositionSelector", "start": 0, "end": 18}]
    assert second["selector"][0] == {"type": "TextQuoteSelector", "exact": "passage number 30",
                                     "prefix": "before ", "suffix": " after"}


def test_w3c_motivation_and_bodies():
    plain, tagged, noted = (make_note(1), make_note(2, tags=["t"]), make_note(3, body="b"))
    a_plain, a_tagged, a_noted = to_w3c([plain, tagged, noted], {}, collection=False)
    assert a_plain["motivation"] == "highlighting" and "body" not in a_plain
    assert a_tagged["motivation"] == "highlighting"
    assert a_tagged["body"] == [{"type": "TextualBody", "value": "t", "purpose": "tagging"}]
    assert a_noted["motivation"] == "commenting"
    assert a_noted["body"] == [{"type": "TextualBody", "value": "b",
                                "format": "text/markdown", "purpose": "commenting"}]
