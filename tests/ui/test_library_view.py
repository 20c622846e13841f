"""The library table: a correct item model, real sort keys, a filter box, helpful when empty."""
from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from reader.core.model import ArticleInfo
from reader.ui.library_view import ID_ROLE, LibraryRows, LibraryTableModel, LibraryView


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
    model = view.model
    return [model.index(r, col).data(role) for r in range(model.rowCount())]


def test_model_passes_the_model_tester_sorted_and_filtered(qtmodeltester, view):
    qtmodeltester.check(view.model)
    view.table.sortByColumn(LibraryTableModel.NOTES, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(view.model)
    view.model.set_filter_words("the times")
    qtmodeltester.check(view.model)
    view.model.set_note_counts({"id1": 7})
    qtmodeltester.check(view.model)


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
    assert view.model.rowCount() == 0
    assert view.article_count() == 4  # the library still has them
    assert view.table.placeholder == "No article matches the filter."
    view.filter_edit.clear()
    assert view.model.rowCount() == 4 and view.table.placeholder == ""


def test_filtering_and_sorting_keep_the_current_article(qtbot, view):
    view.select_article("id4")
    view.filter_edit.setText("times")
    assert view.current_article_id() == "id4"
    view.table.sortByColumn(LibraryTableModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert view.current_article_id() == "id4"
    view.filter_edit.clear()
    assert view.current_article_id() == "id4"
    view.filter_edit.setText("roe")  # the current article is filtered out: nothing is current
    assert view.current_article_id() is None


def test_empty_library_says_how_to_add_articles(qtbot):
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_articles([])
    assert "Open Folder" in view.table.placeholder


def test_clicking_a_row_activates_its_article(qtbot, view):
    view.show()
    qtbot.waitExposed(view)
    index = view.model.index(0, 0)
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


def test_new_note_counts_update_in_place_and_resort_by_count(qtbot, view):
    view.table.sortByColumn(LibraryTableModel.NOTES, Qt.SortOrder.DescendingOrder)
    view.select_article("id3")
    resets: list = []
    view.model.modelReset.connect(lambda: resets.append(1))
    view.set_note_counts({"id1": 2, "id2": 10, "id3": 50})  # id4's note was deleted
    assert resets == []
    assert column(view, 0) == ["Gamma", "beta", "Alpha", "Delta"]
    assert column(view, 3) == ["50", "10", "2", ""]
    assert view.current_article_id() == "id3"


@pytest.mark.parametrize("col", range(4))
def test_every_column_sorts_like_its_key_on_many_rows(qtbot, col):
    """A few thousand generated rows, each column both ways, against a plain sorted()."""
    rng = random.Random(col)
    rows = [info(i, rng.choice(["", "alpha", "Beta", "gamma", "delta"]) + f" {rng.randrange(50)}",
                 rng.choice(["", f"20{rng.randrange(10, 20)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"]),
                 rng.choice(["", "The Times", "Russia Insider", "ap"]), rng.randrange(4))
            for i in range(3000)]
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_articles(rows)
    by_id = {r.id: r for r in rows}

    def key(r):
        title = (r.title.strip() or f"a{r.id[2:]}.txt").casefold()
        return [title, r.date, r.source.casefold(), r.note_count][col], title

    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        view.table.sortByColumn(col, order)
        shown = [by_id[i] for i in column(view, 0, ID_ROLE)]
        keys = [key(r) for r in shown]
        filled = [k for k in keys if k[0] != ""]
        assert filled == sorted(filled, reverse=order == Qt.SortOrder.DescendingOrder)
        assert all(k[0] == "" for k in keys[len(filled):])  # empty dates and sources last


def test_real_library_rows(qtbot, library):
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_articles(library.articles())
    assert view.article_count() == 5
    titles = column(view, 0)
    assert "ISIS Can Be Defeated - Putin Said How" in titles


def test_rows_sorted_in_advance_are_used_only_for_the_sort_the_table_has(qtbot):
    view = LibraryView()
    qtbot.addWidget(view)
    view.table.sortByColumn(LibraryTableModel.NOTES, Qt.SortOrder.DescendingOrder)
    view.set_articles(LibraryRows.prepare(ROWS, view.model.sort_state()))
    assert column(view, 0) == ["beta", "Alpha", "Delta", "Gamma"]
    # Prepared for another sort (the user clicked a header meanwhile): sorted again here.
    view.table.sortByColumn(LibraryTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    view.set_articles(LibraryRows.prepare(ROWS[:3], (LibraryTableModel.NOTES, True)))
    assert column(view, 0) == ["Alpha", "beta", "Gamma"]


def test_an_empty_table_says_whether_it_is_loading_indexing_or_empty(qtbot):
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_loading()
    assert view.table.placeholder == "Loading the library…"
    view.set_indexing(True)
    view.set_articles([])  # nothing indexed yet
    assert view.table.placeholder.startswith("Indexing your articles")
    view.set_indexing(False)
    assert "Open Folder" in view.table.placeholder
    view.set_articles(ROWS)
    assert view.table.placeholder == ""


MULTILINGUAL = [
    ArticleInfo("r", "/tmp/r.txt", "Угроза", "2016-01-01", "", "", 0, "ru"),
    ArticleInfo("a", "/tmp/a.txt", "تقرير", "2016-01-02", "", "", 0, "ar"),
    ArticleInfo("e", "/tmp/e.txt", "Report", "2016-01-03", "", "", 0, "en"),
    ArticleInfo("u", "/tmp/u.txt", "Note", "2016-01-04", "", "", 0, ""),
]


def shown_at(qtbot, articles: list[ArticleInfo], width: int) -> LibraryView:
    """A library table of ``articles``, shown ``width`` pixels wide."""
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_articles(articles)
    view.show()
    # (the columns fit the table's width before this resize: resized twice)
    view.resize(width - 20, 400)
    view.resize(width, 400)
    return view


def test_language_column_shows_names_sorts_and_filters(qtbot, qtmodeltester):
    view = shown_at(qtbot, MULTILINGUAL, 720)
    model = view.model
    assert model.headerData(LibraryTableModel.LANGUAGE, Qt.Orientation.Horizontal) == "Language"
    qtbot.waitUntil(lambda: not view.table.isColumnHidden(LibraryTableModel.LANGUAGE))
    view.table.sortByColumn(LibraryTableModel.LANGUAGE, Qt.SortOrder.AscendingOrder)
    assert column(view, LibraryTableModel.LANGUAGE) == ["Arabic", "English", "Russian", ""]
    view.table.sortByColumn(LibraryTableModel.LANGUAGE, Qt.SortOrder.DescendingOrder)
    assert column(view, LibraryTableModel.LANGUAGE) == ["Russian", "English", "Arabic", ""]
    qtmodeltester.check(model)
    qtbot.keyClicks(view.filter_edit, "russian")
    assert column(view, 0) == ["Угроза"]
    view.resize(420, 400)  # a narrow pane gives the language column up first
    view.resize(400, 400)
    qtbot.waitUntil(lambda: view.table.isColumnHidden(LibraryTableModel.LANGUAGE))
    assert not view.table.isColumnHidden(LibraryTableModel.SOURCE)


def test_folder_column_shows_where_each_file_is_in_a_wide_pane(qtbot, qtmodeltester):
    view = shown_at(qtbot, [
        ArticleInfo("b", "/data/briefs/syria.pdf", "Syria brief", "2016-01-01", "", "", 0, "en"),
        ArticleInfo("w", "/data/wires/tass.txt", "TASS wire", "2016-01-02", "", "", 0, "en"),
        ArticleInfo("a", "/data/archive/2015/old.txt", "Old", "2015-01-02", "", "", 0, "en"),
    ], 900)
    model = view.model
    assert model.headerData(LibraryTableModel.FOLDER, Qt.Orientation.Horizontal) == "Folder"
    qtbot.waitUntil(lambda: not view.table.isColumnHidden(LibraryTableModel.FOLDER))
    view.table.sortByColumn(LibraryTableModel.FOLDER, Qt.SortOrder.AscendingOrder)
    assert column(view, LibraryTableModel.FOLDER) == ["2015", "briefs", "wires"]
    assert column(view, 0, Qt.ItemDataRole.ToolTipRole)[1].endswith("/data/briefs/syria.pdf")
    qtmodeltester.check(model)
    view.resize(560, 400)
    qtbot.waitUntil(lambda: view.table.isColumnHidden(LibraryTableModel.FOLDER))
    assert not view.table.isColumnHidden(LibraryTableModel.LANGUAGE)


def test_a_text_saved_twice_is_marked_on_each_of_its_rows(qtbot, library, seeds):
    original = seeds / "001_80c24120098c9853.txt"
    (seeds / "001 copy.txt").write_bytes(original.read_bytes())
    library.update_index()
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_articles(library.articles())
    assert view.article_count() == 6  # a row per file
    marked = [r for r, title in enumerate(column(view, 0)) if title.startswith("2× ")]
    assert len(marked) == 2  # at the start: a narrow pane elides a title's end
    tip = view.model.index(marked[0], 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("2×: the same text as 1 other file; a search shows them as one result.")
    view.model.set_filter_words("2×")  # the mark is not a word of the title
    assert view.model.rowCount() == 0
    view.table.sortByColumn(LibraryTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    titles = [title.removeprefix("2× ").casefold() for title in column(view, 0)]
    assert titles == sorted(titles)  # sorted by the title, not the mark
