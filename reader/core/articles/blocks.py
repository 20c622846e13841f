"""Assembling an Article from what a format parser found: the rules all formats share.

* The title heading (level 1, text == ``Article.title``) is the first
  non-boilerplate block.  Site chrome that precedes it (``Skip to main
  content``) keeps its place before it, in document order.  When the source
  has its own heading equal to the title, that heading *is* the title block
  (moved to the front if something preceded it), never a duplicate.  When no
  title is found, the title is the file stem and no heading is invented.
* Any block a format did not mark already is boilerplate when it reads as
  site chrome (``chrome.is_chrome``).
* A date or author the format's own metadata did not give is looked for in
  the datelines and bylines near the top; a source, in a syndication notice.
* The language is detected on the start of the text, chrome left out.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.articles.chrome import is_chrome
from reader.core.articles.language import detect_language, sample
from reader.core.articles.metadata import line_metadata, source_from
from reader.core.articles.text import clean
from reader.core.model import (BOILERPLATE, HEADING, Article, ArticleError, Block, article_id_for,
                               shown)

_HEADER_BLOCKS = 12  # dates and bylines are looked for this near the top


@dataclass
class Parsed:
    """What a format parser found; ``finish`` turns it into an Article."""

    blocks: list[Block]
    title: str = ""
    date: str = ""
    author: str = ""
    source: str = ""


@dataclass(frozen=True)
class Part:
    """One of the articles a file of several holds (a mailbox's messages, an
    e-mail's attachments), as a format's ``parts`` yields it: parsed only
    when the registry asks, so that one part that fails is skipped alone."""

    key: str  # Article.part: "" for the file's own article
    label: str  # how a skip names it: "attachment annex.pdf"
    parse: Callable[[], Parsed]
    reader: str  # the format module that parses it, named when its library fails


def finish(path: Path, parsed: Parsed, part: str = "") -> Article:
    """Apply the rules all formats share: chrome, metadata fallbacks, title placement."""
    blocks = [_marked_if_chrome(piece) for b in parsed.blocks for piece in split_long(b)]
    top = [b.text for b in blocks if b.kind != BOILERPLATE][:_HEADER_BLOCKS]
    header = [m for m in map(line_metadata, top) if m]
    date = parsed.date or next((d for d, _ in header if d), "")
    author = parsed.author or next((a for _, a in header if a), "")
    source = parsed.source or source_from(blocks)
    title = clean(parsed.title)
    if title:
        blocks = _with_title_first(blocks, title)
    if all(b.kind == BOILERPLATE for b in blocks):
        raise ArticleError("no readable text")
    return Article(
        id=article_id_for(path, part),
        path=path,
        title=title or shown(path.stem),
        blocks=tuple(blocks),
        date=date,
        author=author,
        source=source,
        language=detect_language(sample(blocks)),
        part=part,
    )


#: The longest block kept whole.  A text with no paragraph breaks (an 18 MB
#: one-line dump) as one block took the reading pane 18 s and 1 GB to lay
#: out; in blocks of this size, under a second and a quarter of the memory.
MAX_BLOCK_CHARS = 10_000


def split_long(block: Block, limit: int = MAX_BLOCK_CHARS) -> list[Block]:
    """``block``, or pieces of it at most ``limit`` long, cut at a space (which
    becomes the line break between them, so offsets after it do not move) or,
    in a run with no space, hard; each piece keeps its kind, page and spans."""
    text = block.text
    if len(text) <= limit:
        return [block]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        skip = 0
        if end < len(text):
            space = text.rfind(" ", start + limit // 2, end + 1)
            if space > start:
                end, skip = space, 1
        spans = tuple(replace(span, start=max(span.start, start) - start, end=min(span.end, end) - start)
                      for span in block.spans if span.start < end and span.end > start)
        pieces.append(replace(block, text=text[start:end], spans=spans))
        start = end + skip
    return [piece for piece in pieces if piece.text]


def _marked_if_chrome(block: Block) -> Block:
    if block.kind != BOILERPLATE and is_chrome(block.text):
        return replace(block, kind=BOILERPLATE, level=0)
    return block


def _with_title_first(blocks: list[Block], title: str) -> list[Block]:
    """Make the title heading the first non-boilerplate block, without duplicating it."""
    rest = list(blocks)
    key = title.casefold()
    own = next((i for i, b in enumerate(rest) if b.kind == HEADING and b.text.casefold() == key), None)
    found = rest.pop(own) if own is not None else None
    page = found.page if found else 0  # a PDF's title keeps its page
    spans = found.spans if found and found.text == title else ()  # and a heading its styling
    at = next((i for i, b in enumerate(rest) if b.kind != BOILERPLATE), len(rest))
    return [*rest[:at], Block(HEADING, title, 1, page, spans), *rest[at:]]
