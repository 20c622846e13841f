"""The reading pane's context menu: the selection's actions, and Open Original for the article."""
from __future__ import annotations

from tests.ui.reading_pane.pane_helpers import SAMPLE

from reader.ui.actions import Actions
from reader.ui.reading_pane import ReadingPane


def _entries(pane: ReadingPane) -> dict[str, bool]:
    menu = pane.context_menu()
    entries = {a.text().replace("&", ""): a.isEnabled() for a in menu.actions() if not a.isSeparator()}
    menu.deleteLater()
    return entries


def test_open_original_is_offered_while_an_article_is_shown(pane: ReadingPane, actions: Actions) -> None:
    assert _entries(pane)["Open Original"] is False
    pane.show_article(SAMPLE)
    entries = _entries(pane)
    assert entries["Open Original"] is True and entries["Highlight"] is False
    assert actions.open_original.shortcut().toString() == "Ctrl+Shift+O"
    pane.clear()
    assert not actions.open_original.isEnabled()
