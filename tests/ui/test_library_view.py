"""The library table: a correct item model, real sort keys, a filter box, helpful when empty."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.core.library import ArticleInfo
from reader.ui.library_view import ID_ROLE, LibraryTableModel, LibraryView


def info(i: int, title: str, date: str = "", source: str = "", notes: int = 0, author: str = "") -> ArticleInfo:
    return ArticleInfo(f"id{i}", f"/tmp/a{i}.txt", title, date, source, author, notes)


ROWS = [
    info(1, "Alpha", "2016-11-24", "The Times", 2),
    info(2, "beta", "2015-03-01", "Russia Insider", 10),
    info(3, "Gamma", "", "", 0, author="Jane Roe"),
    info(4, "Delta", "2016-02-29T10:00", "The Times", 1),
]


@pytest.fixture
def view(qtbot):
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_articles(ROWS)
    view.resize(600, 400)
    return view


def column(view: LibraryView, col: int, role=Qt.ItemDataRole.DisplayRole) -> list:
    proxy = view.proxy
    return [proxy.index(r, col).data(role) for r in range(proxy.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester, view):
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    view.proxy.set_filter_text("the times")
    qtmodeltester.check(view.proxy)


def test_columns_show_title_date_source_and_note_count(view):
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Title", "Date", "Source", "Notes"]
    row = model.row_of("id4")
    assert [model.index(row, c).data() for c in range(4)] == ["Delta", "2016-02-29", "The Times", "1"]
    assert model.index(model.row_of("id3"), 3).data() == ""  # no notes: no zero clutter


def test_date_sorts_chronologically_and_undated_articles_go_last(view):
    view.table.sortByColumn(LibraryTableModel.DATE, Qt.SortOrder.AscendingOrder)
    assert column(view, 0) == ["beta", "Delta", "Alpha", "Gamma"]
    view.table.sortByColumn(LibraryTableModel.DATE, Qt.SortOrder.DescendingOrder)
    assert column(view, 0) == ["Alpha", "Delta", "beta", "Gamma"]


def test_note_count_sorts_numerically_and_title_case_insensitively(view):
    view.table.sortByColumn(LibraryTableModel.NOTES, Qt.SortOrder.DescendingOrder)
    assert column(view, 0) == ["beta", "Alpha", "Delta", "Gamma"]  # 10 > 2, not "2" > "10"
    view.table.sortByColumn(LibraryTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    assert column(view, 0) == ["Alpha", "beta", "Delta", "Gamma"]


def test_filter_box_matches_every_word_in_title_source_author_or_date(qtbot, view):
    qtbot.keyClicks(view.filter_edit, "times 2016")
    assert sorted(column(view, 0)) == ["Alpha", "Delta"]
    view.filter_edit.setText("roe")
    assert column(view, 0) == ["Gamma"]
    view.filter_edit.setText("nothing like this")
    assert view.proxy.rowCount() == 0
    assert view.table.placeholder == "No article matches the filter."
    view.filter_edit.clear()
    assert view.proxy.rowCount() == 4 and view.table.placeholder == ""


def test_empty_library_says_how_to_add_articles(qtbot):
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_articles([])
    assert "Open Folder" in view.table.placeholder


def test_clicking_a_row_activates_its_article(qtbot, view):
    view.show()
    qtbot.waitExposed(view)
    index = view.proxy.index(0, 0)
    rect = view.table.visualRect(index)
    with qtbot.waitSignal(view.articleActivated) as blocker:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [index.data(ID_ROLE)]


def test_note_count_updates_in_place_keeping_the_selection(qtbot, view):
    view.select_article("id2")
    assert view.current_article_id() == "id2"
    resets: list = []
    view.model.modelReset.connect(lambda: resets.append(1))
    changed = [r if r.id != "id3" else info(3, "Gamma", "", "", 5, author="Jane Roe") for r in ROWS]
    view.set_articles(changed)
    assert resets == []  # same rows: no reset, so the selection and scroll position stay
    assert view.current_article_id() == "id2"
    assert view.model.index(view.model.row_of("id3"), 3).data() == "5"


def test_real_library_rows(qtbot, library):
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_articles(library.articles())
    assert view.article_count() == 5
    titles = column(view, 0)
    assert "ISIS Can Be Defeated - Putin Said How" in titles
