"""Notes as W3C Web Annotations (JSON-LD), with Reader's own state kept losslessly."""
from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from reader.core.model import Note, article_link

from .common import ArticleMeta, meta_for, timestamp

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
READER_NS = "https://reader.invalid/ns#"
STATE_KEY = READER_NS + "state"
#: The anchors a note had before (``Note.anchor_history``), the oldest first.
HISTORY_KEY = READER_NS + "history"
COLOR_CLASS_PREFIX = "reader-color-"
# The CSS of each colour class (Reader's light theme): the model says an
# annotation that uses ``styleClass`` MUST carry the stylesheet defining it.
HIGHLIGHT_CSS = {"yellow": "#fff3a3", "green": "#c9f2c7", "blue": "#cde3ff", "pink": "#ffd3e6",
                 "purple": "#e6d7ff"}
# Reader state without a W3C home: (name under READER_NS, Note attribute, JSON types).
STATE_FIELDS: tuple[tuple[str, str, tuple[type, ...]], ...] = (
    ("articleId", "article_id", (str,)),
    ("articlePath", "article_path", (str,)),
    ("articleTitle", "article_title", (str,)),
    ("fingerprint", "fingerprint", (str,)),
    ("status", "status", (str,)),
    ("score", "score", (int, float)),
)


UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def to_w3c(
    notes: Sequence[Note],
    articles: Mapping[str, ArticleMeta],
    *,
    collection: bool = True,
    exported_at: datetime | None = None,
) -> dict | list:
    """The notes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

    Returns an ``AnnotationCollection`` with every annotation on its embedded
    ``first`` page, or (``collection=False``) a list of annotations, each with
    its own ``@context``.  The mapping, chosen so that ``from_w3c`` gives the
    notes back exactly:

    - ``id`` ``urn:uuid:<note id>``; ``motivation`` ``commenting`` when the
      note has a body, ``highlighting`` otherwise; ``created``/``modified``
      as stored; ``generated`` is the export time.
    - ``body``: a ``TextualBody`` (``text/markdown``, purpose ``commenting``)
      for the note, one ``TextualBody`` with purpose ``tagging`` per tag;
      omitted when there is neither (an annotation MAY have no body).
    - ``target``: a ``SpecificResource`` whose ``source`` is the article's
      ``file:`` URI, with a ``TextQuoteSelector`` and a
      ``TextPositionSelector`` (code-point offsets into Reader's extracted
      text of the article, not into the raw file).  The colour is the
      target's ``styleClass`` ``reader-color-<colour>``: styling a
      highlight is what ``styleClass`` is for, and it is in the standard
      context; the annotation's ``stylesheet`` (an embedded
      ``CssStylesheet``) defines the class, as section 4.4 requires.
    - What has no W3C home (article id, title and path as the note recorded
      them, fingerprint, anchoring status and score) goes under the single
      extension property ``https://reader.invalid/ns#state``, whose keys are
      full IRIs too, so JSON-LD processors keep them.
    - The passages a note was on before a re-attach or a move
      (``anchor_history``), when it has any, go under
      ``https://reader.invalid/ns#history``: a list, the oldest first, of
      objects with ``#changed`` (when), ``#reason``, ``#articleId``,
      ``#articleTitle`` and the old ``selector``s, shaped as the target's.
    """
    stamp = timestamp(exported_at)
    items = [_annotation(note, meta_for(note, articles), stamp) for note in notes]
    if not collection:
        return [{"@context": ANNO_CONTEXT, **item} for item in items]
    return {
        "@context": ANNO_CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": "Reader notes",
        "generated": stamp,
        "total": len(items),
        "first": {
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def _annotation(note: Note, meta: ArticleMeta, stamp: str) -> dict:
    annotation: dict = {
        "id": f"urn:uuid:{note.id}",
        "type": "Annotation",
        "motivation": "commenting" if note.body else "highlighting",
    }
    if note.created:
        annotation["created"] = note.created
    if note.modified:
        annotation["modified"] = note.modified
    annotation["generated"] = stamp
    bodies = _w3c_bodies(note)
    if bodies:
        annotation["body"] = bodies
    annotation["target"] = _w3c_target(note, meta)
    annotation["stylesheet"] = {
        "type": "CssStylesheet",
        "value": f".{COLOR_CLASS_PREFIX}{note.color} {{ background-color: "
                 f"{HIGHLIGHT_CSS.get(note.color, HIGHLIGHT_CSS['yellow'])}; }}",
    }
    annotation[STATE_KEY] = {
        READER_NS + name: getattr(note, attr) for name, attr, _ in STATE_FIELDS
    }
    if note.anchor_history:
        annotation[HISTORY_KEY] = [{
            READER_NS + "changed": earlier.when,
            READER_NS + "reason": earlier.reason,
            READER_NS + "articleId": earlier.article_id,
            READER_NS + "articleTitle": earlier.article_title,
            "selector": _w3c_selectors(earlier.exact, earlier.prefix, earlier.suffix,
                                       earlier.start, earlier.end),
        } for earlier in note.anchor_history]
    return annotation


def _w3c_bodies(note: Note) -> list[dict]:
    bodies = []
    if note.body:
        bodies.append({
            "type": "TextualBody", "value": note.body,
            "format": "text/markdown", "purpose": "commenting",
        })
    bodies.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags)
    return bodies


def _w3c_target(note: Note, meta: ArticleMeta) -> dict:
    return {
        "type": "SpecificResource",
        "source": _source_iri(meta.path or note.article_path, note.article_id),
        "styleClass": COLOR_CLASS_PREFIX + note.color,
        "selector": _w3c_selectors(note.exact, note.prefix, note.suffix, note.start, note.end),
    }


def _w3c_selectors(exact: str, prefix: str, suffix: str, start: int, end: int) -> list[dict]:
    """A passage as a TextQuoteSelector (when it has a quote) and a TextPositionSelector."""
    selectors: list[dict] = []
    if exact:
        quote_selector = {"type": "TextQuoteSelector", "exact": exact}
        context = {"prefix": prefix, "suffix": suffix}
        quote_selector.update({key: value for key, value in context.items() if value})
        selectors.append(quote_selector)
    selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    return selectors


def _source_iri(path: str, article_id: str) -> str:
    """The article file's ``file:`` URI; the deep link when no path is known."""
    if not path:
        return article_link(article_id)
    return Path(path).absolute().as_uri()
