"""Open Original: the open article's own file, in the system's viewer.

The pane shows a PDF or a Word brief as reflowed text; its layout, figures
and tables are only in the file.  Qt hands the file to the desktop
(``QDesktopServices.openUrl``: xdg-open, Launch Services, the Windows
shell), so whichever viewer the analyst has chosen opens it.  A file that
has gone, or that nothing on the system can open, gets a sentence in the
window's message bar rather than silence.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from ..core.model import Article
from .message_bar import MessageBar

log = logging.getLogger("reader.ui")


def open_original(article: Article | None, message_bar: MessageBar,
                  open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl) -> bool:
    """Open ``article``'s file in the system's viewer; False (and a message) when it cannot.

    ``open_url`` is the desktop's; a test that must see the desktop refuse passes its own.
    """
    if article is None:
        return False
    path = Path(article.path)
    name = article.title or path.name
    if not path.is_file():
        message_bar.show_message(f"The file of “{name}” is no longer there: {path}", "error")
        return False
    if not open_url(QUrl.fromLocalFile(str(path))):
        message_bar.show_message(f"The system has no viewer that can open {path}.", "error")
        return False
    log.info("opened %s in the system's viewer", path)
    return True
