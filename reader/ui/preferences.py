"""Reading preferences: font, size, line width and theme, kept in QSettings.

The dialog applies every change at once (the window listens to ``changed``)
and stores it, as GNOME and macOS preference windows do: there is nothing to
"apply" and nothing to lose by closing it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .theme import DEFAULT_THEME, THEMES

log = logging.getLogger("reader.ui")

KEY_FONT_FAMILY = "reading/font_family"
KEY_FONT_SIZE = "reading/font_size"
KEY_LINE_WIDTH = "reading/line_width"
KEY_ZOOM = "reading/zoom"
KEY_THEME = "appearance/theme"

SERIF_FAMILIES = ("Charter", "Georgia", "Source Serif 4", "Source Serif Pro", "Noto Serif",
                  "Literata", "DejaVu Serif", "Liberation Serif")
MIN_SIZE, MAX_SIZE = 8.0, 32.0
MAX_LINE_WIDTH = 160
MAX_ZOOM_STEPS = 20


def default_family() -> str:
    """A serif for long reading when the system has one, else the UI font."""
    if QGuiApplication.instance() is None:
        return "Serif"  # the font database needs an application; Qt resolves the alias later
    families = set(QFontDatabase.families())
    for family in SERIF_FAMILIES:
        if family in families:
            return family
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


@dataclass(frozen=True)
class ReadingPrefs:
    font_family: str
    font_size: float = 12.0
    line_width: int = 72  # characters per line; 0 = the pane's full width
    theme: str = DEFAULT_THEME
    zoom: int = 0  # zoom steps from the actual size, as the zoom actions count them

    @classmethod
    def defaults(cls) -> ReadingPrefs:
        return cls(font_family=default_family())


def _number(settings: QSettings, key: str, default, kind):
    """A value from the settings file, or the default when it is missing or garbled."""
    raw = settings.value(key, default)
    try:
        return kind(raw)
    except (TypeError, ValueError):
        log.warning("ignoring the unreadable setting %s=%r", key, raw)
        return default


def load_prefs(settings: QSettings) -> ReadingPrefs:
    base = ReadingPrefs.defaults()
    family = str(settings.value(KEY_FONT_FAMILY, base.font_family) or base.font_family)
    size = min(MAX_SIZE, max(MIN_SIZE, _number(settings, KEY_FONT_SIZE, base.font_size, float)))
    width = min(MAX_LINE_WIDTH, max(0, _number(settings, KEY_LINE_WIDTH, base.line_width, int)))
    theme = str(settings.value(KEY_THEME, base.theme))
    zoom = min(MAX_ZOOM_STEPS, max(-MAX_ZOOM_STEPS, _number(settings, KEY_ZOOM, 0, int)))
    return ReadingPrefs(family, size, width, theme if theme in THEMES else DEFAULT_THEME, zoom)


def save_prefs(settings: QSettings, prefs: ReadingPrefs) -> None:
    settings.setValue(KEY_FONT_FAMILY, prefs.font_family)
    settings.setValue(KEY_FONT_SIZE, prefs.font_size)
    settings.setValue(KEY_LINE_WIDTH, prefs.line_width)
    settings.setValue(KEY_THEME, prefs.theme)
    settings.setValue(KEY_ZOOM, prefs.zoom)


class PreferencesDialog(QDialog):
    """Font family and size, line width, theme: applied live; and whether the
    sample articles stay in the library beside the analyst's own."""

    changed = Signal(object)  # ReadingPrefs
    samplesToggled = Signal(bool)

    def __init__(self, prefs: ReadingPrefs, parent: QWidget | None = None, *,
                 samples_shown: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._prefs = prefs

        self.font_combo = QFontComboBox(self)
        self.font_combo.setCurrentFont(QFont(prefs.font_family))
        self.size_spin = QDoubleSpinBox(self)
        self.size_spin.setRange(MIN_SIZE, MAX_SIZE)
        self.size_spin.setSingleStep(0.5)
        self.size_spin.setDecimals(1)
        self.size_spin.setSuffix(" pt")
        self.size_spin.setValue(prefs.font_size)
        self.width_spin = QSpinBox(self)
        self.width_spin.setRange(0, MAX_LINE_WIDTH)
        self.width_spin.setSingleStep(5)
        self.width_spin.setSpecialValueText("Full width")
        self.width_spin.setSuffix(" characters")
        self.width_spin.setValue(prefs.line_width)
        self.width_spin.setToolTip("About 60–80 characters per line is comfortable to read")
        self.theme_combo = QComboBox(self)
        for name in THEMES:
            self.theme_combo.addItem(name.capitalize(), name)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(prefs.theme)))
        sample = QLabel("The quick brown fox jumps over the lazy dog.", self)
        sample.setObjectName("sample")
        self._sample = sample
        self._update_sample()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Reading &font:", self.font_combo)
        form.addRow("Font &size:", self.size_spin)
        form.addRow("&Line width:", self.width_spin)
        form.addRow("&Theme:", self.theme_combo)
        form.addRow("", sample)
        self.samples_box = QCheckBox("Include the &sample articles in the library", self)
        self.samples_box.setChecked(samples_shown)
        self.samples_box.setToolTip("The five articles Reader comes with; they step aside when "
                                    "you add a folder of your own")
        self.samples_box.toggled.connect(self.samplesToggled)
        form.addRow("Library:", self.samples_box)
        self.form = form  # (the window adds its Team library row: team_prefs.py)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                                   | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.font_combo.currentFontChanged.connect(lambda font: self._set(font_family=font.family()))
        self.size_spin.valueChanged.connect(lambda value: self._set(font_size=float(value)))
        self.width_spin.valueChanged.connect(lambda value: self._set(line_width=int(value)))
        self.theme_combo.currentIndexChanged.connect(
            lambda _i: self._set(theme=self.theme_combo.currentData()))

    @property
    def prefs(self) -> ReadingPrefs:
        return self._prefs

    def restore_defaults(self) -> None:
        base = ReadingPrefs.defaults()
        self.font_combo.setCurrentFont(QFont(base.font_family))
        self.size_spin.setValue(base.font_size)
        self.width_spin.setValue(base.line_width)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(base.theme)))
        self._set(font_family=base.font_family, zoom=0)

    def _set(self, **changes) -> None:
        new = replace(self._prefs, **changes)
        if new != self._prefs:
            self._prefs = new
            self._update_sample()
            self.changed.emit(new)

    def _update_sample(self) -> None:
        font = QFont(self._prefs.font_family)
        font.setPointSizeF(self._prefs.font_size)
        self._sample.setFont(font)
        self._sample.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
