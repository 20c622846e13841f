"""Saved web pages: the content element's blocks, metadata from the meta tags.

The page is parsed by selectolax's Lexbor engine, an HTML5 parser written in
C that builds the tree the way browsers do (WHATWG tree construction), so tag
soup, unclosed ``<p>``/``<li>``/``<td>``, misnested tags and stray end tags
come out as a browser would show them; no rule of our own is needed.

Why Lexbor, measured on the seed-like pages, the test pages and tag soup
(824 pages, 220 KB, parse alone), and on whole articles:

* lxml (libxml2's HTML parser) parses fastest (16 MB/s against Lexbor's
  1.3 MB/s on these small pages, where Lexbor's per-page setup dominates),
  but it is not an HTML5 parser, it drops all text nested deeper than 2,048
  elements (256 without ``huge_tree``), and it refuses whitespace- or
  comment-only input ("Document is empty"): robustness lost for a speed the
  whole parse does not notice, since walking the tree in Python costs more
  than either parser.
* html5lib is an HTML5 parser too, but pure Python: 0.08 MB/s, 20 times
  slower than the old ``html.parser`` tree builder.
* Lexbor keeps text at any depth (5,000 nested ``<div>`` in a test), never
  fails on any input, and is maintained (selectolax 1.x).  Whole articles:
  as fast as the old reader on small pages (about 1,100 a second), 12 times
  faster on pages of 320 KB carrying scripts, styles and navigation.

Hostile pages fetch nothing: an HTML5 parser has no DTDs and no external
entities, only the fixed table of named character references, and Lexbor
has no network code; ``<!DOCTYPE x [<!ENTITY ...>]>`` is inert text.

The walk keeps the old reader's limit: elements nested deeper than
``_MAX_DEPTH`` are read as inline text of the deepest one kept, so that every
scan of the open elements stays short however deep the soup.

Which blocks are the article is the kept extractor's call (``extractor``,
trafilatura): the whole page is read and shown, and what is not main text
(navigation, mastheads, cookie banners, related lists, comments, footers)
becomes boilerplate, dimmed and never indexed.  Our own rules stay where
they are better: an explicit ``<article>``/``<main>`` bounds the extractor's
choice, a dateline or byline in the article's head stays text, and when the
extractor finds (almost) nothing, the content element decides as before.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from operator import itemgetter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.core.articles.blocks import Parsed
from reader.core.articles.decoding import checked_text
from reader.core.articles.metadata import line_metadata, parse_date
from reader.core.articles.text import clean, clean_mapped
from reader.core.model import (BOILERPLATE, BOLD, CODE, HEADING, ITALIC, LINK, LIST_ITEM, PARAGRAPH,
                               QUOTE, Block, Span)

if TYPE_CHECKING:
    from reader.core.articles.extractor import Extracted

SUFFIXES = (".html", ".htm", ".xhtml", ".xht")  # (XHTML: read as a browser reads it)

_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
BLOCK_TAGS = _HEADINGS | frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset"
    " figcaption figure footer header hgroup hr html legend li main menu nav ol p pre section summary"
    " table tbody td tfoot th thead tr ul".split()
)
_DROPPED = frozenset(
    "script style noscript template svg form button iframe head title select textarea"
    " canvas object embed audio video math".split()
)
_PAGE_CHROME = frozenset({"header", "footer", "aside"})
_PAGE_CHROME_ROLES = frozenset({"banner", "contentinfo", "complementary"})
_RAW_TEXT = frozenset({"script", "style"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MAX_DEPTH = 512
_LISTS = frozenset({"ul", "ol", "menu"})
_TEXT = "-text"
# Inline markup a fragment's blocks keep as spans (an <a> only with an href).
_INLINE = {"strong": BOLD, "b": BOLD, "em": ITALIC, "i": ITALIC, "code": CODE, "a": LINK}


def parse(path: Path, data: bytes) -> Parsed:
    """A saved web page: its blocks, the main text's as text and the rest as boilerplate."""
    return parse_html(checked_text(data, markup=True))


def parse_html(text: str) -> Parsed:
    """A web page given as a string (a saved page, an MHTML document's HTML part)."""
    from reader.core.articles import extractor  # trafilatura: the first page pays, not start-up

    page = LexborHTMLParser(text)
    root, explicit = _content_root(page)
    walked = _walk(page.root, _PageRules(root.mem_id, page.root == root, explicit))
    extracted = extractor.extract(text)
    main = _main_text(walked, extracted, explicit)
    blocks = [b if is_main else Block(BOILERPLATE, b.text) for (b, _), is_main in zip(walked, main)]
    metas = _meta_tags(page)
    site = metas.get("og:site_name") or metas.get("application-name", "")
    date = _html_date(metas, root, page.root)
    author = _html_author(metas, page)
    if extracted is not None:
        site = extracted.site or site  # JSON-LD's publisher too
        if extracted.date and extracted.date[:10] != date[:10]:
            date = extracted.date  # else ours: it keeps the clock time
        author = extracted.author or author  # JSON-LD's and bylines' too
    first_h1 = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), "")
    title_tag = next((_text_of(n) for n in page.css("title")), "")
    # Our title rules first: trafilatura takes the first part of "Site | Story".
    title = _html_title(metas, title_tag, site, first_h1)
    if not title and extracted is not None:
        title = _without_site_name(extracted.title, site)  # JSON-LD's headline, an <h2>
    return Parsed(blocks, title=title, date=date, author=author, source=site)


def fragment_blocks(html: str) -> list[Block]:
    """The blocks of an HTML fragment (rendered Markdown, a mail's body), page chrome included.

    No extractor here: a fragment is all text, and it must stay cheap.  Its
    bold, italic, code and links become the blocks' spans (a saved page's
    do not: its links lead into a site Reader never fetches).
    """
    return [block for block, _ in _walk(LexborHTMLParser(html).root, None)]


# The main text the extractor found must be at least this long, or half of
# what our own rules find, to be trusted; else the content element decides.
_ENOUGH_CHARS = 250


def _main_text(
    walked: list[tuple[Block, bool]], extracted: Extracted | None, explicit: bool
) -> list[bool]:
    """Whether each block is main text: the extractor's choice, bounded by our rules."""
    ours = [in_content for _, in_content in walked]
    if extracted is None:
        return ours
    found = [extracted.is_main(block.text) for block, _ in walked]
    if explicit:  # an <article> or <main> bounds the choice, unless it is only a teaser
        inside = [f and o for f, o in zip(found, ours)]
        if 2 * _chars(walked, inside) >= _chars(walked, found):
            found = inside
    found_chars = _chars(walked, found)
    if found_chars < _ENOUGH_CHARS and 2 * found_chars < _chars(walked, ours):
        return ours
    last = max((i for i, f in enumerate(found) if f), default=-1)
    return [
        f or (o and i < last and line_metadata(block.text) is not None)  # a dateline, a byline
        for i, ((block, o), f) in enumerate(zip(walked, found))
    ]


def _chars(walked: list[tuple[Block, bool]], chosen: list[bool]) -> int:
    return sum(len(block.text) for (block, _), yes in zip(walked, chosen) if yes)


def _text_len(node: LexborNode) -> int:
    """Characters of text inside ``node`` (scripts and styles aside), to find where the article is."""
    return sum(
        len(n.text_content.strip())
        for n in node.traverse(include_text=True)
        if n.is_text_node and n.parent.tag not in _RAW_TEXT
    )


def _has_text(node: LexborNode) -> bool:
    return any(
        n.text_content.strip()
        for n in node.traverse(include_text=True)
        if n.is_text_node and n.parent.tag not in _RAW_TEXT
    )


def _text_of(node: LexborNode) -> str:
    """The text of ``node`` as one clean line, without its scripts' and styles' text."""
    parts = [
        n.text_content
        for n in node.traverse(include_text=True)
        if n.is_text_node and n.parent.tag not in _RAW_TEXT
    ]
    return clean("".join(parts))


def _content_root(page: LexborHTMLParser) -> tuple[LexborNode, bool]:
    """The element holding the article, and whether it is an explicit one.

    Among ``<article>``, ``<main>`` and role="main" elements, take the most
    specific one that still holds at least half the text of the largest, so
    an article inside a main wins but a teaser card does not.
    """
    nodes = page.css("article, main, [role=main], [role=article]")
    if len(nodes) == 1:  # most pages: only whether it holds text matters, not how much
        return (nodes[0], True) if _has_text(nodes[0]) else (page.body or page.root, False)
    candidates = [(node, _text_len(node)) for node in nodes]
    largest = max((size for _, size in candidates), default=0)
    if largest:
        best = max((c for c in candidates if 2 * c[1] >= largest), key=lambda c: _depth(c[0]))
        return best[0], True
    return page.body or page.root, False


def _depth(node: LexborNode) -> int:
    depth = 0
    while node.parent is not None:
        node, depth = node.parent, depth + 1
    return depth


@dataclass(frozen=True)
class _PageRules:
    """Which elements hold the content by our own rules, for a whole page's walk."""

    root: int  # the content element's mem_id
    root_is_document: bool
    explicit: bool  # an <article>/<main>: its own header, footer and asides are content

    def is_chrome(self, tag: str, role: str) -> bool:
        """Page chrome by element: navigation always, mastheads and footers around no article."""
        if tag == "nav" or role == "navigation":
            return True
        return not self.explicit and (tag in _PAGE_CHROME or role in _PAGE_CHROME_ROLES)


def _is_dropped(tag: str, attrs: dict[str, str | None], page: bool) -> bool:
    """Elements whose text is never shown: scripts, controls, hidden parts; a fragment's navigation."""
    return (
        tag in _DROPPED
        or (not page and (tag == "nav" or attrs.get("role") == "navigation"))
        or "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))
    )


class _BlockCollector:
    """Turns the walk over a tree into blocks: block elements and ``<br>`` end a block.

    Each open element carries whether it is content by our rules (inside the
    content element, outside page chrome); a block takes its innermost one's.
    """

    def __init__(self, content: bool, inline: bool) -> None:
        self.blocks: list[tuple[Block, bool]] = []
        self._parts: list[str] = []
        self._length = 0  # of the raw text in _parts: where an inline element starts or ends
        self._open: list[str] = []
        self._content: list[bool] = [content]
        self._inline = inline  # whether to keep spans at all
        # Per open element: its span (kind, raw start, href), or None.
        self._spans: list[tuple[str, int, str] | None] = []
        self._closed: list[tuple[str, int, int, str]] = []  # spans of the block being collected

    def start(self, tag: str, content: bool, href: str = "") -> None:
        if tag in BLOCK_TAGS or tag == "br":
            self.flush()
        self._open.append(tag)
        self._content.append(content)
        if self._inline:
            kind = _INLINE.get(tag)
            self._spans.append((kind, self._length, href) if kind and (href or kind != LINK) else None)

    def end(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
        self._open.pop()
        self._content.pop()
        if self._inline:
            span = self._spans.pop()
            if span is not None and span[1] < self._length:
                self._closed.append((span[0], span[1], self._length, span[2]))

    def text(self, data: str) -> None:
        if "pre" not in self._open:
            self._parts.append(data)
            self._length += len(data)
            return
        first, *rest = data.split("\n")
        self._parts.append(first)
        self._length += len(first)
        for line in rest:
            self.flush()
            self._parts.append(line)
            self._length += len(line)

    def flush(self) -> None:
        raw = "".join(self._parts)
        self._parts.clear()
        spans: tuple[Span, ...] = ()
        if self._inline and (self._closed or any(self._spans)):
            text, spans = self._spans_over(raw)
        else:
            text = clean(raw)
        self._length = 0
        if text:
            kind, level = self._context()
            self.blocks.append((Block(kind, text, level, spans=spans), self._content[-1]))

    def _spans_over(self, raw: str) -> tuple[str, tuple[Span, ...]]:
        """The block's clean text and its spans; elements still open go on in the next block."""
        found = self._closed + [(s[0], s[1], self._length, s[2]) for s in self._spans
                                if s is not None and s[1] < self._length]
        self._closed = []
        self._spans = [s and (s[0], 0, s[2]) for s in self._spans]
        text, marks = clean_mapped(raw, [m for _, start, end, _ in found for m in (start, end)])
        spans: list[Span] = []
        last: dict[tuple[str, str], int] = {}  # the index in spans of each kind's (and href's) last
        for (kind, _, _, href), start, end in sorted(
                zip(found, marks[::2], marks[1::2]), key=itemgetter(1)):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            at = last.get((kind, href))
            if at is not None and start <= spans[at].end:  # <b>a<b>b</b></b>, **a**__b__: one span
                spans[at] = Span(spans[at].start, max(end, spans[at].end), kind, href)
            else:
                last[kind, href] = len(spans)
                spans.append(Span(start, end, kind, href))
        return text, tuple(spans)

    def _context(self) -> tuple[str, int]:
        for tag in reversed(self._open):
            if tag in _HEADINGS:
                return HEADING, int(tag[1])
            if tag == "li":
                return LIST_ITEM, max(1, sum(t in _LISTS for t in self._open))
            if tag == "blockquote":
                return QUOTE, 0
        return PARAGRAPH, 0


def _walk(top: LexborNode, rules: _PageRules | None) -> list[tuple[Block, bool]]:
    """The blocks under ``top``, each with whether it is content by our rules.

    Walked without recursion (pages nest deep).  Without ``rules`` (a
    fragment) everything shown is content.
    """
    top_is_content = rules is None or rules.root_is_document
    collector = _BlockCollector(top_is_content, inline=rules is None)
    # (element, its children, whether the collector saw it start, whether it is content)
    stack: list[tuple[LexborNode, Iterator[LexborNode], bool, bool]] = [
        (top, top.iter(include_text=True), False, top_is_content)
    ]
    while stack:
        node, children, started, content = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if started:
                collector.end(node.tag)
        elif child.tag == _TEXT:
            collector.text(child.text_content)
        elif child.is_element_node and not _is_dropped(tag := child.tag, attrs := child.attributes,
                                                       rules is not None):
            inside = rules is None or (
                (content or child.mem_id == rules.root)
                and not rules.is_chrome(tag, attrs.get("role") or "")
            )
            shown = len(stack) <= _MAX_DEPTH
            if shown:
                collector.start(tag, inside, (attrs.get("href") or "").strip() if tag == "a" else "")
            stack.append((child, child.iter(include_text=True), shown, inside))
    collector.flush()
    return collector.blocks


def _meta_tags(page: LexborHTMLParser) -> dict[str, str]:
    """``<meta>`` contents by lower-cased property/name/itemprop; the first one wins."""
    metas: dict[str, str] = {}
    for node in page.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        value = clean(attrs.get("content") or "")
        if key and value:
            metas.setdefault(key, value)
    return metas


def _html_title(metas: dict[str, str], title_tag: str, site: str, first_h1: str) -> str:
    for key in ("og:title", "twitter:title"):
        if metas.get(key):
            return _without_site_name(metas[key], site)
    if title_tag:
        if first_h1 and title_tag.casefold().startswith(first_h1.casefold()):
            return first_h1
        return _without_site_name(title_tag, site)
    return first_h1


_SITE_SEPARATOR = r"\s+(?:[|\-–—·•:]|::)\s+"


def _without_site_name(title: str, site: str) -> str:
    """``"Headline | Site"`` or ``"Site - Headline"`` minus the site name."""
    if not site:
        return title
    site = site.casefold()
    last = re.fullmatch(rf"(.+){_SITE_SEPARATOR}(.+)", title)
    if last and last.group(2).strip().casefold() == site:
        return last.group(1).strip()
    first = re.fullmatch(rf"(.+?){_SITE_SEPARATOR}(.+)", title)
    if first and first.group(1).strip().casefold() == site:
        return first.group(2).strip()
    return title


_DATE_METAS = (
    "article:published_time",
    "og:article:published_time",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "pubdate",
    "datepublished",
)


def _html_date(metas: dict[str, str], root: LexborNode, doc: LexborNode) -> str:
    for key in _DATE_METAS:
        date = parse_date(metas.get(key, ""))
        if date:
            return date
    for scope in (root, doc):
        for node in scope.css("time[datetime]"):
            date = parse_date(node.attributes.get("datetime") or "")
            if date:
                return date
    return ""


def _html_author(metas: dict[str, str], page: LexborHTMLParser) -> str:
    for key in ("author", "article:author", "dc.creator"):
        value = metas.get(key, "")
        if value and not re.match(r"https?://", value):
            return value
    for node in page.css("a[rel]"):
        if "author" in (node.attributes.get("rel") or "").lower().split():
            name = _text_of(node)
            if name:
                return name
    return ""
