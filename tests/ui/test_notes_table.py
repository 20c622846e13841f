"""The notes browser's models: grouped or flat, filtered, sorted as the analyst means."""
from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.model import ORPHANED, Note
from reader.ui.notes_model import NoteFilters, NoteRole
from reader.ui.notes_table import (
    ARTICLE, COLOUR, CREATED, MODIFIED, PASSAGE, STATUS, ArticleRole, NotesTableModel, NotesTableProxy,
)
from reader.ui.theme import THEMES


def note(note_id: str, article: str, created: str, **fields) -> Note:
    base = dict(id=note_id, article_id=article, article_path=f"/{article}.txt",
                article_title=f"Article {article.upper()}", fingerprint="f", exact=f"passage {note_id}",
                prefix="", suffix="", start=0, end=9, created=created, modified=created)
    return Note(**{**base, **fields})


NOTES = [
    note("n1", "a", "2026-11-01T10:00:00+00:00", color="pink", tags=["isis"]),
    note("n2", "b", "2026-11-03T10:00:00+00:00", color="yellow", status=ORPHANED),
    note("n3", "a", "2026-11-02T10:00:00+00:00", color="green", body="Compare the French view",
         modified="2026-12-01T08:00:00+00:00"),
]


def models(grouped: bool) -> tuple[NotesTableModel, NotesTableProxy]:
    model = NotesTableModel(THEMES["light"])
    model.set_notes(NOTES, grouped=grouped)
    proxy = NotesTableProxy()
    proxy.setSourceModel(model)
    return model, proxy


def rows(proxy, parent=None) -> list[str]:
    """Top to bottom: an article's row as its id, a note's as its id."""
    from PySide6.QtCore import QModelIndex
    parent = parent or QModelIndex()
    out = []
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        note_ = index.data(NoteRole)
        out.append(note_.id if note_ else index.data(ArticleRole))
        out.extend(rows(proxy, index))
    return out


def test_both_shapes_pass_the_model_tester(qapp, qtmodeltester) -> None:
    for grouped in (True, False):
        model, proxy = models(grouped)
        qtmodeltester.check(model)
        qtmodeltester.check(proxy)


def test_grouped_under_articles_and_sorted_by_any_column(qapp) -> None:
    model, proxy = models(True)
    assert rows(proxy) == ["a", "n1", "n3", "b", "n2"]
    first = proxy.index(0, PASSAGE)
    assert first.data() == "Article A  (2 notes)" and first.data(Qt.ItemDataRole.FontRole).bold()
    proxy.sort(MODIFIED, Qt.SortOrder.DescendingOrder)  # an article by its newest note
    assert rows(proxy) == ["a", "n3", "n1", "b", "n2"]
    proxy.sort(COLOUR, Qt.SortOrder.AscendingOrder)  # the highlight menu's order
    assert rows(proxy)[1:3] == ["n3", "n1"]  # green before pink (yellow first in the menu)


def test_flat_sorts_by_date_colour_status_and_article(qapp) -> None:
    _model, proxy = models(False)
    proxy.sort(CREATED, Qt.SortOrder.AscendingOrder)
    assert rows(proxy) == ["n1", "n3", "n2"]
    proxy.sort(COLOUR, Qt.SortOrder.AscendingOrder)
    assert rows(proxy) == ["n2", "n3", "n1"]  # yellow, green, pink
    proxy.sort(STATUS, Qt.SortOrder.DescendingOrder)
    assert rows(proxy)[0] == "n2"  # the orphan
    proxy.sort(ARTICLE, Qt.SortOrder.AscendingOrder)
    assert rows(proxy) == ["n1", "n3", "n2"]  # A's notes (oldest first), then B's


def test_filters_keep_an_article_while_one_of_its_notes_passes(qapp) -> None:
    _model, proxy = models(True)
    proxy.set_filters(NoteFilters(text="french"))
    assert rows(proxy) == ["a", "n3"]
    proxy.set_filters(NoteFilters(status=ORPHANED))
    assert rows(proxy) == ["b", "n2"]
    proxy.set_filters(NoteFilters(tag="ISIS"))
    assert rows(proxy) == ["a", "n1"]
