"""The W3C export checked against the W3C's own JSON schemas for Web Annotations.

The schemas are the Web Annotation test suite's (w3c/web-annotation-tests,
vendored in ``w3c_schemas/`` with their licence): each ``*.test`` file lists
the MUST assertions of the model for an annotation, a collection and a page,
each one a draft-04 schema.  Every annotation of an export that holds every
kind of note (highlights, notes, tags, each colour with its stylesheet,
anchor history, orphans) must satisfy all of them, and so must the
collection and its embedded page.

The schemas use ``format: uri`` and ``format: date-time``; jsonschema checks
those only with optional packages, so the checker here does it itself
(RFC 3986's scheme-colon form and RFC 3339's date-time), so that a missing
package can never turn the check off silently.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from reader.core.export import to_w3c
from tests.core.export.helpers import ARTICLES, WHEN, all_kinds_of_notes

SCHEMAS = Path(__file__).parent / "w3c_schemas"
#: The schemas name each other by bare file name ("annotations.json#/..."): a common base resolves them.
BASE = "https://w3c.invalid/web-annotation-tests/"
ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"

FORMATS = FormatChecker(())


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:\S*", value) is not None


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or re.fullmatch(
        r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)", value) is not None


@cache
def _registry() -> Registry:
    resources = [(BASE + path.name, Resource(json.loads(path.read_text(encoding="utf-8")), DRAFT4))
                 for path in SCHEMAS.rglob("*.json")]
    return Registry().with_resources(resources)


def failures(test_list: str, instance: dict) -> list[str]:
    """The error message of each assertion in ``test_list`` that ``instance`` fails."""
    assertions = json.loads((SCHEMAS / test_list).read_text(encoding="utf-8"))["assertions"]
    failed = []
    for assertion in assertions:
        name = Path(assertion).name
        schema = _registry().contents(BASE + name)
        validator = Draft4Validator({"$ref": BASE + name}, registry=_registry(),
                                    format_checker=FORMATS)
        errors = list(validator.iter_errors(instance))
        if errors:
            failed.append(f"{assertion}: {schema['errorMessage']} ({errors[0].message[:300]})")
    return failed


@pytest.fixture(scope="module")
def export() -> dict:
    return to_w3c(all_kinds_of_notes(), ARTICLES, exported_at=WHEN)


def test_every_annotation_meets_the_models_musts(export):
    items = export["first"]["items"]
    assert {"highlighting", "commenting"} <= {item["motivation"] for item in items}
    for item in items:
        annotation = {"@context": export["@context"], **item}
        assert failures(ANNOTATION_MUSTS, annotation) == [], item["id"]


def test_the_collection_and_its_page_meet_the_models_musts(export):
    assert failures(COLLECTION_MUSTS, export) == []
    assert failures(PAGE_MUSTS, export) == []
    assert failures(PAGE_MUSTS, {"@context": export["@context"], **export["first"]}) == []


def test_an_export_through_the_library_meets_them(library):
    article = library.articles()[0]
    library.add_note(article.id, quote="Putin", body="A **note**.", tags=["two words", "x"],
                     color="green")
    library.add_note(article.id, quote="Russia", color="pink")
    text, _files, count = library.export_notes("w3c")
    data = json.loads(text)
    assert count == 2 and failures(COLLECTION_MUSTS, data) == []
    for item in data["first"]["items"]:
        assert failures(ANNOTATION_MUSTS, {"@context": data["@context"], **item}) == []


@pytest.mark.parametrize("broken, message", [
    ({"stylesheet": None}, "stylesheet"),
    ({"created": "24 November 2016"}, "created"),
    ({"@context": "http://example.org/context.jsonld"}, "@context"),
    ({"target": None}, "target"),
])
def test_the_schemas_do_catch_a_broken_annotation(export, broken, message):
    """The check is live: each schema family rejects what it is there to reject."""
    annotation = {"@context": export["@context"], **export["first"]["items"][0], **broken}
    annotation = {key: value for key, value in annotation.items() if value is not None}
    assert any(message in failure for failure in failures(ANNOTATION_MUSTS, annotation))
