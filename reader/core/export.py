"""Export notes to Markdown, W3C Web Annotation JSON-LD and CSV; import W3C.

Everything here is a pure function of its arguments except
``write_markdown_folder``, which writes files.  Only the standard library is
used: the YAML front matter is written by hand, every string as a JSON-style
double-quoted scalar (JSON's string syntax is valid YAML), so no YAML library
is needed at run time.

Notes are exported even when their article is gone: ``ArticleMeta`` describes
an article as the library knows it now, and when the library has none for a
note, the note's own ``article_title``/``article_path`` stand in.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

from reader.core.model import ExportError, NoteFilter
from reader.core.model import (
    COLORS,
    FUZZY,
    INTACT,
    ORPHANED,
    STATUSES,
    Note,
    article_id_for,
)


@dataclass(frozen=True)
class ArticleMeta:
    """What export needs to know about an article (no text, no blocks)."""

    id: str
    path: str
    title: str
    date: str = ""
    author: str = ""
    source: str = ""


# --------------------------------------------------------------------------
# Filtering and links


def apply_filter(notes: Iterable[Note], flt: NoteFilter) -> list[Note]:
    """The notes that pass every constraint of ``flt``, in their given order.

    Dates are compared on the calendar date written in the note's own
    ``created`` timestamp (the analyst's local date when the note was made),
    so a note never shifts a day because the export runs in another zone.
    A note without a readable ``created`` fails any date constraint: it
    cannot be shown to fall inside the range.
    """
    tags = None if flt.tags is None else frozenset(tag.casefold() for tag in flt.tags)
    return [note for note in notes if _matches(note, flt, tags)]


def _matches(note: Note, flt: NoteFilter, tags: frozenset[str] | None) -> bool:
    """``tags`` is ``flt.tags`` case-folded once for the whole run."""
    if flt.article_ids is not None and note.article_id not in flt.article_ids:
        return False
    if flt.note_ids is not None and note.id not in flt.note_ids:
        return False
    if flt.colors is not None and note.color not in flt.colors:
        return False
    if tags is not None and not any(tag.casefold() in tags for tag in note.tags):
        return False
    if flt.since is None and flt.until is None:
        return True
    return _in_range(_created_date(note), flt.since, flt.until)


def _created_date(note: Note) -> date | None:
    try:
        return datetime.fromisoformat(note.created).date()
    except ValueError:
        return None


def _in_range(day: date | None, since: date | None, until: date | None) -> bool:
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def deep_link(note: Note) -> str:
    """A link that opens Reader on the note: ``reader://article/<article_id>?note=<note_id>``.

    The scheme: host ``article``, one path segment that is the article id
    (``reader.core.model.article_id_for``), and a ``note`` query parameter
    holding the note's UUID; both percent-encoded.  Reader resolves the
    article by id and scrolls to the note, so the link survives the article
    file being re-indexed; it does not survive the file being moved (the id
    is derived from the path).
    """
    article = quote(note.article_id, safe="")
    return f"reader://article/{article}?note={quote(note.id, safe='')}"


# --------------------------------------------------------------------------
# Shared helpers


def _timestamp(exported_at: datetime | None) -> str:
    """ISO 8601 with a zone; a naive datetime is taken as local time."""
    moment = exported_at or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def _meta_for(note: Note, articles: Mapping[str, ArticleMeta]) -> ArticleMeta:
    """The library's view of the note's article, or the note's memory of it."""
    meta = articles.get(note.article_id)
    if meta is None:
        meta = ArticleMeta(id=note.article_id, path=note.article_path, title=note.article_title)
    return meta


def _display_title(meta: ArticleMeta) -> str:
    title = " ".join(meta.title.split())
    return title or Path(meta.path).stem or "Untitled article"


def _group(
    notes: Iterable[Note], articles: Mapping[str, ArticleMeta]
) -> list[tuple[ArticleMeta, list[Note]]]:
    """Notes grouped by article, articles ordered by title (then id, for stability)."""
    groups: dict[str, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.article_id, []).append(note)
    pairs = [(_meta_for(group[0], articles), group) for group in groups.values()]
    return sorted(pairs, key=lambda pair: (_display_title(pair[0]).casefold(), pair[0].id))


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------
# Markdown building blocks

NOTE_OPEN = "<!-- reader-note: {} -->"
NOTE_CLOSE = "<!-- /reader-note: {} -->"
KEEP_MARKER = "<!-- reader: your notes below are kept -->"
LOST_HEADING = "Notes that lost their passage"

# Characters YAML treats as line breaks or non-printable inside a quoted
# scalar but JSON leaves raw: DEL and C1 controls (incl. NEL), LS, PS, BOM,
# the non-characters and lone surrogates.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# After an optional indent, these start a block construct (heading, list,
# quote, fence, thematic break, setext underline, HTML, link definition,
# table, Obsidian math/comment) when they begin a line.
_BLOCK_START_CHARS = "#>+-*=_`~|<[$%"
_ORDERED_MARKER = re.compile(r"\d{1,9}(?=[.)])")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&~$%])")
_TAG_UNSAFE = re.compile(r"[^\w/-]+")


def _yaml_str(value: str) -> str:
    """A YAML double-quoted scalar that loads back to exactly ``value``."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _front_matter(fields: Mapping[str, str | int | Sequence[str]]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, (str, int)):
            lines.append(f"{key}: {_yaml_str(value) if isinstance(value, str) else value}")
        elif value:
            lines.append(f"{key}:")
            lines.extend(f"  - {_yaml_str(item)}" for item in value)
        else:
            lines.append(f"{key}: []")
    lines.append("---")
    return "\n".join(lines)


def _escape_inline(text: str) -> str:
    """One line of literal text (a title, an author) that renders as written."""
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _code(text: str) -> str:
    """An inline code span holding ``text`` verbatim, whatever backticks it contains."""
    text = " ".join(_newlines(text).split("\n"))
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _escape_block_start(line: str) -> str:
    """Make a passage line plain paragraph text inside a blockquote.

    Only the start of the line matters: "> # x" or "> - x" would be a heading
    or list inside the quote.  Leading whitespace is dropped (four spaces
    would make a code block, and Markdown ignores it in paragraphs anyway).
    """
    line = line.lstrip(" \t")
    ordered = _ORDERED_MARKER.match(line)
    if ordered:
        return f"{line[:ordered.end()]}\\{line[ordered.end():]}"
    return f"\\{line}" if line[:1] in _BLOCK_START_CHARS else line


def _blockquote(passage: str) -> str:
    """Each line of the passage (one article block) as a paragraph of one quote."""
    lines = [_escape_block_start(line) for line in _newlines(passage).split("\n")]
    return "\n>\n".join(f"> {line}" for line in lines if line)


def _tag_name(tag: str) -> str:
    """Obsidian's tag syntax: no spaces or punctuation other than ``_ - /``."""
    return _TAG_UNSAFE.sub("-", unicodedata.normalize("NFC", tag.strip())).strip("-")


def _tag_union(notes: Iterable[Note]) -> list[str]:
    seen: dict[str, str] = {}
    for note in notes:
        for name in filter(None, map(_tag_name, note.tags)):
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def _meta_items(meta: ArticleMeta) -> list[tuple[str, str]]:
    """(label, Markdown) pairs for the article's known metadata."""
    items = [
        ("Author", _escape_inline(meta.author)),
        ("Source", _escape_inline(meta.source)),
        ("Date", _escape_inline(meta.date)),
    ]
    if meta.path:
        items.append(("File", _code(meta.path)))
    return [(label, value) for label, value in items if value]


def _details_line(note: Note) -> str:
    tags = " ".join(f"#{name}" for name in map(_tag_name, note.tags) if name)
    bits = [f"Tags: {tags}"] if tags else []
    bits.append(f"Colour: {_escape_inline(note.color)}")
    if note.status == FUZZY:
        bits.append(f"Passage matched approximately ({note.score:.0%})")
    return " · ".join(bits)


def _note_block(note: Note, meta: ArticleMeta) -> str:
    """One note, wrapped in markers that name it, so a re-export can find it.

    The body is the analyst's own Markdown and goes in untouched (only line
    endings are normalised), separated by blank lines from the rest.
    """
    parts = [NOTE_OPEN.format(note.id)]
    if note.exact.strip():
        parts.append(_blockquote(note.exact))
    body = _newlines(note.body).strip("\n")
    if body.strip():
        parts.append(body)
    parts.append(_details_line(note))
    link = f"[Open in Reader]({deep_link(note)})"
    parts.append(f"{link} · {_code(meta.path)}" if meta.path else link)
    parts.append(NOTE_CLOSE.format(note.id))
    return "\n\n".join(parts)


def _reading_order(note: Note) -> tuple[int, int, str, str]:
    return (note.start, note.end, note.created, note.id)


def _note_blocks(notes: Sequence[Note], meta: ArticleMeta, lost_level: int) -> list[str]:
    """Notes in reading order; orphans (whose offsets mean nothing) last, by age."""
    placed = sorted((n for n in notes if n.status != ORPHANED), key=_reading_order)
    lost = sorted((n for n in notes if n.status == ORPHANED), key=lambda n: (n.created, n.id))
    blocks = [_note_block(note, meta) for note in placed]
    if lost:
        blocks.append(f"{'#' * lost_level} {LOST_HEADING}")
        blocks.extend(_note_block(note, meta) for note in lost)
    return blocks


# --------------------------------------------------------------------------
# Markdown: one document, or one file per article


def to_markdown(
    notes: Sequence[Note],
    articles: Mapping[str, ArticleMeta],
    exported_at: datetime | None = None,
) -> str:
    """All the notes as ONE Markdown document, e.g. to paste into a report.

    Front matter is only valid at the very top of a file, so the document
    has a single front matter (title "Reader notes", ``exported_at``,
    ``note_count``, ``article_count``) and each article is a ``## Title``
    section whose metadata is a small bullet list; orphaned notes sit under
    a ``### Notes that lost their passage`` subheading.  The per-article
    front matter lives in ``write_markdown_folder``'s files instead.
    """
    groups = _group(notes, articles)
    header = _front_matter({
        "title": "Reader notes",
        "exported_at": _timestamp(exported_at),
        "note_count": sum(len(group) for _, group in groups),
        "article_count": len(groups),
    })
    parts = [header, "# Reader notes"]
    for meta, group in groups:
        parts.append(f"## {_escape_inline(_display_title(meta))}")
        items = _meta_items(meta)
        if items:
            parts.append("\n".join(f"- {label}: {value}" for label, value in items))
        parts.extend(_note_blocks(group, meta, lost_level=3))
    if not groups:
        parts.append("No notes to export.")
    return "\n\n".join(parts) + "\n"


def _article_document(meta: ArticleMeta, notes: Sequence[Note], stamp: str) -> str:
    """Reader's part of an article's file, ending with the keep marker line.

    The front matter ``tags`` use the same Obsidian tag syntax as the inline
    ``#tags`` (no spaces), so the vault indexes them as tags.
    """
    title = _display_title(meta)
    header = _front_matter({
        "title": title,
        "source": meta.source,
        "author": meta.author,
        "date": meta.date,
        "path": meta.path,
        "tags": _tag_union(notes),
        "exported_at": stamp,
        "reader_article_id": meta.id,
    })
    parts = [header, f"# {_escape_inline(title)}"]
    line = " · ".join(f"{label}: {value}" for label, value in _meta_items(meta))
    if line:
        parts.append(line)
    parts.extend(_note_blocks(notes, meta, lost_level=2))
    parts.append(KEEP_MARKER)
    return "\n\n".join(parts) + "\n"


def write_markdown_folder(
    notes: Sequence[Note],
    articles: Mapping[str, ArticleMeta],
    folder: Path,
    exported_at: datetime | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """Write one Markdown file per article into ``folder``; return the files written.

    Re-exporting updates in place: the file for an article is found by the
    ``reader_article_id`` in its front matter (top level of ``folder`` only),
    so renaming the file or the article keeps it.  A new file is called
    ``<slug of title>-<first 8 chars of id>.md``, with ``-2``, ``-3``... if
    that name is taken.  Reader's part of the file is regenerated from the
    notes given (so an edited note is updated and a deleted one disappears);
    text the analyst wrote below the ``KEEP_MARKER`` line is kept.  Files
    without a ``reader_article_id`` are never touched, nor are articles with
    no notes in this export.  Each file is replaced atomically, so a crash
    leaves either the old or the new file.  ``cancelled`` is checked between
    files; the files written so far are complete.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _timestamp(exported_at)
    existing = _reader_files(folder)
    groups = _group(notes, articles)
    written: list[Path] = []
    for meta, group in groups:
        if cancelled is not None and cancelled():
            break
        path = _target_path(folder, meta, existing, written)
        write_atomic(path, _article_document(meta, group, stamp) + _kept_tail(path))
        written.append(path)
        if progress is not None:
            progress(len(written), len(groups))
    return written


_ARTICLE_ID_LINE = re.compile(r"""reader_article_id:\s*["']?([^"'\s#]+)""")
_MAX_HEADER_LINES = 200
_MAX_LINE = 4096


def _reader_files(folder: Path) -> dict[str, list[Path]]:
    """Reader-written ``.md`` files in ``folder``, by the article id in their front matter."""
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.md")):
        article_id = _front_matter_article_id(path) if path.is_file() else None
        if article_id:
            found.setdefault(article_id, []).append(path)
    return found


def _front_matter_article_id(path: Path) -> str | None:
    """Read only the front matter; tolerate it being re-serialised (e.g. by Obsidian)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            if fh.readline(_MAX_LINE).strip() != "---":
                return None
            for _ in range(_MAX_HEADER_LINES):
                raw = fh.readline(_MAX_LINE)
                line = raw.strip()
                if not raw or line in ("---", "..."):
                    return None
                match = _ARTICLE_ID_LINE.match(line)
                if match:
                    return match.group(1)
    except OSError:
        return None
    return None


def _target_path(
    folder: Path, meta: ArticleMeta, existing: Mapping[str, list[Path]], taken: list[Path]
) -> Path:
    preferred = folder / _file_name(meta)
    candidates = [path for path in existing.get(meta.id, []) if path not in taken]
    if candidates:
        return preferred if preferred in candidates else candidates[0]
    used = {path.name.casefold() for path in taken}
    path, n = preferred, 1
    while path.name.casefold() in used or path.exists() or path.is_symlink():
        n += 1
        path = folder / f"{preferred.stem}-{n}.md"
    return path


_SLUG_CHARS = 60
_SLUG_BYTES = 180  # leaves room for "-<id8>-<n>.md" under the usual 255-byte limit


def _file_name(meta: ArticleMeta) -> str:
    return f"{_slug(_display_title(meta))}-{_slug(meta.id)[:8] or 'noid'}.md"


def _slug(text: str) -> str:
    """Lower-case words joined by hyphens; letters of any script are kept.

    Path separators, dots, reserved characters and controls all become
    hyphens, so the result is a safe file name on every platform.
    """
    text = unicodedata.normalize("NFC", text).lower()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else "-" for ch in text)
    slug = re.sub("-{2,}", "-", kept).strip("-")[:_SLUG_CHARS]
    while len(slug.encode("utf-8")) > _SLUG_BYTES:
        slug = slug[:-1]
    return slug.strip("-") or "article"


def _kept_tail(path: Path) -> str:
    """What the analyst wrote below Reader's keep marker in ``path`` ("" if none).

    The marker is the first one outside any note's wrapper, so a note body
    that happens to contain the marker line cannot move the boundary.
    """
    if not path.exists():
        return ""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        text = fh.read()
    inside: str | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        offset += len(line)
        stripped = line.strip()
        if inside is not None:
            inside = None if stripped == NOTE_CLOSE.format(inside) else inside
        elif stripped == KEEP_MARKER:
            return text[offset:]
        elif stripped.startswith("<!-- reader-note: ") and stripped.endswith(" -->"):
            inside = stripped[len("<!-- reader-note: "):-len(" -->")]
    return ""


def write_atomic(path: Path, text: str) -> None:
    """Write so the file is the old or the new version, never half of one.

    Via a temporary file in the same folder, fsync, then ``os.replace``; the
    old file's permissions are kept.  Every file Reader writes for the user
    (exports, its configuration) goes through here.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8", errors="surrogateescape")
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows (POSIX); best effort."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------
# W3C Web Annotation JSON-LD

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
READER_NS = "https://reader.invalid/ns#"
STATE_KEY = READER_NS + "state"
COLOR_CLASS_PREFIX = "reader-color-"
# Reader state without a W3C home: (name under READER_NS, Note attribute, JSON types).
_STATE_FIELDS: tuple[tuple[str, str, tuple[type, ...]], ...] = (
    ("articleId", "article_id", (str,)),
    ("articlePath", "article_path", (str,)),
    ("articleTitle", "article_title", (str,)),
    ("fingerprint", "fingerprint", (str,)),
    ("status", "status", (str,)),
    ("score", "score", (int, float)),
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


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
      context.
    - What has no W3C home (article id, title and path as the note recorded
      them, fingerprint, anchoring status and score) goes under the single
      extension property ``https://reader.invalid/ns#state``, whose keys are
      full IRIs too, so JSON-LD processors keep them.
    """
    stamp = _timestamp(exported_at)
    items = [_annotation(note, _meta_for(note, articles), stamp) for note in notes]
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
    annotation[STATE_KEY] = {
        READER_NS + name: getattr(note, attr) for name, attr, _ in _STATE_FIELDS
    }
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
    selectors: list[dict] = []
    if note.exact:
        quote_selector = {"type": "TextQuoteSelector", "exact": note.exact}
        context = {"prefix": note.prefix, "suffix": note.suffix}
        quote_selector.update({key: value for key, value in context.items() if value})
        selectors.append(quote_selector)
    selectors.append({"type": "TextPositionSelector", "start": note.start, "end": note.end})
    return {
        "type": "SpecificResource",
        "source": _source_iri(meta.path or note.article_path, note.article_id),
        "styleClass": COLOR_CLASS_PREFIX + note.color,
        "selector": selectors,
    }


def _source_iri(path: str, article_id: str) -> str:
    """The article file's ``file:`` URI; the deep link when no path is known."""
    if not path:
        return f"reader://article/{quote(article_id, safe='')}"
    return Path(path).absolute().as_uri()


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
    )


def _note_id(iri: object) -> str:
    if not isinstance(iri, str) or not iri:
        raise ExportError("it has no id (an Annotation MUST have an IRI)")
    if iri[:9].lower() == "urn:uuid:" and _UUID.fullmatch(iri[9:]):
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
    for name, attr, kinds in _STATE_FIELDS:
        key = READER_NS + name
        if key in raw:
            value = raw[key]
            if not isinstance(value, kinds) or isinstance(value, bool):
                raise ExportError(f"{key} has the wrong type ({type(value).__name__})")
            state[attr] = value
    if not 0 <= state.get("score", 0) <= 1:
        raise ExportError(f"{READER_NS}score must be between 0 and 1")
    return state


# --------------------------------------------------------------------------
# CSV

CSV_HEADER = (
    "note_id", "article_title", "article_path", "article_id", "start", "end", "quote",
    "note", "tags", "color", "status", "score", "created", "modified",
)


def to_csv(notes: Iterable[Note], articles: Mapping[str, ArticleMeta]) -> str:
    """One row per note, in the given order, RFC 4180 style (``\\r\\n`` rows, no BOM).

    Cells with commas, quotes or newlines are quoted by the ``csv`` module;
    write the result with ``newline=""`` so rows keep their ``\\r\\n``.  Tags
    are joined by ``"; "``.  Cells are written as they are: no spreadsheet
    formula neutralising, which would change the data.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for note in notes:
        meta = _meta_for(note, articles)
        writer.writerow([
            note.id, meta.title, meta.path, note.article_id, note.start, note.end,
            note.exact, note.body, "; ".join(note.tags), note.color, note.status,
            note.score, note.created, note.modified,
        ])
    return out.getvalue()
