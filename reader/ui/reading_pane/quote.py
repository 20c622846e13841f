"""A passage as a Markdown quote, for Copy as Markdown Quote.

``> passage`` (one quoted paragraph per line of the passage), an empty
quoted line, then ``> — *Title*, source, date (path)``.  The escaping keeps a
quoted paragraph a paragraph: '# x' or '1. x' at its start would become
structure, '*' or '_' in a title emphasis.
"""
from __future__ import annotations

import re

from ...core.model import Article
from ..note_format import format_date

_BLOCK_START = re.compile(r"^(\s*|\s*\d+)([#>+*.)-])")


def markdown_quote(article: Article, passage: str) -> str:
    """``passage`` (text of ``article``) as a Markdown quote with where it comes from."""
    paragraphs = [p.strip() for p in passage.split("\n") if p.strip()]
    quoted = "\n>\n".join(f"> {_escape_markdown_line(p)}" for p in paragraphs)
    reference = [f"*{_escape_inline(article.title)}*"] if article.title else []
    reference += [value for value in (article.source, format_date(article.date[:10])) if value]
    source = ", ".join(reference)
    return f"{quoted}\n>\n> — {source} ({article.path})\n"


def _escape_markdown_line(line: str) -> str:
    """Keep a quoted paragraph a paragraph: '# x' or '1. x' would become structure.

    A backslash escapes only punctuation in Markdown, so '1. x' becomes '1\\. x'.
    """
    match = _BLOCK_START.match(line)
    if match is None or (match.group(2) in ".)" and not match.group(1).strip()):
        return line
    return f"{match.group(1)}\\{line[match.end(1):]}"


def _escape_inline(text: str) -> str:
    return re.sub(r"([\\*_`\[\]])", r"\\\1", text)
