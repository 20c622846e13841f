"""A note as a card: quote, rendered note, tags, status badge; the list's Return key."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from reader.core.model import FUZZY, ORPHANED, Note
from reader.ui.note_card import NoteCardDelegate, NotesList
from reader.ui.notes_model import ALL, ARTICLE, NotesModel
from reader.ui.theme import THEMES


class FakePanel(QWidget):
    """What a card needs from its panel: the theme and whether all notes are listed."""

    def __init__(self) -> None:
        super().__init__()
        self.theme = THEMES["light"]
        self.mode = ARTICLE


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
