"""Markdown: rendered by python-markdown, then read like any HTML fragment.

A YAML front matter block (between ``---`` lines) may give the title, date,
author and source; without a title there, the first ``# heading`` is it.

The front matter is read by PyYAML's safe loader (its C parser when
libyaml is there), with one change: scalars stay the strings they are
written as.  YAML 1.1 would turn ``title: 2016`` into an int, ``title: yes``
into True and ``date: 2016-11-24`` into a date object, and the article's
title, author and source are text as written; dates go through the same
``parse_date`` as every dateline.  A front matter YAML rejects, or one that
is not a mapping (``---`` rules around a sentence), is no front matter:
the whole file is read as Markdown, rules and all.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import yaml

from reader.core.articles.blocks import Parsed
from reader.core.articles.decoding import checked_text
from reader.core.articles.formats.html import fragment_blocks
from reader.core.articles.metadata import parse_date
from reader.core.articles.text import clean
from reader.core.model import HEADING

SUFFIXES = (".md", ".markdown")

_MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
_MARKDOWN_CONFIG = {"extra": {"footnotes": {"BACKLINK_TEXT": ""}}}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # CSafeLoader: only with libyaml


class _FrontMatterLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader, resolving no implicit types but null: scalars stay strings."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }


def warm_up() -> None:
    """Load python-markdown's extensions (about 25 ms, once per process)."""
    markdown.Markdown(extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_CONFIG)


def parse(path: Path, data: bytes) -> Parsed:
    """The blocks of a Markdown file, with the metadata of its front matter."""
    fields, body = _split_front_matter(checked_text(data))
    html = markdown.markdown(body, extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_CONFIG)
    blocks = fragment_blocks(html)
    first_h1 = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), "")
    return Parsed(
        blocks,
        title=fields.get("title") or first_h1,
        date=parse_date(fields.get("date", "")),
        author=fields.get("author") or fields.get("authors", ""),
        source=fields.get("source", ""),
    )


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(fields, the rest)``; no fields when the text has no valid front matter."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        loaded = yaml.load(match.group(1) or "", Loader=_FrontMatterLoader)  # noqa: S506 (safe)
    except yaml.YAMLError:
        return {}, text
    if loaded is None:
        loaded = {}  # "---" right after "---": an empty front matter
    if not isinstance(loaded, dict):
        return {}, text
    fields = {str(key).lower(): clean(_as_text(value)) for key, value in loaded.items()}
    return fields, text[match.end():]


def _as_text(value: Any) -> str:
    """A field's value as the text it was written as; a list as ``"a, b"``.

    A nested mapping is no single value any field could use: it reads as "".
    """
    if isinstance(value, list):
        return ", ".join(filter(None, map(_as_text, value)))
    return value if isinstance(value, str) else ""
