"""``reader://`` links: what an exported note points at, opened from any program.

Zotero's ``zotero://select/...`` links are the model: a link in a Markdown
note, an Obsidian vault or a PDF brings the analyst back to the passage.

* ``reader://article/ID`` opens the article;
* ``reader://article/ID?note=NOTE`` opens it scrolled to the note, selected;
* ``reader://search?q=QUERY`` runs the search.

Parsing is plain string work, shared by the window, the command line and
the exports, which write the links.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

SCHEME = "reader"


@dataclass(frozen=True)
class Link:
    """A parsed link: an article (and maybe a note in it), or a search."""

    article_id: str = ""
    note_id: str = ""
    query: str = ""


def is_link(text: str) -> bool:
    return text[: len(SCHEME) + 3].lower() == f"{SCHEME}://"


def parse_link(text: str) -> Link:
    """The link in ``text``; ValueError with a sentence if it is none Reader knows."""
    if not is_link(text):
        raise ValueError(f"Not a Reader link (they start with {SCHEME}://): {text}")
    parts = urlsplit(text.strip())
    params = parse_qs(parts.query)
    where = parts.netloc.lower()
    if where == "article":
        article_id = unquote(parts.path.strip("/"))
        if article_id:
            return Link(article_id=article_id, note_id=params.get("note", [""])[0])
    elif where == "search" and params.get("q", [""])[0].strip():
        return Link(query=params["q"][0])
    raise ValueError(f"Reader cannot open this link: {text}. Links are {SCHEME}://article/ID, "
                     f"{SCHEME}://article/ID?note=NOTE and {SCHEME}://search?q=QUERY.")


def article_link(article_id: str, note_id: str = "") -> str:
    """The link that opens an article, or a note in it."""
    link = f"{SCHEME}://article/{quote(article_id, safe='')}"
    return f"{link}?note={quote(note_id, safe='')}" if note_id else link


def search_link(query: str) -> str:
    return f"{SCHEME}://search?q={quote(query, safe='')}"
