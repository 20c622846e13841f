"""What every exporter shares: article metadata, the note filter, deep links, grouping."""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.model import ORPHANED, Article, ArticleError, Note, NoteFilter, article_link

if TYPE_CHECKING:
    from reader.core.articles import FileArticles

#: Where each page's text starts: (offset into ``Article.text``, page), by offset.
PageStarts = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ArticleMeta:
    """What export needs to know about an article (no text, no blocks)."""

    id: str
    path: str
    title: str
    date: str = ""
    author: str = ""
    source: str = ""
    pages: PageStarts = ()  # empty for formats without pages (or when the pages are not known)


def page_starts(article: Article) -> PageStarts:
    """The offsets where a block on a new page starts; () for an article without pages.

    A citation names the page of the block a passage starts in: the block
    keeps the page it starts on (``Block.page``), which is as close as the
    text model gets to where a PDF's page breaks fall.
    """
    starts: list[tuple[int, int]] = []
    for start, block in zip(article.block_starts, article.blocks):
        if block.page and (not starts or starts[-1][1] != block.page):
            starts.append((start, block.page))
    return tuple(starts)


def page_at(pages: PageStarts, offset: int) -> int:
    """The page of the block holding ``offset`` (0: no pages, or before the first one)."""
    index = bisect.bisect_right(pages, (offset, float("inf"))) - 1
    return pages[index][1] if index >= 0 else 0


def with_pages(articles: Mapping[str, ArticleMeta], notes: Iterable[Note],
               load: Callable[[Path], FileArticles]) -> dict[str, ArticleMeta]:
    """``articles``, with the page starts of each article a placed note of ``notes`` is on.

    Pages live in the article's blocks, not in the index, so each such
    article's file is loaded (``load`` is the library's parsed-article cache).  A
    note whose article has changed since it was anchored (its fingerprint
    differs) is re-anchored at the next index update; until then its offsets
    may point anywhere, so its article gets no pages rather than wrong ones.
    An article that cannot be read any more is exported without pages.
    """
    result = dict(articles)
    wanted: dict[str, set[str]] = {}
    for note in notes:
        if note.status != ORPHANED and note.article_id in result:
            wanted.setdefault(note.article_id, set()).add(note.fingerprint)
    for article_id, fingerprints in wanted.items():
        meta = result[article_id]
        try:
            article = next((a for a in load(Path(meta.path)).articles if a.id == article_id), None)
        except ArticleError:
            continue
        if article is not None and fingerprints == {article.fingerprint}:
            result[article_id] = dataclasses.replace(meta, pages=page_starts(article))
    return result


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
    return article_link(note.article_id, note.id)


def timestamp(exported_at: datetime | None) -> str:
    """ISO 8601 with a zone; a naive datetime is taken as local time."""
    moment = exported_at or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def meta_for(note: Note, articles: Mapping[str, ArticleMeta]) -> ArticleMeta:
    """The library's view of the note's article, or the note's memory of it."""
    meta = articles.get(note.article_id)
    if meta is None:
        meta = ArticleMeta(id=note.article_id, path=note.article_path, title=note.article_title)
    return meta


def display_title(meta: ArticleMeta) -> str:
    title = " ".join(meta.title.split())
    return title or Path(meta.path).stem or "Untitled article"


def group_by_article(
    notes: Iterable[Note], articles: Mapping[str, ArticleMeta]
) -> list[tuple[ArticleMeta, list[Note]]]:
    """Notes grouped by article, articles ordered by title (then id, for stability)."""
    groups: dict[str, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.article_id, []).append(note)
    pairs = [(meta_for(group[0], articles), group) for group in groups.values()]
    return sorted(pairs, key=lambda pair: (display_title(pair[0]).casefold(), pair[0].id))


def newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
