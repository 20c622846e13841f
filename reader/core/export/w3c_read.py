"""W3C Web Annotations (as exported by Reader or another tool) read back into notes."""
from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from reader.core.model import (
    COLORS,
    INTACT,
    ORPHANED,
    STATUSES,
    EarlierAnchor,
    ExportError,
    Note,
    article_id_for,
)

from .w3c_write import COLOR_CLASS_PREFIX, HISTORY_KEY, READER_NS, STATE_FIELDS, STATE_KEY, UUID


def from_w3c(data: object) -> list[Note]:
    """Notes from parsed W3C JSON: a collection, a page, a list, or one annotation.

    Annotations written by ``to_w3c`` come back exactly.  Annotations made
    elsewhere (no Reader state) get these defaults:

    - a ``urn:uuid:`` id keeps its UUID; any other IRI becomes a UUID5 of
      it, so importing the same file twice yields the same notes;
    - the article path comes from a ``file:`` source (any other IRI is kept
      as the path) and the article id from ``article_id_for`` (a hash of the
      IRI for non-file sources); the title is the file name's stem;
    - ``fingerprint`` is "" so Reader re-anchors the note against the
      article on first use; status is ``intact`` (score 1.0) when a quote or
      position selector exists, else ``orphaned`` (score 0.0);
    - the first target only; ``TextualBody`` values become the note body
      (joined by blank lines), except ``tagging`` ones, which become tags;
      an IRI body is kept as an autolink; ``bodyValue`` counts as a body;
    - the colour from a ``reader-color-*`` ``styleClass``, else yellow.

    Anything that is not an annotation, lacks a required part (id, target,
    source), or has a part of the wrong type raises ``ExportError`` saying
    which annotation and what is wrong; nothing is half-imported.
    """
    notes: list[Note] = []
    seen: set[str] = set()
    for index, annotation in enumerate(_annotations(data), start=1):
        try:
            note = _note_from(annotation)
        except ExportError as exc:
            raise ExportError(f"annotation {index}: {exc}") from None
        if note.id in seen:
            raise ExportError(f"annotation {index}: duplicate id {annotation.get('id')!r}")
        seen.add(note.id)
        notes.append(note)
    return notes


def _types(obj: dict) -> set[str]:
    value = obj.get("type", obj.get("@type"))
    return {v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)}


def _iri(obj: dict) -> object:
    return obj.get("id", obj.get("@id"))


def _annotations(data: object) -> list:
    """The annotation objects in ``data``, which must be parsed JSON."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ExportError(
            "expected a W3C Annotation, AnnotationCollection or list of annotations "
            f"(parsed JSON), got {type(data).__name__}"
        )
    types = _types(data)
    if "Annotation" in types:
        return [data]
    if "AnnotationPage" in types:
        return _pages(data)
    if "AnnotationCollection" in types or "items" in data or "first" in data:
        return _items(data) + _pages(data.get("first"))
    raise ExportError("expected a W3C Annotation or AnnotationCollection, got an object "
                      f"of type {sorted(types) or 'unknown'}")


def _items(page: dict) -> list:
    items = page.get("items", [])
    if not isinstance(items, list):
        raise ExportError(f"'items' must be a list, got {type(items).__name__}")
    return items


def _pages(page: object) -> list:
    """Items of a page and of every embedded page after it."""
    items: list = []
    while page is not None:
        if not isinstance(page, dict):
            raise ExportError(f"the collection continues on page {page!r}, which is not in "
                              "this file; only collections with embedded pages can be imported")
        items += _items(page)
        page = page.get("next")
    return items


def _note_from(annotation: object) -> Note:
    if not isinstance(annotation, dict):
        raise ExportError(f"expected an object, got {type(annotation).__name__}")
    if "Annotation" not in _types(annotation):
        raise ExportError("its type is not 'Annotation'")
    note_id = _note_id(_iri(annotation))
    target = _target(annotation)
    source = _source(target)
    exact, prefix, suffix, start, end, anchored = _selectors(target)
    body, tags = _bodies(annotation)
    state = _state(annotation)
    path = _local_path(source)
    status = state.get("status", INTACT if anchored else ORPHANED)
    if status not in STATUSES:
        raise ExportError(f"unknown anchoring status {status!r}")
    return Note(
        id=note_id,
        article_id=state.get("article_id", _article_id(source, path)),
        article_path=state.get("article_path", path),
        article_title=state.get("article_title", Path(path).stem or source),
        fingerprint=state.get("fingerprint", ""),
        exact=exact, prefix=prefix, suffix=suffix, start=start, end=end,
        color=_color(target), tags=tags, body=body,
        created=_datetime(annotation, "created"), modified=_datetime(annotation, "modified"),
        status=status,
        score=float(state.get("score", 0.0 if status == ORPHANED else 1.0)),
        anchor_history=_history(annotation),
    )


def _note_id(iri: object) -> str:
    if not isinstance(iri, str) or not iri:
        raise ExportError("it has no id (an Annotation MUST have an IRI)")
    if iri[:9].lower() == "urn:uuid:" and UUID.fullmatch(iri[9:]):
        return iri[9:]
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def _target(annotation: dict) -> dict:
    """The first target, as an object (an IRI target is a whole resource)."""
    if "target" not in annotation:
        raise ExportError("it has no target")
    target = annotation["target"]
    if isinstance(target, list):
        if not target:
            raise ExportError("its target list is empty")
        target = target[0]
    if isinstance(target, str):
        return {"source": target}
    if not isinstance(target, dict):
        raise ExportError(f"its target must be an object or an IRI, got {type(target).__name__}")
    return target


def _source(target: dict) -> str:
    source = target["source"] if "source" in target else _iri(target)
    if isinstance(source, dict):
        source = _iri(source)
    if not isinstance(source, str) or not source:
        raise ExportError("its target has no source IRI")
    return source


def _local_path(source: str) -> str:
    """The file path of a ``file:`` URI; any other IRI is kept as it is."""
    parts = urlsplit(source)
    if parts.scheme.lower() != "file":
        return source
    host = "" if parts.netloc in ("", "localhost") else f"//{parts.netloc}"
    # Imported here: urllib.request brings http.client and 20 ms of imports
    # that every start would pay for the sake of an import of notes.
    from urllib.request import url2pathname

    return url2pathname(host + parts.path)


def _article_id(source: str, path: str) -> str:
    if urlsplit(source).scheme.lower() == "file":
        return article_id_for(Path(path))
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def _selectors(target: dict) -> tuple[str, str, str, int, int, bool]:
    """(exact, prefix, suffix, start, end, anchored) from the known selector types."""
    selectors = target.get("selector", [])
    quote_sel: dict | None = None
    position: dict | None = None
    for selector in selectors if isinstance(selectors, list) else [selectors]:
        if not isinstance(selector, dict):
            raise ExportError(f"a selector must be an object, got {type(selector).__name__}")
        types = _types(selector)
        if "TextQuoteSelector" in types and quote_sel is None:
            quote_sel = selector
        elif "TextPositionSelector" in types and position is None:
            position = selector
    exact, prefix, suffix = ("", "", "") if quote_sel is None else (
        _text(quote_sel, "exact", None),
        _text(quote_sel, "prefix", ""),
        _text(quote_sel, "suffix", ""),
    )
    start, end = (0, 0) if position is None else _offsets(position)
    return exact, prefix, suffix, start, end, bool(quote_sel or position)


def _text(obj: dict, key: str, default: str | None) -> str:
    value = obj.get(key, default)
    if not isinstance(value, str):
        what = "is missing" if value is None else f"must be a string, got {type(value).__name__}"
        raise ExportError(f"{key!r} {what}")
    return value


def _offsets(selector: dict) -> tuple[int, int]:
    start, end = selector.get("start"), selector.get("end")
    if not (_is_offset(start) and _is_offset(end) and start <= end):
        raise ExportError(
            f"TextPositionSelector needs integers 0 <= start <= end, got {start!r}, {end!r}")
    return start, end


def _is_offset(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _bodies(annotation: dict) -> tuple[str, list[str]]:
    """(note body, tags) from the annotation's bodies."""
    bodies = annotation.get("body", [])
    texts: list[str] = []
    if "bodyValue" in annotation:
        texts.append(_text(annotation, "bodyValue", None))
    tags: list[str] = []
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if isinstance(body, str):
            texts.append(f"<{body}>")
        elif not isinstance(body, dict):
            raise ExportError(f"a body must be an object or an IRI, got {type(body).__name__}")
        elif "value" in body:
            (tags if "tagging" in _purposes(body) else texts).append(_text(body, "value", None))
        elif isinstance(_iri(body), str):
            texts.append(f"<{_iri(body)}>")
        else:
            raise ExportError("a body has neither a value nor an id")
    return "\n\n".join(texts), tags


def _purposes(body: dict) -> set[str]:
    purpose = body.get("purpose", [])
    return {p for p in (purpose if isinstance(purpose, list) else [purpose]) if isinstance(p, str)}


def _color(target: dict) -> str:
    classes = target.get("styleClass", [])
    for entry in classes if isinstance(classes, list) else [classes]:
        if not isinstance(entry, str):
            raise ExportError(f"styleClass must be a string, got {type(entry).__name__}")
        for name in entry.split():
            color = name.removeprefix(COLOR_CLASS_PREFIX)
            if name.startswith(COLOR_CLASS_PREFIX) and color in COLORS:
                return color
    return COLORS[0]


def _datetime(annotation: dict, key: str) -> str:
    value = _text(annotation, key, "")
    if value:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise ExportError(f"'{key}' is not an ISO 8601 date-time: {value!r}") from None
    return value


def _state(annotation: dict) -> dict[str, Any]:
    """Reader's extension state, keyed by ``Note`` attribute, type-checked."""
    raw = annotation.get(STATE_KEY, {})
    if not isinstance(raw, dict):
        raise ExportError(f"{STATE_KEY} must be an object")
    state: dict[str, Any] = {}
    for name, attr, kinds in STATE_FIELDS:
        key = READER_NS + name
        if key in raw:
            value = raw[key]
            if not isinstance(value, kinds) or isinstance(value, bool):
                raise ExportError(f"{key} has the wrong type ({type(value).__name__})")
            state[attr] = value
    if not 0 <= state.get("score", 0) <= 1:
        raise ExportError(f"{READER_NS}score must be between 0 and 1")
    return state


def _history(annotation: dict) -> tuple[EarlierAnchor, ...]:
    """The earlier anchors under ``HISTORY_KEY`` (none in exports before it, or from elsewhere)."""
    entries = annotation.get(HISTORY_KEY, [])
    if not isinstance(entries, list):
        raise ExportError(f"{HISTORY_KEY} must be a list")
    history = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ExportError(f"{HISTORY_KEY} entry {number} must be an object")
        try:
            exact, prefix, suffix, start, end, _ = _selectors(entry)
            when = _datetime(entry, READER_NS + "changed")
            if not when:
                raise ExportError(f"'{READER_NS}changed' (when it changed) is missing")
            history.append(EarlierAnchor(
                when, _text(entry, READER_NS + "reason", ""),
                _text(entry, READER_NS + "articleId", ""),
                _text(entry, READER_NS + "articleTitle", ""), exact, prefix, suffix, start, end))
        except ExportError as exc:
            raise ExportError(f"{HISTORY_KEY} entry {number}: {exc}") from None
    return tuple(history)
