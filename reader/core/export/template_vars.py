"""What a Markdown export template receives: the variables and the filters.

A template (built-in or the analyst's own, see ``templating``) renders
either the whole export as one document or one article's file of a folder
export, and gets the same variables either way:

``title``
    "Reader notes" for one document; the article's title for its own file.
``per_article``
    True when rendering one article's file of a folder export.
``exported_at``
    When the export ran (ISO 8601 with a zone).  In a folder export, a file
    whose notes did not change keeps the time it was last written, so a
    re-export leaves it byte for byte as it was.
``with_colour``
    True when the analyst asked for the highlight colours (``--with-colour``).
``front_matter``
    Ready YAML front matter (``---`` lines included), keys without a value
    left out.  One document: ``title``, ``exported_at``, ``note_count``,
    ``article_count``.  An article's file: ``title``, ``source``,
    ``author``, ``date``, ``path``, ``tags``, ``exported_at`` and
    ``reader_article_id``, which a re-export uses to find the file again: a
    template for folder exports must write it.
``note_count``, ``article_count``
    How many notes and articles the export holds.
``lost_heading``
    "Notes that lost their passage", the heading Reader puts over ``lost``.
``articles``
    The articles, by title; each has ``id``, ``title`` (plain text),
    ``title_md`` (escaped for Markdown), ``path``, ``author``, ``source``,
    ``date`` (as stored, ISO), ``date_text`` ("24 November 2016"), ``link``
    (``reader://`` link to the article), ``tags`` (every note's tags, safe as
    Obsidian tags), ``notes`` (placed notes, in reading order) and ``lost``
    (notes whose passage was lost, oldest first).
Each note has
    ``id``, ``block_id`` (a short id derived from the note's id, the same at
    every export: ``note-1a2b3c4d``; Obsidian's ``^`` is the template's), ``quote`` (the passage, plain text),
    ``quote_md`` (the passage as a Markdown blockquote, escaped), ``citation``
    ("— *Title*, Source, 24 November 2016, p. 12": the parts not known left
    out), ``page`` (0 when unknown), ``body`` (the analyst's Markdown, as
    written), ``tags`` (as the analyst typed them), ``hashtags`` (the tags as
    ``#tags`` Obsidian accepts, joined by spaces), ``color``, ``status``
    (intact, moved, fuzzy, orphaned), ``score`` (0 to 1), ``created``,
    ``modified`` and ``link`` (the ``reader://`` link that opens Reader on
    the note).  A body line that is the keep marker, which ends Reader's part
    of an article's file, is given a leading backslash.

Filters: ``md`` (one line of literal text escaped for Markdown),
``blockquote`` (text as a quote, escaped), ``quoted`` (Markdown put inside a
quote or callout: each line prefixed with ``>``), ``code`` (an inline code
span), ``tag`` (a tag Obsidian accepts, without the ``#``).
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from reader.core.model import ORPHANED, Note, article_link, format_date

from .common import ArticleMeta, deep_link, display_title, group_by_article, newlines, page_at
from .frontmatter import front_matter
from .markdown import LOST_HEADING, citation
from .mdescape import blockquote, code, escape_inline, tag_name

#: The line that ends Reader's part of an article's file written by a template:
#: a link reference definition, which renders as nothing (no HTML comment).
TEMPLATE_KEEP_MARKER = "[//]: # (reader: your notes below are kept)"

def block_id(note_id: str) -> str:
    """``note-`` and eight hex digits of the SHA-1 of the note's id: a stable Obsidian block id.

    The same note gets the same id at every export, so ``[[file#^note-…]]``
    links keep working; a hash of the whole id, not its first digits, because
    imported and time-based ids may share their start.  Only letters, digits
    and hyphens, as Obsidian wants.
    """
    return "note-" + hashlib.sha1(note_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def obsidian_tag(tag: str) -> str:
    """``tag`` as Obsidian accepts it: no spaces or punctuation but ``_ - /``, not all digits.

    Nested tags (``topic/sub``) are kept; empty levels are dropped.  A tag of
    digits only (``1984``) is no tag to Obsidian, so it gets a leading ``_``.
    """
    name = "/".join(part for part in tag_name(tag).split("/") if part.strip("-"))
    return f"_{name}" if name.isdigit() else name


def quoted(markdown: str) -> str:
    """Markdown put inside a quote or callout: ``> `` before each line (``>`` alone on blank ones)."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in newlines(markdown).split("\n"))


FILTERS = {"md": escape_inline, "blockquote": blockquote, "quoted": quoted, "code": code,
           "tag": obsidian_tag}


def _tags(notes: Sequence[Note]) -> list[str]:
    seen: dict[str, str] = {}
    for note in notes:
        for name in filter(None, map(obsidian_tag, note.tags)):
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def _body(text: str) -> str:
    """The note's Markdown as written, but never the keep marker line (it would end Reader's part)."""
    if not text.strip():
        return ""
    lines = newlines(text).strip("\n").split("\n")
    return "\n".join("\\" + line if line.strip() == TEMPLATE_KEEP_MARKER else line for line in lines)


def _note(note: Note, meta: ArticleMeta) -> dict[str, Any]:
    page = page_at(meta.pages, note.start) if note.status != ORPHANED else 0
    quote = newlines(note.exact)
    return {
        "id": note.id, "block_id": block_id(note.id),
        "quote": quote, "quote_md": blockquote(quote) if quote.strip() else "",
        "citation": citation(display_title(meta), meta.source, meta.date, page), "page": page,
        "body": _body(note.body),
        "tags": list(note.tags),
        "hashtags": " ".join(f"#{name}" for name in map(obsidian_tag, note.tags) if name),
        "color": note.color, "status": note.status, "score": note.score,
        "created": note.created, "modified": note.modified, "link": deep_link(note),
    }


def _article(meta: ArticleMeta, notes: Sequence[Note]) -> dict[str, Any]:
    placed = sorted((n for n in notes if n.status != ORPHANED),
                    key=lambda n: (n.start, n.end, n.created, n.id))
    lost = sorted((n for n in notes if n.status == ORPHANED), key=lambda n: (n.created, n.id))
    title = display_title(meta)
    return {
        "id": meta.id, "title": title, "title_md": escape_inline(title), "path": meta.path,
        "author": meta.author, "source": meta.source, "date": meta.date,
        "date_text": format_date(meta.date[:10]), "link": article_link(meta.id),
        "tags": _tags(notes),
        "notes": [_note(n, meta) for n in placed], "lost": [_note(n, meta) for n in lost],
    }


def document_vars(notes: Sequence[Note], articles: Mapping[str, ArticleMeta], stamp: str,
                  with_colour: bool) -> dict[str, Any]:
    """The variables for the whole export as one document."""
    groups = group_by_article(notes, articles)
    count = sum(len(group) for _, group in groups)
    header = front_matter({"title": "Reader notes", "exported_at": stamp, "note_count": count,
                           "article_count": len(groups)})
    return {"title": "Reader notes", "per_article": False, "exported_at": stamp,
            "with_colour": with_colour, "front_matter": header, "note_count": count,
            "article_count": len(groups), "lost_heading": LOST_HEADING,
            "articles": [_article(meta, group) for meta, group in groups]}


def article_vars(meta: ArticleMeta, notes: Sequence[Note], stamp: str,
                 with_colour: bool) -> dict[str, Any]:
    """The variables for one article's file of a folder export."""
    article = _article(meta, notes)
    fields = {"title": article["title"], "source": meta.source, "author": meta.author,
              "date": meta.date, "path": meta.path, "tags": article["tags"],
              "exported_at": stamp, "reader_article_id": meta.id}
    header = front_matter({key: value for key, value in fields.items() if value})
    return {"title": article["title"], "per_article": True, "exported_at": stamp,
            "with_colour": with_colour, "front_matter": header, "note_count": len(notes),
            "article_count": 1, "lost_heading": LOST_HEADING, "articles": [article]}
