"""A note as a card: quote, rendered note, tags, status badge, earlier passages; the Return key."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from tests.core.notes.notes_helpers import raw

from reader.core.model import FUZZY, ORPHANED, EarlierAnchor, Note, format_moment
from reader.ui.note_card import NoteCardDelegate, NotesList
from reader.ui.notes_model import ALL, ARTICLE, NotesModel
from reader.ui.theme import THEMES


class FakePanel(QWidget):
    """What a card needs from its panel: the theme, whether all notes are listed, and
    the team notes' places in the team library."""

    def __init__(self) -> None:
        super().__init__()
        self.theme = THEMES["light"]
        self.mode = ARTICLE
        self.team = {}
        self.versions = {}


def note(**fields) -> Note:
    return Note(id="n1", article_id="a", article_path="/a.md", article_title="Kremlin and oil",
                fingerprint="f", exact="two crucial passages", prefix="", suffix="", start=0, end=20,
                **fields)


def test_card_html_has_quote_note_tags_and_badge(qtbot):
    panel = FakePanel()
    qtbot.addWidget(panel)
    view = NotesList(panel)
    delegate = NoteCardDelegate(view, panel)
    card = delegate._html(note(body="**Key** point", tags=["policy"], status=FUZZY, score=0.82),
                          panel.theme)
    assert "two crucial passages" in card and "<strong>Key</strong>" in card
    assert "#policy" in card and "fuzzy 82%" in card
    assert "Kremlin and oil" not in card  # the article's title only when all notes are listed
    panel.mode = ALL
    assert "Kremlin and oil" in delegate._html(note(status=ORPHANED, score=0.0), panel.theme)
    first = delegate.document(note())
    assert delegate.document(note()) is first  # laid out once
    panel.theme = THEMES["dark"]
    assert delegate.document(note()) is not first  # the theme is part of the key


def test_return_on_a_card_says_which(qtbot):
    panel = FakePanel()
    qtbot.addWidget(panel)
    view = NotesList(panel)
    model = NotesModel(view)
    model.set_notes([note()])
    view.setModel(model)
    view.setCurrentIndex(model.index(0, 0))
    with qtbot.waitSignal(view.returnPressed) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args[0].row() == 0


def test_a_card_says_when_its_passage_was_reattached_and_what_it_was(qtbot):
    panel = FakePanel()
    qtbot.addWidget(panel)
    delegate = NoteCardDelegate(NotesList(panel), panel)
    first = EarlierAnchor("2026-12-01T09:00:00+00:00", "re-anchored: moved", "a", "Kremlin and oil",
                          "an older passage", "", "", 40, 56)
    latest = EarlierAnchor("2026-12-05T14:03:00+00:00", "re-attached", "b", "Gone article",
                           "the passage it had", "", "", 3, 21)
    moved = note(anchor_history=(first, latest))
    shown = delegate.document(moved).toPlainText()
    assert (f"Re-attached on {format_moment(latest.when)} (was: “the passage it had” in Gone "
            "article) · 1 earlier") in shown
    assert delegate.document(note()).toPlainText().count("Re-attached") == 0
    model = NotesModel(panel)
    model.set_notes([moved])
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    history = tip.split("Passage history:\n")[1].splitlines()
    assert history == [
        f"• Re-attached on {format_moment(latest.when)} (was: “the passage it had” in Gone article)",
        f"• Moved on {format_moment(first.when)}, after its article changed (was at characters "
        "40–56)"]


def test_reattaching_in_the_window_shows_the_old_passage_and_undo_takes_it_away(
        qtbot, make_window, library):
    window = make_window(library)
    info = library.articles()[0]
    text = library.article(info.id).text
    old_quote = text[:25]
    note = library.add_note(info.id, start=0, end=25, body="lost").note
    library._notes.update(note.id, status=ORPHANED, score=0.0, touch=False)  # as an update would
    window.open_article(info.id)
    panel = window.notes_panel
    panel.select_note(note.id)
    start = text.index(" ", 200) + 1
    window.reading_pane.select_range(start, start + 30)
    panel.reattach_button.click()

    fixed = library.note(note.id)
    assert (fixed.start, fixed.status) == (start, "intact")
    with raw(library.paths.notes_file) as db:  # in the notes file, not only on screen
        assert db.execute("SELECT reason, exact, start, \"end\" FROM anchor_history").fetchall() == [
            ("re-attached", old_quote, 0, 25)]
    [when] = [e.when for e in fixed.anchor_history]
    card = panel.delegate.document(panel.visible_notes()[0]).toPlainText()
    assert f"Re-attached on {format_moment(when)} (was: “{' '.join(old_quote.split())}”)" in card
    tip = panel.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Passage history:\n• Re-attached on" in tip

    window.actions.undo.trigger()
    assert library.note(note.id).anchor_history == ()
    assert "Re-attached" not in panel.delegate.document(panel.visible_notes()[0]).toPlainText()
    with raw(library.paths.notes_file) as db:
        assert db.execute("SELECT COUNT(*) FROM anchor_history").fetchone()[0] == 0


def test_a_card_says_when_the_note_was_made_and_last_edited(qtbot):
    panel = FakePanel()
    qtbot.addWidget(panel)
    delegate = NoteCardDelegate(NotesList(panel), panel)
    made = "2026-11-24T09:30:00+00:00"
    fresh = delegate._html(note(created=made, modified="2026-11-24T09:30:40+00:00"), panel.theme)
    assert format_moment(made) in fresh and "edited" not in fresh  # the same minute: not an edit
    edited = "2026-12-01T17:05:00+00:00"
    card = delegate._html(note(created=made, modified=edited), panel.theme)
    assert f"{format_moment(made)} · edited {format_moment(edited)}" in card
    first = delegate.document(note(created=made, modified=made))
    assert delegate.document(note(created=made, modified=edited)) is not first  # an edit shows
