"""Shared notes, articles and Markdown readers for the export tests.

Markdown is checked by parsing it the way its readers do (CommonMark via
markdown-it-py, front matter via PyYAML), not by comparing strings.
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from reader.core.export import ArticleMeta
from reader.core.model import COLORS, STATUSES, EarlierAnchor, Note

WHEN = datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc)

ARTICLES = {
    "a1" * 8: ArticleMeta(id="a1" * 8, path="/lib/france.txt",
                          title="France will now hold its nose", date="2016-11-24",
                          author="Con Coughlin", source="The Telegraph"),
    "b2" * 8: ArticleMeta(id="b2" * 8, path="/lib/oil.md", title="Oil: a \"new\" era?",
                          source="Example News"),
}


def make_note(n: int, **fields) -> Note:
    base = dict(
        id=str(uuid.UUID(int=n, version=4)),
        article_id="a1" * 8,
        article_path="/lib/france.txt",
        article_title="France will now hold its nose",
        fingerprint="0123456789abcdef",
        exact=f"passage number {n}",
        prefix="before ",
        suffix=" after",
        start=10 * n,
        end=10 * n + 5,
        created=f"2026-11-{n:02d}T10:00:00+00:00",
        modified=f"2026-11-{n:02d}T11:00:00+00:00",
    )
    base.update(fields)
    return Note(**base)



def md_tokens(text: str):
    return MarkdownIt("commonmark").use(front_matter_plugin).parse(text)


def front_matter(text: str) -> dict:
    tokens = md_tokens(text)
    assert tokens[0].type == "front_matter"
    return yaml.safe_load(tokens[0].content)


def headings(tokens, tag: str) -> list[str]:
    return [tokens[i + 1].content for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == tag]


def blockquote_texts(tokens) -> list[str]:
    """The inline text of each paragraph inside a blockquote, by quote."""
    quotes, depth = [], 0
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            quotes.append([]) if depth == 1 else None
        elif token.type == "blockquote_close":
            depth -= 1
        elif depth and token.type == "inline":
            quotes[-1].append(token.content)
    return ["\n".join(q) for q in quotes]


def rendered(text: str) -> str:
    return MarkdownIt("commonmark").use(front_matter_plugin).render(text)


# --------------------------------------------------------------------------
# apply_filter


def all_kinds_of_notes() -> list[Note]:
    kinds = [
        make_note(1, body="", tags=[]),
        make_note(2, body="emoji 🙂👩🏽‍💻 and ünïcode",
                  tags=["émoji tag", "two words"],
                  exact="multi\nline\npassage 🙂", prefix="", suffix=""),
        make_note(3, body="line one\nline two\n\n- item", exact="x", prefix="\n", suffix="\t"),
        make_note(4, article_id="gone" * 4, article_path="/old/place.txt",
                  article_title="Gone", fingerprint=""),
    ]
    kinds += [make_note(10 + i, color=color) for i, color in enumerate(COLORS)]
    kinds += [make_note(20 + i, status=status, score=0.5 if status == "fuzzy" else 1.0)
              for i, status in enumerate(STATUSES)]
    kinds.append(make_note(30, anchor_history=EARLIER))
    return kinds


#: Two earlier anchors: re-attached from another article, then moved by an index update.
EARLIER = (
    EarlierAnchor("2026-11-25T08:00:00+00:00", "re-attached", "gone" * 4, "Gone “before”",
                  "the first\npassage 🙂", "", "", 0, 18),
    EarlierAnchor("2026-11-26T08:00:00+00:00", "re-anchored: moved", "a1" * 8,
                  "France will now hold its nose", "passage number 30", "before ", " after",
                  290, 307),
)


def annotations_of(data) -> list[dict]:
    return data["first"]["items"]


def is_iri(value: object) -> bool:
    return isinstance(value, str) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", value) is not None
