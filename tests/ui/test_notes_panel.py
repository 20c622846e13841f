"""The notes panel: the article's notes in reading order, the library-wide view."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from reader.core.model import FUZZY, ORPHANED
from reader.ui.actions import Actions
from reader.ui.notes_controller import NotesController
from reader.ui.notes_model import NoteFilters, NoteRole, reading_order
from reader.ui.notes_panel import NotesPanel
from reader.ui.theme import THEMES


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def controller(host, library) -> NotesController:
    return NotesController(library, host)


@pytest.fixture
def actions(host) -> Actions:
    return Actions(host)


@pytest.fixture
def panel(qtbot, host, controller, actions) -> NotesPanel:
    widget = NotesPanel(controller, actions)
    qtbot.addWidget(widget)
    widget.resize(380, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def notes(library):
    """Four notes on the first article (one fuzzy, one orphaned) and one on the second."""
    first, second = (info.id for info in library.articles()[:2])
    text = library.article(first).text
    at = text.index
    made = {
        "late": library.add_note(first, start=at("lone wolves"), end=at("lone wolves") + 11,
                                 color="green", tags=["terrorism"]).note,
        "early": library.add_note(first, start=at("two crucial"), end=at("two crucial") + 24,
                                  body="**Key** point", tags=["policy", "Europe"]).note,
        "fuzzy": library.add_note(first, start=at("Second"), end=at("Second") + 30, color="blue",
                                  body="similar passage").note,
        "orphan": library.add_note(first, start=0, end=8, color="pink", body="lost one").note,
        "other": library.add_note(second, start=0, end=12, color="purple", tags=["policy"],
                                  body="elsewhere").note,
    }
    # States only re-anchoring produces, so set in the store itself.
    library._notes.update(made["fuzzy"].id, status=FUZZY, score=0.82, touch=False)
    library._notes.update(made["orphan"].id, status=ORPHANED, score=0.0, touch=False)
    return first, second, {key: library.note(n.id) for key, n in made.items()}


def ids(panel: NotesPanel) -> list[str]:
    return [n.id for n in panel.visible_notes()]


def test_models_pass_the_model_tester(qtmodeltester, panel, notes) -> None:
    first, _second, _made = notes
    panel.show_article_notes(first)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    panel.show_all_notes()
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)


def test_article_notes_in_reading_order_with_orphans_last(panel, notes) -> None:
    first, _second, made = notes
    panel.show_article_notes(first)
    assert ids(panel) == [made[k].id for k in ("early", "fuzzy", "late", "orphan")]
    assert panel.count_label.text() == "4"
    assert reading_order([made["orphan"], made["late"]])[-1] is made["orphan"]


def test_cards_show_quote_rendered_note_tags_and_badges(panel, notes) -> None:
    first, _second, made = notes
    panel.show_article_notes(first)
    html = {n.id: panel.delegate._html(n, panel.theme) for n in panel.visible_notes()}
    assert "<strong>Key</strong>" in html[made["early"].id]
    assert "#policy" in html[made["early"].id] and "two crucial" in html[made["early"].id]
    assert "fuzzy 82%" in html[made["fuzzy"].id]
    assert "orphaned" in html[made["orphan"].id]
    assert "orphaned" not in html[made["early"].id] and "moved" not in html[made["early"].id]
    # the cards are really painted (not zero-height rows)
    for row in range(panel.proxy.rowCount()):
        assert panel.view.visualRect(panel.proxy.index(row, 0)).height() > 20
    panel.grab()  # paints every card once


def test_library_wide_view_filters(qtbot, panel, notes) -> None:
    _first, second, made = notes
    panel.show_all_notes()
    assert len(ids(panel)) == 5
    panel.tag_combo.setCurrentIndex(panel.tag_combo.findData("policy"))
    assert set(ids(panel)) == {made["early"].id, made["other"].id}
    assert panel.count_label.text() == "2 of 5"
    panel.color_combo.setCurrentIndex(panel.color_combo.findData("purple"))
    assert ids(panel) == [made["other"].id]
    panel.set_filters(NoteFilters())
    panel.status_combo.setCurrentIndex(panel.status_combo.findData(ORPHANED))
    assert ids(panel) == [made["orphan"].id]
    panel.set_filters(NoteFilters())
    qtbot.keyClicks(panel.filter_edit, "ELSEwhere")
    assert ids(panel) == [made["other"].id]
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "lone wolves")
    assert ids(panel) == [made["late"].id]
    qtbot.keyClicks(panel.filter_edit, " nothing-like-this")
    assert ids(panel) == []
    assert panel.empty_label.isVisible() and "filters" in panel.empty_label.text()


def test_clicking_a_card_activates_its_note(qtbot, panel, notes) -> None:
    _first, _second, made = notes
    panel.show_all_notes()
    index = panel.proxy.index(ids(panel).index(made["other"].id), 0)
    with qtbot.waitSignal(panel.noteActivated) as blocker:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=panel.view.visualRect(index).center())
    assert blocker.args == [made["other"].id]
    assert panel.selected_note_id() == made["other"].id
    with qtbot.waitSignal(panel.noteActivated) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args == [made["other"].id]


def test_orphan_offers_reattach(qtbot, panel, notes, actions) -> None:
    first, _second, made = notes
    panel.show_article_notes(first)
    panel.select_note(made["early"].id)
    assert not panel.orphan_box.isVisibleTo(panel)
    menu = panel.context_menu()
    assert actions.reattach_note not in menu.actions()
    menu.deleteLater()
    panel.select_note(made["orphan"].id)
    assert panel.orphan_box.isVisibleTo(panel) and panel.reattach_button.isVisibleTo(panel)
    assert panel.reattach_button.defaultAction() is actions.reattach_note
    assert "no longer in the article" in panel.orphan_label.text()
    menu = panel.context_menu()
    assert actions.reattach_note in menu.actions()
    menu.deleteLater()
    panel.select_note(made["fuzzy"].id)
    assert panel.orphan_box.isVisibleTo(panel)


def test_panel_follows_controller_changes(qtbot, panel, controller, library, notes) -> None:
    first, _second, made = notes
    panel.show_article_notes(first)
    article = library.article(first)
    start = article.text.index("Paris")
    note = controller.highlight(article, start, start + 5, "yellow")
    assert note.id in ids(panel)
    panel.select_note(made["late"].id)
    controller.delete_note(made["late"].id)
    assert made["late"].id not in ids(panel)
    controller.undo()
    assert made["late"].id in ids(panel)
    assert panel.selected_note_id() is None or panel.selected_note_id() in ids(panel)


def test_delete_and_edit_actions_follow_the_selection(qtbot, panel, controller, library, notes,
                                                      actions) -> None:
    first, _second, made = notes
    panel.show_article_notes(first)
    assert not actions.delete_note.isEnabled() and not actions.edit_note.isEnabled()
    panel.select_note(made["early"].id)
    assert actions.delete_note.isEnabled() and actions.edit_note.isEnabled()

    def run(editor) -> bool:
        assert editor.windowTitle() == "Edit Note"
        editor.body_edit.setPlainText("edited in place")
        editor.accept()
        return True

    controller.run_editor = run
    center = panel.view.visualRect(panel.view.currentIndex()).center()
    # QTest's double click is only recognised after a click at the same place.
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert library.note(made["early"].id).body == "edited in place"
    assert panel.selected_note_id() == made["early"].id
    assert "edited in place" in panel.delegate._html(panel.selected_note(), panel.theme)


def test_select_note_clears_filters_that_hide_it(panel, notes) -> None:
    _first, _second, made = notes
    panel.show_all_notes()
    panel.set_filters(NoteFilters(color="green"))
    panel.select_note(made["other"].id)
    assert panel.proxy.filters == NoteFilters()
    assert panel.selected_note_id() == made["other"].id


def test_empty_states(panel, library) -> None:
    panel.show_article_notes(None)
    assert "Open an article" in panel.empty_label.text()
    panel.show_article_notes(library.articles()[0].id)
    assert "No notes on this article" in panel.empty_label.text()
    panel.show_all_notes()
    assert panel.model.rowCount() == 0


def test_theme_changes_the_cards(panel, notes) -> None:
    first, _second, made = notes
    panel.show_article_notes(first)
    panel.apply_theme(THEMES["dark"])
    note = panel.proxy.index(0, 0).data(NoteRole)
    assert THEMES["dark"].accent in panel.delegate._html(note, panel.theme)
    panel.grab()
