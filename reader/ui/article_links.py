"""A link clicked in the open article, followed in the window.

Which links are followed, and where to, is ``reading_pane.links``'s rule;
this is doing it: an article of the library opens in the reading pane, a
``reader://`` link as from the command line, a web or mail link in the
system's program (the window's ``open_url``, ``QDesktopServices`` unless a
test gives its own), and anything else is a sentence in the message bar.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .outside import open_target
from .reading_pane.links import ARTICLE, EXTERNAL, READER, link_target

if TYPE_CHECKING:
    from .main_window import MainWindow


def follow_link(window: MainWindow, href: str) -> None:
    """Follow ``href``, clicked in the open article, by the rules above."""
    article = window.reading_pane.article
    if article is None:
        return
    target = link_target(href, article.path)
    if target.kind == READER:
        open_target(window, href.strip())
    elif target.kind == EXTERNAL and target.url is not None:
        if not window.open_url(target.url):
            window.message_bar.show_message(f"Could not open {href.strip()}.", "warning")
    elif target.kind == ARTICLE and target.path is not None:
        record = window.library.record(str(target.path))
        if record is None:
            window.message_bar.show_message(
                f"“{target.path.name}” is not an article in the library, so Reader does not open it.",
                "warning")
        else:
            window.open_article(record.article_id)
    else:
        window.message_bar.show_message(target.reason, "warning")
