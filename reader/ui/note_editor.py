"""The note editor: a small dialog for a note's Markdown body, tags and colour.

It edits values only; saving them is the NotesController's job, so the
dialog can be filled and accepted by tests without ``exec()``: set the
fields, call ``accept()``, read ``values()``.

It never drops work in silence: Esc (or Cancel, or the window's close
button) on a changed note asks whether to save it, discard it, or go on
writing.  Tab moves from the note to the tags, never into the read-only
preview, where typing would go nowhere.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QSize, QStringListModel, Qt, QUrl, Signal
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout,
    QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QSplitter, QTextBrowser, QToolButton,
    QVBoxLayout, QWidget,
)

from ..core.model import COLORS
from ..core.model import normalise_tags
from .note_format import current_theme, excerpt, render_markdown, swatch_icon
from .theme import Theme
from .workers import delay_timer

PREVIEW_DELAY_MS = 150
#: How long after the last change the draft is kept (in the notes file: see NotesController).
DRAFT_DELAY_MS = 800
QUOTE_LIMIT = 600


@dataclass
class NoteValues:
    """What the user entered: the note's body (Markdown), tags and colour."""

    body: str = ""
    tags: list[str] = field(default_factory=list)
    color: str = "yellow"
    #: On a team article: shared with the team, or private; None on a local article.
    shared: bool | None = None


class _Preview(QTextBrowser):
    """The rendered note.  Loads nothing: no images, no links followed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab passes it by; a click still selects

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 (Qt API)
        return None


class TagsEdit(QLineEdit):
    """Comma-separated tags; completes the tag being typed from the known tags."""

    def __init__(self, known_tags: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._known = list(known_tags)
        self._model = QStringListModel(self._known, self)
        self._completer = QCompleter(self._model, self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self._completer.activated.connect(self.insert_completion)
        self.textEdited.connect(self._update_completions)
        self.setPlaceholderText("comma, separated, tags")

    @property
    def completer_(self) -> QCompleter:
        """The tag completer (``completer()`` is QLineEdit's own, unused here)."""
        return self._completer

    def tags(self) -> list[str]:
        return normalise_tags(self.text().split(","))

    def set_tags(self, tags: Sequence[str]) -> None:
        self.setText(", ".join(tags))

    def current_fragment(self) -> str:
        """The tag being typed: the text between the last comma and the cursor."""
        return self.text()[: self.cursorPosition()].rsplit(",", 1)[-1].lstrip()

    def _update_completions(self) -> None:
        fragment = self.current_fragment()
        if not fragment:
            self._completer.popup().hide()
            return
        typed = {t.casefold() for t in self.tags()} - {fragment.casefold()}
        self._model.setStringList([t for t in self._known if t.casefold() not in typed])
        self._completer.setCompletionPrefix(fragment)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def insert_completion(self, completion: str) -> None:
        """Replace the fragment being typed by ``completion`` and start the next tag."""
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition():]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        new_before = f"{head}{completion}, "
        self.setText(new_before + after.lstrip(", "))
        self.setCursorPosition(len(new_before))


class ColorPicker(QWidget):
    """Five colour swatches (the theme's highlight colours); one is checked."""

    def __init__(self, theme: Theme, color: str = "yellow", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        for name in COLORS:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setIcon(swatch_icon(theme.highlight(name), 22))
            button.setIconSize(QSize(22, 22))
            button.setToolTip(name.capitalize())
            button.setAccessibleName(f"{name} colour")
            self._group.addButton(button)
            self.buttons[name] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.set_color(color)

    def color(self) -> str:
        return next((n for n, b in self.buttons.items() if b.isChecked()), COLORS[0])

    def set_color(self, color: str) -> None:
        self.buttons.get(color, self.buttons[COLORS[0]]).setChecked(True)


class NoteEditor(QDialog):
    """Add or edit a note: quote (read-only), Markdown body with live preview, tags, colour.

    ``draftChanged`` carries the values a moment after each change, so the
    draft can be kept where a crash cannot take it.
    """

    draftChanged = Signal(object)  # NoteValues

    def __init__(self, parent: QWidget | None = None, *, quote: str = "", body: str = "",
                 tags: Sequence[str] = (), color: str = "yellow",
                 known_tags: Sequence[str] = (), title: str = "Add Note",
                 theme: Theme | None = None, shared: bool | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumSize(640, 440)
        self._theme = theme or current_theme()

        self.quote_label = QLabel(self)
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setText(f"“{excerpt(quote, QUOTE_LIMIT)}”" if quote.strip() else "")
        self.quote_label.setVisible(bool(quote.strip()))
        self.quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        quote_font = QFont(self.quote_label.font())
        quote_font.setItalic(True)
        self.quote_label.setFont(quote_font)
        self._style_quote(color)
        self.quote_label.setAccessibleName("Quoted passage")

        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setPlaceholderText(
            "Write your note in Markdown: **bold**, *italic*, - lists, > quotes, `code`…")
        self.body_edit.setPlainText(body)
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setAccessibleName("Note text (Markdown)")
        self.preview = _Preview(self)
        self.preview.setAccessibleName("Preview")
        self.preview.document().setDefaultStyleSheet(
            "p, li { line-height: 140%; } code { font-family: monospace; }"
            f" blockquote {{ color: {self._theme.dim}; margin-left: 12px; }}")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._captioned("&Note (Markdown)", self.body_edit))
        splitter.addWidget(self._captioned("Preview", self.preview))
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)

        self.tags_edit = TagsEdit(known_tags, self)
        self.tags_edit.set_tags(list(tags))
        self.tags_edit.setAccessibleName("Tags")
        self.color_picker = ColorPicker(self._theme, color, self)
        for name, button in self.color_picker.buttons.items():
            button.toggled.connect(self._on_color_toggled)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Tags:", self.tags_edit)
        form.addRow("Colour:", self.color_picker)
        #: On a team article only: whether the whole team reads the note.
        self.share_box = QCheckBox("Share with the &team (everyone in the team library reads "
                                   "it; unticked, it is yours alone)", self)
        self.share_box.setChecked(bool(shared))
        self.share_box.setVisible(shared is not None)
        self._team_note = shared is not None
        if self._team_note:
            form.addRow("Team:", self.share_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip("Save the note (Ctrl+Return)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)

        hint = QLabel("Markdown · Ctrl+Return saves", self)
        hint_palette = hint.palette()
        hint_palette.setColor(QPalette.ColorRole.WindowText, self._theme.color("dim"))
        hint.setPalette(hint_palette)
        bottom = QHBoxLayout()
        bottom.addWidget(hint)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.quote_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(form)
        layout.addLayout(bottom)

        self._preview_source = ""
        self._timer = delay_timer(self, PREVIEW_DELAY_MS, self.render_preview)
        self.body_edit.textChanged.connect(self._timer.start)
        self.render_preview()
        self.body_edit.moveCursor(QTextCursor.MoveOperation.End)  # go on writing where it ends
        self.body_edit.setFocus()
        self._as_opened = self.values()
        self._draft_timer = delay_timer(self, DRAFT_DELAY_MS, self._draft_now)
        self.body_edit.textChanged.connect(self._draft_timer.start)
        self.tags_edit.textChanged.connect(self._draft_timer.start)
        for button in self.color_picker.buttons.values():
            button.toggled.connect(self._draft_timer.start)
        #: Asked when a changed note is closed without saving; tests answer it.
        self.ask_unsaved: Callable[[], QMessageBox.StandardButton] = self._ask_unsaved

    def _captioned(self, caption: str, widget: QWidget) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        label = QLabel(caption, box)
        label.setBuddy(widget)
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        return box

    def values(self) -> NoteValues:
        return NoteValues(self.body_edit.toPlainText().strip(), self.tags_edit.tags(),
                          self.color_picker.color(),
                          self.share_box.isChecked() if self._team_note else None)

    def render_preview(self) -> None:
        """Render the body now (the editor calls it ~150 ms after the last keystroke)."""
        self._timer.stop()
        html = render_markdown(self.body_edit.toPlainText())
        self._preview_source = html
        if not html:
            html = f'<p style="color:{self._theme.dim};"><i>Preview of your note</i></p>'
        self.preview.setHtml(html)

    def preview_html(self) -> str:
        """The HTML the preview last rendered ("" while the note is empty)."""
        return self._preview_source

    def _on_color_toggled(self, checked: bool) -> None:
        if checked:
            self._style_quote(self.color_picker.color())

    def _style_quote(self, color: str) -> None:
        """The quote wears the note's colour, as it will in the article."""
        fill = self._theme.highlight(color)
        edge = fill.darker(135) if self._theme.name != "dark" else fill.lighter(160)
        self.quote_label.setStyleSheet(
            f"QLabel {{ background: {fill.name()}; border-left: 4px solid {edge.name()};"
            f" border-radius: 3px; padding: 8px 10px; color: {self._theme.text}; }}")

    def _draft_now(self) -> None:
        if self.is_changed():
            self.draftChanged.emit(self.values())

    def mark_unsaved(self) -> None:
        """The editor starts from a draft that was never saved: closing it asks."""
        self._as_opened = NoteValues("\0", [], "")

    def is_changed(self) -> bool:
        return self.values() != self._as_opened

    def reject(self) -> None:
        """Esc, Cancel or the close button: a changed note is saved, dropped or kept
        open, as the user answers; an unchanged one just closes."""
        if not self.is_changed():
            super().reject()
            return
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            self.accept()
        elif answer == QMessageBox.StandardButton.Discard:
            super().reject()
        else:
            self.body_edit.setFocus()

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved Note",
                          "This note has changes that are not saved.",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText("Save them, or discard them?")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def done(self, result: int) -> None:
        """Stop the timers whichever way the dialog closes."""
        self._timer.stop()
        self._draft_timer.stop()
        super().done(result)
