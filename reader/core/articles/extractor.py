"""The kept main-text extractor for saved web pages: trafilatura.

Reader reads a page's text with its own HTML5 walk (formats/html.py); the
extractor only *judges* it: which of those blocks are the article, and the
page's title, author, date and site name.  The two parse the same string
with different parsers (Lexbor and lxml), so they are matched by text, never
by node: a block is main text when its whitespace-collapsed text is a whole
line of the extractor's main text, or, when it is long enough not to match
by chance, a part of it.  No text from the extractor ever reaches the
article, so the one text model stays Lexbor's.

Why trafilatura, measured against readability-lxml on 50 generated news pages
(bench/html_pages.py: a masthead, a cookie banner, the article, "Read more"
boxes, a related-articles list, 3 to 25 comments, a footer; half with an
``<article>``, half ``<div>`` soup; metadata in Open Graph, JSON-LD or only
a byline), medians on one core of a shared 2-core machine:

* main text found: both 100 % of the paragraphs; chrome taken for text:
  trafilatura none, readability 3.6 % (comments, related lists);
* metadata: trafilatura gives title, author and date on 40 of 40 pages and
  the site name wherever the page names it (og:site_name, JSON-LD
  publisher); readability gives a title only;
* cost per page: trafilatura in fast mode 2.6 ms for a 4 KB article and
  9.1 ms for a 40 KB one (14.4 ms without fast mode, which only adds
  fallbacks we have ourselves); readability 5.6 and 18.4 ms.  Our own
  Lexbor walk costs 0.9 and 3.5 ms, and took 37 % of the chrome (the
  comments and related lists inside the content element) for text.

What it costs Reader, whole parse of a saved page (our walk, the extractor,
the matching): 4.4 ms for a 4 KB article and 16.1 ms for a 40 KB one, from
0.8 and 3.6 ms; a full index of 2,000 generated pages (bench/index_search.py
--pages 2000, two workers) takes 9.0 s instead of 4.3 s.  Metadata is a
third of the extractor's time (htmldate, categories and tags); the main text
is worth it: no comment or related-list word is found any more.

Fast mode (no readability/jusText fallbacks: our own rules are the
fallback), precision over recall, no comments.  The import costs about
170 ms (courlan and htmldate with it), so formats/html.py imports
this module on the first saved page a process reads: never at start-up, nor
for Markdown or e-mail bodies, whose HTML fragments are all text.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import trafilatura
from lxml import etree

log = logging.getLogger("reader.articles")

# trafilatura and htmldate log a warning for every page they find no text in
# ("discarding data"); Reader falls back to its own rules then, so that is
# no news, and it must not reach stderr or reader.log once per page.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# trafilatura's output elements that stay inside a line of text.
_INLINE = frozenset({"hi", "ref", "del"})
# lxml refuses a string that declares its encoding (an XHTML page's XML
# declaration; the text is decoded already) or holds C0 controls.
_UNPARSABLE = re.compile(r"\A\s*<\?xml[^>]*>|[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A block shorter than this counts as main text only when it is a whole line
# of the extractor's text: "World" or "Share" must not match inside a sentence.
_MIN_PART_CHARS = 25


@dataclass(frozen=True)
class Extracted:
    """What the extractor found: the page's metadata and its main text as lines."""

    title: str
    author: str
    date: str
    site: str
    lines: frozenset[str]
    joined: str

    def is_main(self, text: str) -> bool:
        """Whether a block's text is part of the main text (matched by text, not by node)."""
        key = " ".join(text.split())
        return key in self.lines or (len(key) >= _MIN_PART_CHARS and key in self.joined)


def extract(html: str) -> Extracted | None:
    """The main text and metadata of a page, or None when the extractor finds no text."""
    try:
        document = trafilatura.bare_extraction(
            _UNPARSABLE.sub(" ", html),
            fast=True,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
        )
    except (ValueError, TypeError, etree.LxmlError) as error:  # a page lxml cannot read
        log.debug("main-text extractor failed: %s", error)
        return None
    if document is None or document.body is None:
        return None
    lines = _lines(document.body)
    if not lines:
        return None
    return Extracted(
        title=document.title or "",
        author=document.author or "",
        date=document.date or "",
        site=document.sitename or "",
        lines=frozenset(lines),
        joined="\n".join(lines),
    )


def _lines(body: etree._Element) -> list[str]:
    """The main text's lines: every element but an inline one, and every ``<lb>``, ends a line."""
    lines: list[str] = []
    parts: list[str] = []

    def end_line() -> None:
        line = " ".join("".join(parts).split())
        parts.clear()
        if line:
            lines.append(line)

    for event, element in etree.iterwalk(body, events=("start", "end")):
        inline = element.tag in _INLINE
        if event == "start":
            if not inline:
                end_line()
            parts.append(element.text or "")
        else:
            if not inline:
                end_line()
            parts.append(element.tail or "")
    end_line()
    return lines
