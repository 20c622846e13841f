"""Export notes: format, which notes, where; then offer to open the result.

The dialog only gathers choices into an ``NoteFilter`` and calls
``Library.export_notes`` on a worker thread; the core does the filtering and
writing (atomically, so a failed export leaves the old file whole).  Errors,
a full disk included, are shown in the dialog, which stays open with every
choice intact so the user can pick another destination and try again.
Opening the result folder goes through ``open_url`` (QDesktopServices by
default), which tests replace: a test must never launch a file manager.
The Markdown template (the built-in ones and the analyst's, from
``Library.export_templates``) and the colour option apply to the Markdown
formats only.  The choices of the last export (format, template, which
notes, colours, destination) come back the next time (``export_choices``);
which notes starts as the open article's only when it has any.
"""
from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core.library import Library
from ..core.model import COLORS, LibraryError, NoteFilter, NotesError, QueryError
from ..core.model import DEFAULT_TEMPLATE, normalise_tags
from .export_choices import ALL, CURRENT, ExportChoices, load_choices, save_choices
from .theme import THEMES
from .window_state import settings_for
from .workers import TaskRelay, start_task

#: (key, label, core format, one file per article, file suffix)
FORMATS = (
    ("markdown", "Markdown, one file", "markdown", False, ".md"),
    ("markdown_folder", "Markdown, a folder with one file per article", "markdown", True, ""),
    ("w3c", "W3C Web Annotations (JSON-LD)", "w3c", False, ".jsonld"),
    ("csv", "CSV spreadsheet", "csv", False, ".csv"),
)
FORMAT_KEYS = tuple(f[0] for f in FORMATS)
DEFAULT_NAME = "Reader notes"


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(THEMES["light"].highlights[color]).darker(115))
    return QIcon(pixmap)


def describe_error(exc: BaseException, destination: str) -> str:
    """A sentence the user can act on."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            advice = "Free some space or choose another destination."
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            advice = "Choose a folder you can write to."
        else:
            advice = "Choose another destination and try again."
        return (f"Could not write {exc.filename or destination}: {reason}. "
                f"Your notes are safe and no half-written file was left. {advice}")
    if isinstance(exc, QueryError):
        return f"The note query is not understood: {exc}"
    return str(exc)


class ExportDialog(QDialog):
    """Choose format, filters and destination; export; offer to open the folder."""

    exported = Signal(object)  # list[Path] written
    failed = Signal(str)

    def __init__(self, library: Library, *, article_id: str | None = None,
                 article_title: str = "", note_ids: list[str] | None = None,
                 pool: QThreadPool | None = None,
                 open_url: Callable[[QUrl], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings_for(library)  # the data directory's settings.ini
        self.setWindowTitle("Export Notes")
        self._library = library
        self._article_id = article_id
        self._pool = pool or QThreadPool.globalInstance()
        self._open_url = open_url or QDesktopServices.openUrl
        self._relay = TaskRelay(self)
        self._relay.finished.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._task: int | None = None
        self._task_dest: tuple[Path, str] | None = None
        self.written: list[Path] = []

        # Format.
        format_box = QGroupBox("Format", self)
        self.format_group = QButtonGroup(self)
        format_layout = QVBoxLayout(format_box)
        self.format_buttons: dict[str, QRadioButton] = {}
        for i, (key, label, *_rest) in enumerate(FORMATS):
            button = QRadioButton(label, format_box)
            self.format_group.addButton(button, i)
            self.format_buttons[key] = button
            format_layout.addWidget(button)
        self.format_buttons["markdown"].setChecked(True)
        self.format_group.idToggled.connect(self._format_changed)
        self.template_combo = QComboBox(format_box)
        for template in library.export_templates():
            self.template_combo.addItem(template.name, template.name)
            self.template_combo.setItemData(self.template_combo.count() - 1,
                                            template.summary + (f"\n{template.path}" if template.path
                                                                else ""),
                                            Qt.ItemDataRole.ToolTipRole)
        self.colour_check = QCheckBox("Give each note's highlight colour", format_box)
        template_row = QFormLayout()
        template_row.addRow("Markdown template:", self.template_combo)
        template_row.addRow("", self.colour_check)
        format_layout.addLayout(template_row)

        # Which notes.
        notes_box = QGroupBox("Notes", self)
        self.all_articles = QRadioButton("All articles", notes_box)
        self.current_article = QRadioButton(
            f"Current article: {article_title}" if article_id else "Current article (none open)",
            notes_box)
        self.current_article.setEnabled(bool(article_id))
        self._note_ids = frozenset(note_ids or ())
        count = len(self._note_ids)
        self.selected_notes = QRadioButton(f"The {count} note{'' if count == 1 else 's'} selected "
                                           "in the Notes Browser", notes_box)
        self.selected_notes.setVisible(bool(note_ids))
        self.all_articles.setChecked(True)
        article_row = QVBoxLayout()
        article_row.setSpacing(2)
        article_row.addWidget(self.all_articles)
        article_row.addWidget(self.current_article)
        article_row.addWidget(self.selected_notes)
        self.tags_edit = QLineEdit(notes_box)
        self.tags_edit.setPlaceholderText("any tag (or: tag1, tag2)")
        self.tags_edit.setClearButtonEnabled(True)
        tag_names = [tag for tag, _count in library.tags()]
        completer = QCompleter(tag_names, self.tags_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_edit.setCompleter(completer)
        self.color_boxes: dict[str, QCheckBox] = {}
        colors_row = QHBoxLayout()
        colors_row.setSpacing(10)
        for color in COLORS:
            box = QCheckBox(color.capitalize(), notes_box)
            box.setIcon(_swatch(color))
            box.setChecked(True)
            self.color_boxes[color] = box
            colors_row.addWidget(box)
        colors_row.addStretch(1)
        self.since_check = QCheckBox("From", notes_box)
        self.since_edit = QDateEdit(QDate.currentDate().addMonths(-1), notes_box)
        self.until_check = QCheckBox("to", notes_box)
        self.until_edit = QDateEdit(QDate.currentDate(), notes_box)
        for edit, check in ((self.since_edit, self.since_check), (self.until_edit, self.until_check)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        dates_row = QHBoxLayout()
        for widget in (self.since_check, self.since_edit, self.until_check, self.until_edit):
            dates_row.addWidget(widget)
        dates_row.addStretch(1)
        self.query_edit = QLineEdit(notes_box)
        self.query_edit.setPlaceholderText("only notes matching a search, e.g. tag:evidence OR putin")
        self.query_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(notes_box)
        self.count_label.setObjectName("countLabel")
        notes_form = QFormLayout(notes_box)
        notes_form.addRow("Articles:", article_row)
        notes_form.addRow("Tags:", self.tags_edit)
        notes_form.addRow("Colours:", colors_row)
        notes_form.addRow("Created:", dates_row)
        notes_form.addRow("Matching:", self.query_edit)
        notes_form.addRow("", self.count_label)

        # Destination.
        dest_box = QGroupBox("Destination", self)
        self.destination_edit = QLineEdit(dest_box)
        self.destination_edit.setPlaceholderText("a file, or a folder for one file per article")
        self.browse_button = QPushButton("Choose…", dest_box)
        self.browse_button.clicked.connect(self.choose_destination)
        dest_row = QHBoxLayout(dest_box)
        dest_row.addWidget(self.destination_edit, 1)
        dest_row.addWidget(self.browse_button)

        # Outcome.
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.hide()
        self.open_folder_button = QPushButton("Open Folder", self)
        self.open_folder_button.hide()
        self.open_folder_button.clicked.connect(self.open_result_folder)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.open_folder_button)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.run_export)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(format_box)
        layout.addWidget(notes_box)
        layout.addWidget(dest_box)
        layout.addLayout(status_row)
        layout.addWidget(self.buttons)

        for signal in (self.all_articles.toggled, self.selected_notes.toggled, self.since_check.toggled,
                       self.until_check.toggled):
            signal.connect(self._update_count)
        for edit in (self.tags_edit, self.query_edit):
            edit.textChanged.connect(self._update_count)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(self._update_count)
        for box in self.color_boxes.values():
            box.toggled.connect(self._update_count)
        self.destination_edit.textChanged.connect(self._update_buttons)
        self._set_default_destination()
        self._restore_choices(library.note_counts().get(article_id or "", 0) > 0)
        self._update_count()

    # -- choices ------------------------------------------------------------------

    @property
    def format_key(self) -> str:
        return FORMATS[max(0, self.format_group.checkedId())][0]

    def set_format(self, key: str) -> None:
        self.format_buttons[key].setChecked(True)

    def _format_spec(self) -> tuple[str, bool, str]:
        _key, _label, fmt, per_article, suffix = FORMATS[max(0, self.format_group.checkedId())]
        return fmt, per_article, suffix

    def note_filter(self) -> NoteFilter:
        tags = normalise_tags(self.tags_edit.text().split(","))
        colors = frozenset(c for c, box in self.color_boxes.items() if box.isChecked())
        return NoteFilter(
            article_ids=frozenset({self._article_id}) if self.current_article.isChecked()
            and self._article_id else None,
            tags=frozenset(tags) if tags else None,
            colors=None if len(colors) == len(COLORS) else colors,
            since=_to_date(self.since_edit.date()) if self.since_check.isChecked() else None,
            until=_to_date(self.until_edit.date()) if self.until_check.isChecked() else None,
            note_ids=self._note_ids if self.selected_notes.isChecked() else None,
        )

    @property
    def template(self) -> str:
        return str(self.template_combo.currentData() or DEFAULT_TEMPLATE)

    def set_template(self, name: str) -> None:
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(name)))

    def choices(self) -> ExportChoices:
        return ExportChoices(format=self.format_key, template=self.template,
                             scope=CURRENT if self.current_article.isChecked() else ALL,
                             with_colour=self.colour_check.isChecked(),
                             destination=self.destination_edit.text().strip())

    def _restore_choices(self, article_has_notes: bool) -> None:
        """The last export's choices; the open article's notes only if it has some."""
        templates = tuple(self.template_combo.itemData(i) for i in range(self.template_combo.count()))
        saved = load_choices(self._settings, FORMAT_KEYS, templates)
        if saved.format:
            self.set_format(saved.format)
        self.set_template(saved.template or DEFAULT_TEMPLATE)
        self.colour_check.setChecked(saved.with_colour)
        if saved.destination:
            self.destination_edit.setText(saved.destination)
        if article_has_notes and saved.scope == CURRENT:
            self.current_article.setChecked(True)
        if self._note_ids:  # asked from the Notes Browser for its selection
            self.selected_notes.setChecked(True)
        self._markdown_options()

    def _markdown_options(self) -> None:
        markdown = self._format_spec()[0] == "markdown"
        self.template_combo.setEnabled(markdown)
        self.colour_check.setEnabled(markdown)

    def _set_default_destination(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        base = Path(folder or Path.home())
        _fmt, per_article, suffix = self._format_spec()
        self.destination_edit.setText(str(base / (DEFAULT_NAME + suffix if not per_article
                                                  else DEFAULT_NAME)))

    def _format_changed(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        text = self.destination_edit.text().strip()
        _fmt, per_article, suffix = self._format_spec()
        if text:
            path = Path(text)
            known = {f[4] for f in FORMATS if f[4]}
            stem = path.with_suffix("") if path.suffix in known else path
            self.destination_edit.setText(str(stem if per_article else stem.with_suffix(suffix)))
        self._markdown_options()
        self._update_count()

    def choose_destination(self) -> None:
        """The platform's file dialog (tests set ``destination_edit`` directly)."""
        _fmt, per_article, suffix = self._format_spec()
        current = self.destination_edit.text().strip()
        if per_article:
            chosen = QFileDialog.getExistingDirectory(self, "Export Into Folder", current)
        else:
            filters = {".md": "Markdown (*.md)", ".jsonld": "JSON-LD (*.jsonld *.json)",
                       ".csv": "CSV (*.csv)"}
            chosen, _ = QFileDialog.getSaveFileName(self, "Export Notes", current, filters[suffix])
        if chosen:
            self.destination_edit.setText(chosen)

    # -- counting and running -----------------------------------------------------

    def _update_count(self, *_args) -> None:
        """How many notes the choices select, counted by the core's own filter."""
        try:
            _text, _files, count = self._library.export_notes(
                "csv", None, flt=self.note_filter(), query=self.query_edit.text().strip() or None)
        except (QueryError, LibraryError, NotesError) as exc:
            self.count_label.setText(f"⚠ {exc}")
            self._count = -1
        else:
            self._count = count
            self.count_label.setText(
                "No notes match these choices." if count == 0
                else f"{count} note{'s' if count != 1 else ''} will be exported.")
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        self.export_button.setEnabled(
            self._task is None and getattr(self, "_count", 0) > 0
            and bool(self.destination_edit.text().strip()))

    @property
    def running(self) -> bool:
        return self._task is not None

    def run_export(self) -> None:
        destination = self.destination_edit.text().strip()
        if not destination or self._task is not None:
            return
        fmt, per_article, _suffix = self._format_spec()
        dest = Path(destination).expanduser()
        if not per_article and dest.is_dir():
            self._show_error(f"{dest} is a folder. Give a file name, or choose "
                             "“Markdown, a folder with one file per article”.")
            return
        flt = self.note_filter()
        query = self.query_edit.text().strip() or None
        library = self._library
        template, with_colour = self.template, self.colour_check.isChecked()
        save_choices(self._settings, self.choices())
        self._set_busy(True)

        def work(_progress, _cancelled):
            return library.export_notes(fmt, dest, flt=flt, query=query, per_article=per_article,
                                        template=template, with_colour=with_colour)

        self._task_dest = (dest, destination)
        self._task, _cancel = start_task(self._pool, work, self._relay)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.export_button, self.browse_button, self.destination_edit):
            widget.setEnabled(not busy)
        self.status_label.setText("Exporting…" if busy else self.status_label.text())
        self.status_label.setStyleSheet("")
        self.status_label.setVisible(True)
        self.open_folder_button.hide()

    def _release(self, task_id: int) -> tuple[Path, str] | None:
        if task_id != self._task or self._task_dest is None:
            return None
        where = self._task_dest
        self._task = None
        self._task_dest = None
        self._set_busy(False)
        self._update_buttons()
        return where

    def _done(self, task_id: int, result: tuple) -> None:
        where = self._release(task_id)
        if where is None:
            return
        dest, _typed = where
        _text, files, count = result
        self.written = list(files)
        where = dest if dest.is_dir() or not files else files[0]
        self.status_label.setText(
            f"Exported {count} note{'s' if count != 1 else ''} to {where}"
            + (f" ({len(files)} files)." if len(files) > 1 else "."))
        self.status_label.setStyleSheet("color: #2e7d32;")
        self.open_folder_button.show()
        self.close_button.setFocus()
        self.exported.emit(self.written)

    def _failed(self, task_id: int, exc: BaseException) -> None:
        where = self._release(task_id)
        if where is not None:
            self._show_error(describe_error(exc, where[1]))

    def _show_error(self, message: str) -> None:
        self.status_label.setText(message)
        self.status_label.setStyleSheet("color: #c0392b;")
        self.status_label.show()
        self.open_folder_button.hide()
        self.failed.emit(message)

    def result_folder(self) -> Path | None:
        if not self.written:
            return None
        first = self.written[0]
        dest = Path(self.destination_edit.text().strip()).expanduser()
        return dest if dest.is_dir() else first.parent

    def open_result_folder(self) -> None:
        folder = self.result_folder()
        if folder is not None:
            self._open_url(QUrl.fromLocalFile(str(folder)))

    def reject(self) -> None:
        if self._task is not None:
            return  # the export finishes first: closing now would hide its outcome
        super().reject()

    def closeEvent(self, event) -> None:
        if self._task is not None:
            event.ignore()
            return
        super().closeEvent(event)


def _to_date(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())
