"""Notes as Markdown: one document, or the Reader part of an article's file."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from reader.core.model import FUZZY, ORPHANED, Article, Note, format_date

from .common import (
    ArticleMeta,
    deep_link,
    display_title,
    group_by_article,
    newlines,
    page_at,
    page_starts,
    timestamp,
)
from .frontmatter import front_matter
from .mdescape import blockquote, code, escape_inline, tag_name

NOTE_OPEN = "<!-- reader-note: {} -->"
NOTE_CLOSE = "<!-- /reader-note: {} -->"
KEEP_MARKER = "<!-- reader: your notes below are kept -->"
LOST_HEADING = "Notes that lost their passage"


def _tag_union(notes: Iterable[Note]) -> list[str]:
    seen: dict[str, str] = {}
    for note in notes:
        for name in filter(None, map(tag_name, note.tags)):
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def _meta_items(meta: ArticleMeta) -> list[tuple[str, str]]:
    """(label, Markdown) pairs for the article's known metadata."""
    items = [
        ("Author", escape_inline(meta.author)),
        ("Source", escape_inline(meta.source)),
        ("Date", escape_inline(meta.date)),
    ]
    if meta.path:
        items.append(("File", code(meta.path)))
    return [(label, value) for label, value in items if value]


def _details_line(note: Note) -> str:
    tags = " ".join(f"#{name}" for name in map(tag_name, note.tags) if name)
    bits = [f"Tags: {tags}"] if tags else []
    bits.append(f"Colour: {escape_inline(note.color)}")
    if note.status == FUZZY:
        bits.append(f"Passage matched approximately ({note.score:.0%})")
    return " · ".join(bits)


def citation(title: str, source: str, date: str, page: int) -> str:
    """``— *Title*, Source, 10 January 2019, p. 12``: where a quoted passage comes from.

    One rule for the exports and Copy as Markdown Quote, so a passage pasted
    from either reads the same in a report; the parts not known are left out.
    """
    parts = [f"*{escape_inline(title)}*"] if title else []
    parts += [escape_inline(value) for value in (source, format_date(date[:10])) if value]
    if page:
        parts.append(f"p. {page}")
    return "— " + ", ".join(parts)


def _note_block(note: Note, meta: ArticleMeta) -> str:
    """One note, wrapped in markers that name it, so a re-export can find it.

    The quoted passage is followed by its citation (with the page where it
    starts, for a PDF), the line Copy as Markdown Quote writes, so a note
    pasted into a report still says where it comes from.  The
    body is the analyst's own Markdown and goes in untouched (only line
    endings are normalised), separated by blank lines from the rest.
    """
    parts = [NOTE_OPEN.format(note.id)]
    if note.exact.strip():
        page = page_at(meta.pages, note.start) if note.status != ORPHANED else 0
        source = citation(display_title(meta), meta.source, meta.date, page)
        parts.extend((blockquote(note.exact), source))
    body = newlines(note.body).strip("\n")
    if body.strip():
        parts.append(body)
    parts.append(_details_line(note))
    link = f"[Open in Reader]({deep_link(note)})"
    parts.append(f"{link} · {code(meta.path)}" if meta.path else link)
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
    groups = group_by_article(notes, articles)
    header = front_matter({
        "title": "Reader notes",
        "exported_at": timestamp(exported_at),
        "note_count": sum(len(group) for _, group in groups),
        "article_count": len(groups),
    })
    parts = [header, "# Reader notes"]
    for meta, group in groups:
        parts.append(f"## {escape_inline(display_title(meta))}")
        items = _meta_items(meta)
        if items:
            parts.append("\n".join(f"- {label}: {value}" for label, value in items))
        parts.extend(_note_blocks(group, meta, lost_level=3))
    if not groups:
        parts.append("No notes to export.")
    return "\n\n".join(parts) + "\n"


def article_document(meta: ArticleMeta, notes: Sequence[Note], stamp: str) -> str:
    """Reader's part of an article's file, ending with the keep marker line.

    The front matter ``tags`` use the same Obsidian tag syntax as the inline
    ``#tags`` (no spaces), so the vault indexes them as tags.
    """
    title = display_title(meta)
    header = front_matter({
        "title": title,
        "source": meta.source,
        "author": meta.author,
        "date": meta.date,
        "path": meta.path,
        "tags": _tag_union(notes),
        "exported_at": stamp,
        "reader_article_id": meta.id,
    })
    parts = [header, f"# {escape_inline(title)}"]
    line = " · ".join(f"{label}: {value}" for label, value in _meta_items(meta))
    if line:
        parts.append(line)
    parts.extend(_note_blocks(notes, meta, lost_level=2))
    parts.append(KEEP_MARKER)
    return "\n\n".join(parts) + "\n"


def markdown_quote(article: Article, start: int, end: int) -> str:
    """``article.text[start:end]`` as a Markdown quote with where it comes from.

    ``> passage`` (one quoted paragraph per block of the passage), an empty
    quoted line, then ``> — *Title*, source, date, p. 12 (path)`` (the page
    only for a format with pages): what Copy as Markdown Quote puts on the
    clipboard, escaped by the same rules as the exports, so it pastes into a
    report as the passage and nothing else.
    """
    if not 0 <= start < end <= len(article.text):
        raise ValueError(f"no passage {start}..{end} in a text of {len(article.text)} characters")
    quoted = blockquote("\n".join(line.strip() for line in article.text[start:end].split("\n")))
    source = citation(article.title, article.source, article.date,
                      page_at(page_starts(article), start))
    return f"{quoted}\n>\n> {source} ({article.path})\n"
