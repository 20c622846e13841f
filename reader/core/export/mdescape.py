"""The one Markdown-escaping module: literal text that renders as written.

Every Markdown writer in Reader uses it: the exports and the reading
pane's copy-as-quote (through ``Library.markdown_quote``).
"""
from __future__ import annotations

import re
import unicodedata

from .common import newlines

# After an optional indent, these start a block construct (heading, list,
# quote, fence, thematic break, setext underline, HTML, link definition,
# table, Obsidian math/comment) when they begin a line.
_BLOCK_START_CHARS = "#>+-*=_`~|<[$%"
_ORDERED_MARKER = re.compile(r"\d{1,9}(?=[.)])")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&~$%])")
_TAG_UNSAFE = re.compile(r"[^\w/-]+")


def escape_inline(text: str) -> str:
    """One line of literal text (a title, an author) that renders as written."""
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """An inline code span holding ``text`` verbatim, whatever backticks it contains."""
    text = " ".join(newlines(text).split("\n"))
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


def blockquote(passage: str) -> str:
    """Each line of the passage (one article block) as a paragraph of one quote."""
    lines = [_escape_block_start(line) for line in newlines(passage).split("\n")]
    return "\n>\n".join(f"> {line}" for line in lines if line)


def tag_name(tag: str) -> str:
    """Obsidian's tag syntax: no spaces or punctuation other than ``_ - /``."""
    return _TAG_UNSAFE.sub("-", unicodedata.normalize("NFC", tag.strip())).strip("-")
