"""Following a link clicked in an article: which links Reader follows, and where to.

Reader reads offline and fetches nothing itself.  A click on a link is the
analyst's decision, and even then:

* a relative link (``other.md``, ``../2016/report.md``) or a ``file:`` URL
  is followed only to an article of the library, opened in Reader; any
  other file is not opened, with a sentence saying so;
* a ``reader://`` link is Reader's own: it opens the article or search it
  names, as from the command line;
* ``http``, ``https`` and ``mailto`` go to the system's browser or mail
  program (``QDesktopServices`` by default), and only on that click;
* every other scheme (``javascript:``, ``data:``, ``ftp:`` ...) is refused.

``link_target`` decides from the link alone, so the rules are tested
without a window; ``ui.article_links`` does it in the window.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl

from ...core.model import is_link

ARTICLE = "article"  # a file, opened in Reader if the library has it
READER = "reader"  # a reader:// link
EXTERNAL = "external"  # the system's browser or mail program
REFUSED = "refused"

_EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class Target:
    """Where a link goes: ``kind`` above, and the file, the URL or why not."""

    kind: str
    path: Path | None = None
    url: QUrl | None = None
    reason: str = ""


def link_target(href: str, article_path: Path) -> Target:
    """Where ``href``, a link in the article at ``article_path``, may lead."""
    href = href.strip()
    if is_link(href):
        return Target(READER)
    url = QUrl(href)
    scheme = url.scheme().lower()
    if scheme in _EXTERNAL_SCHEMES and url.isValid() and (url.host() or scheme == "mailto"):
        return Target(EXTERNAL, url=url)
    if scheme == "file" and url.isLocalFile():
        return Target(ARTICLE, path=Path(url.toLocalFile()))
    if scheme:
        return Target(REFUSED, reason=f"Reader does not follow {scheme}: links.")
    path = url.path()  # decoded: "my%20notes.md" is "my notes.md"; no query, no fragment
    if not path:
        return Target(REFUSED, reason="That link points into this same article.")
    return Target(ARTICLE, path=Path(article_path).parent / path)
