"""Articles made of blocks: the text model every layer shares.

The text model (docs/ARCHITECTURE.md, "The text model") rests on one
invariant: ``Article.text`` is the block texts joined by a single ``"\\n"``,
no block text contains ``"\\n"``, and every offset the core hands out is a
``str`` index into that text.  The reading pane builds one text block per
``Block``, so an offset maps to a document position one-to-one.

A block may carry inline ``Span``s (bold, italic, code, links): styling
laid over its text, never part of it, so they move no offset.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

HEADING = "heading"
PARAGRAPH = "paragraph"
QUOTE = "quote"
LIST_ITEM = "list_item"
BOILERPLATE = "boilerplate"
BLOCK_KINDS = (HEADING, PARAGRAPH, QUOTE, LIST_ITEM, BOILERPLATE)
# Every character that str.splitlines() or Qt treats as a line or paragraph
# break: one inside a block would break the one-block-one-QTextBlock mapping.
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

BOLD = "bold"
ITALIC = "italic"
CODE = "code"
LINK = "link"
SPAN_KINDS = (BOLD, ITALIC, CODE, LINK)


@dataclass(frozen=True, slots=True)
class Span:
    """Inline styling over ``text[start:end]`` of one block: bold, italic, code or a link.

    Offsets are ``str`` indices into the block's own text (not the
    article's), so a block keeps its spans wherever it moves.  Only a link
    has an ``href``, kept as the source wrote it: what may be followed is
    the window's decision, not the parser's.
    """

    start: int
    end: int
    kind: str
    href: str = ""

    def __post_init__(self) -> None:
        if self.kind not in SPAN_KINDS:
            raise ValueError(f"unknown span kind {self.kind!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"a span must cover some text, not {self.start}..{self.end}")
        if (self.kind == LINK) != bool(self.href):
            raise ValueError("a link span needs an href, and only a link has one")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level unit of an article, shown as one text block."""

    kind: str
    text: str
    level: int = 0  # heading level (1 = the title), list nesting depth otherwise
    page: int = 0  # the PDF page the block starts on (1-based); 0 where a format has no pages
    # Inline styling, sorted; it takes part in equality (two blocks that look
    # different are different values) but never in the text.
    spans: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if _LINE_BREAKS.search(self.text):
            raise ValueError("a block's text may not contain a line or paragraph break")
        if self.spans:
            length = len(self.text)
            if any(s.__class__ is not Span or s.end > length for s in self.spans):
                raise ValueError("a block's spans must be Spans inside its text")
            keys = [_span_key(s) for s in self.spans]
            if not isinstance(self.spans, tuple) or keys != sorted(keys):
                # Sorted, and a tuple: a list would make the block unhashable.
                object.__setattr__(self, "spans", tuple(sorted(self.spans, key=_span_key)))


def _span_key(span: Span) -> tuple[int, int, str, str]:
    return span.start, span.end, span.kind, span.href


def text_fingerprint(text: str) -> str:
    """A short, stable digest of an article's text: notes record it to notice edits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def article_id_for(path: Path, part: str = "") -> str:
    """Stable across runs for the same file: derived from its absolute path and,
    for one of the several articles a file holds (``Article.part``), the part's key."""
    # (what str(Path(path).resolve()) gives, without the path objects: the
    # index computes it for every article it reads)
    key = os.path.realpath(path) + (f"#{part}" if part else "")
    # (a name's stray bytes, not UTF-8, as they are on disk)
    return hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """A loaded article.  ``text`` and ``block_starts`` are derived from ``blocks``."""

    id: str
    path: Path
    title: str  # in ``text`` as a heading, unless no title was found (then the file name)
    blocks: tuple[Block, ...]
    date: str = ""  # ISO 8601: "2016-11-24" or "2016-11-24T23:21"; "" when unknown
    author: str = ""
    source: str = ""
    language: str = ""  # ISO 639-1 ("en", "ru", "ar"...), detected; "" when unknown
    # Which of the articles of its file this is: "" for a file's one article
    # (or an e-mail's message); a key the format gives each other part (a
    # message of a mailbox, an attachment), stable while the file changes.
    part: str = ""
    text: str = field(init=False, repr=False, compare=False)
    block_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts, pos = [], 0
        for block in self.blocks:
            starts.append(pos)
            pos += len(block.text) + 1
        object.__setattr__(self, "text", "\n".join(b.text for b in self.blocks))
        object.__setattr__(self, "block_starts", tuple(starts))

    @functools.cached_property
    def fingerprint(self) -> str:
        """Cached: the reading pane checks every note against it on every redraw."""
        return text_fingerprint(self.text)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None

    def indexable_text(self) -> str:
        """``text`` with boilerplate blanked out, character for character.

        Site chrome must not be searchable, but index offsets must still be
        offsets into ``text``: replacing boilerplate with spaces of the same
        length gives both.
        """
        return "\n".join(
            " " * len(b.text) if b.kind == BOILERPLATE else b.text for b in self.blocks
        )
