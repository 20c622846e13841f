"""The search panel: search as you type, marked snippets, errors, "did you mean",
scopes, sorting, paging, opening a hit."""
from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from tests.ui.ui_helpers import search, write_article

from reader.core.model import NoteHit
from reader.ui.search_results import SNIPPET_ROLE, snippet_html
from reader.ui.theme import THEMES


def snippets(panel) -> list[str]:
    return [panel.model.index(r, 0).data(SNIPPET_ROLE) for r in range(panel.model.rowCount())]


def test_typing_shows_results_with_the_matched_words_marked(qtbot, panel):
    assert panel.tabs.currentIndex() == panel.LIBRARY_TAB
    search(qtbot, panel, "putin")
    assert panel.tabs.currentIndex() == panel.RESULTS_TAB
    assert panel.model.rowCount() == 4
    assert panel.count_label.text() == "4 articles"
    for snippet in snippets(panel):
        marked = re.findall(r"<mark>(.*?)</mark>", snippet)
        assert marked and all(word.lower() == "putin" for word in marked)
    # The delegate draws the marks with the theme's hit colour.
    styled = snippet_html(snippets(panel)[0], THEMES["light"])
    assert "<mark>" not in styled and f"background-color:{THEMES['light'].hit}" in styled
    # Painting the list works (a smoke test of the delegate at this width).
    assert not panel.list.viewport().grab().isNull()
    index = panel.model.index(0, 0)
    assert panel.delegate.sizeHint(_option(panel), index).height() > 40


def _option(panel):
    from PySide6.QtWidgets import QStyleOptionViewItem
    option = QStyleOptionViewItem()
    option.rect = panel.list.viewport().rect()
    return option


def test_clearing_the_field_goes_back_to_the_library(qtbot, panel):
    search(qtbot, panel, "putin")
    panel.field.clear()
    assert panel.tabs.currentIndex() == panel.LIBRARY_TAB
    assert panel.model.rowCount() == 0
    assert panel.query == ""


def test_a_malformed_query_gets_one_readable_sentence(qtbot, panel, library):
    with qtbot.waitSignal(panel.runner.failed, timeout=10000) as blocker:
        qtbot.keyClicks(panel.field, 'putin AND "islamic state')
    message = blocker.args[1]
    assert message == 'A phrase is missing its closing quote (").'
    assert panel.count_label.text() == "Query not understood"
    assert message in html.unescape(panel.message_label.text())
    assert not panel.message_label.isHidden()
    assert panel.model.rowCount() == 0


def test_did_you_mean_is_offered_and_clickable(qtbot, panel):
    search(qtbot, panel, "terorism")
    assert panel.model.rowCount() == 0
    assert panel.suggestion_link() == "terrorism"
    assert "Did you mean" in panel.message_label.text()
    with qtbot.waitSignal(panel.runner.resultsReady, timeout=10000):
        panel.message_label.linkActivated.emit("suggest:terrorism")
    qtbot.waitUntil(lambda: not panel.runner.busy)
    assert panel.field.text() == "terrorism"
    assert panel.model.rowCount() > 0
    assert panel.message_label.isHidden()


def test_sort_by_date_puts_the_newest_first(qtbot, make_panel, rich_library):
    panel = make_panel(rich_library)
    search(qtbot, panel, "zephyr")
    with qtbot.waitSignal(panel.runner.resultsReady, timeout=10000):
        panel.sort_combo.setCurrentIndex(panel.sort_combo.findData("date"))
    qtbot.waitUntil(lambda: not panel.runner.busy)
    dates = [panel.model.hit(r).date for r in range(panel.model.rowCount())]
    assert dates == sorted(dates, reverse=True)


def test_notes_are_searchable_and_a_note_hit_names_its_note(qtbot, panel, library):
    article = library.articles()[0]
    note = library.add_note(article.id, quote="Putin", body="check the **source**",
                            tags=["evidence"], color="green").note
    panel.set_scope("notes")
    search(qtbot, panel, "tag:evidence")
    assert panel.model.rowCount() == 1
    hit = panel.model.hit(0)
    assert isinstance(hit, NoteHit) and hit.note_id == note.id
    assert panel.count_label.text() == "1 note"
    with qtbot.waitSignal(panel.noteRequested) as blocker:
        panel.list.clicked.emit(panel.model.index(0, 0))
    assert blocker.args == [article.id, note.id]
    # Both: articles and notes in one list.
    with qtbot.waitSignal(panel.runner.resultsReady, timeout=10000):
        panel.set_scope("both")
        panel.set_query("putin")
    qtbot.waitUntil(lambda: not panel.runner.busy)
    kinds = {panel.model.hit(r).kind for r in range(panel.model.rowCount())}
    assert kinds == {"article", "note"}


def test_opening_an_article_hit_passes_the_query(qtbot, panel):
    search(qtbot, panel, "putin")
    with qtbot.waitSignal(panel.articleRequested) as blocker:
        rect = panel.list.visualRect(panel.model.index(1, 0))
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [panel.model.hit(1).id, "putin"]


def test_more_results_are_paged_in(qtbot, make_panel, library, seeds):
    for i in range(56):
        write_article(seeds, f"bulk{i:02}.txt", f"Bulletin number {i}", "January 2, 2016",
                      "Wire", f"Bulletin {i} mentions the Kremlin once.")
    library.update_index()
    panel = make_panel(library)
    search(qtbot, panel, "bulletin")
    assert panel.model.rowCount() == 50
    assert panel.count_label.text() == "56 articles (showing 50)"
    assert not panel.more_button.isHidden()
    with qtbot.waitSignal(panel.runner.resultsReady, timeout=10000):
        panel.more_button.click()
    qtbot.waitUntil(lambda: not panel.runner.busy)
    assert panel.model.rowCount() == 56
    assert panel.more_button.isHidden()


def test_a_date_query_says_how_many_articles_have_no_date(qtbot, panel):
    search(qtbot, panel, "date:2016")
    assert "no date, so date: cannot match" in panel.message_label.text()
    assert panel.message_label.isVisibleTo(panel)
    search(qtbot, panel, "putin")
    assert not panel.message_label.isVisibleTo(panel)


def test_the_same_article_saved_twice_is_one_result_with_its_copies(qtbot, make_window, library,
                                                                    seeds):
    """In the real window: one card says "2 copies", lists both files, opens
    either, and after a note on the other copy shows that one."""
    from tests.ui.ui_helpers import wait_idle

    from reader.ui.search_results import HIT_ROLE, META_ROLE
    original = seeds / "001_80c24120098c9853.txt"
    duplicate = seeds / "001 copy.txt"
    duplicate.write_bytes(original.read_bytes())
    near = seeds / "001 edited.txt"  # one word more: another text, its own result
    near.write_bytes(original.read_bytes() + b"\nA correction was appended.")
    library.update_index()
    window = make_window(library)
    panel = window.search_panel
    search(qtbot, panel, '"Crocus City"')
    assert panel.model.rowCount() == 2 and panel.count_label.text() == "2 articles (1 copy folded)"
    assert "same text" in panel.count_label.toolTip()
    [index] = [panel.model.index(r, 0) for r in range(2) if panel.model.index(r, 0).data(HIT_ROLE).copies]
    assert index.data(META_ROLE).endswith("2 copies")
    assert "2 copies" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "The same text in 2 files" in tip and str(duplicate.resolve()) in tip
    assert str(near.resolve()) not in tip
    hit = index.data(HIT_ROLE)
    assert {hit.path, hit.copies[0].path} == {str(original.resolve()), str(duplicate.resolve())}
    actions = panel.copies_menu(index).actions()
    assert [a.text() for a in actions] == [f"Open copy: {hit.path}", f"Open copy: {hit.copies[0].path}"]
    actions[1].trigger()  # the other copy opens
    wait_idle(qtbot, window)
    assert str(window.reading_pane.article.path) == hit.copies[0].path

    # a note on the other copy: that copy is the one the result opens, and the menu says so
    other = hit.copies[0]
    library.add_note(other.id, quote="Crocus City", body="the same hall")
    search(qtbot, panel, '"Crocus City"')
    [index] = [panel.model.index(r, 0) for r in range(2) if panel.model.index(r, 0).data(HIT_ROLE).copies]
    assert index.data(HIT_ROLE).id == other.id
    assert panel.copies_menu(index).actions()[0].text() == f"Open copy: {other.path}  (1 note)"
    assert panel.copies_menu(panel.model.index(0, 0) if index.row() else panel.model.index(1, 0)) is None
