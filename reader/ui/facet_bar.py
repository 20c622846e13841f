"""Facet chips: checkable chips for the sources, years and languages of the results.

The core counts the facets of every hit of a query, not just the page
shown; a chip narrows the search to its value, and the counts follow.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from ..core.model import language_name
from .flow_layout import FlowLayout
from .theme import DEFAULT_THEME, THEMES, Theme, mix

MAX_CHIPS = 8

class FacetBar(QWidget):
    """Checkable chips for the sources, years and languages of the results.

    A language chip shows the language's name ("Russian") and stands for its
    code ("ru"), which ``selected("language")`` returns.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetBar")
        self._layout = FlowLayout(self, spacing=4)
        self._chips: dict[tuple[str, str], QToolButton] = {}
        self.apply_theme(THEMES[DEFAULT_THEME])
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def apply_theme(self, theme: Theme) -> None:
        """The chips in ``theme``'s colours, named here: a style sheet's
        ``palette(base)`` kept the colours of the theme it was applied in
        (white chips on the dark theme)."""
        border = mix(theme.base, theme.text, 0.3).name()
        self.setStyleSheet(
            f"QToolButton#chip {{ border: 1px solid {border}; border-radius: 9px;"
            f" padding: 1px 8px; background: {theme.base}; color: {theme.text}; }}"
            f"QToolButton#chip:hover {{ border-color: {theme.accent}; }}"
            f"QToolButton#chip:checked {{ background: {theme.accent}; color: #ffffff;"
            f" border-color: {theme.accent}; }}"
            f"QLabel#facetLabel {{ color: {theme.dim}; padding: 2px 2px 0 0; }}")

    def selected(self, facet: str) -> tuple[str, ...]:
        return tuple(value for (name, value), chip in self._chips.items()
                     if name == facet and chip.isChecked())

    def chips(self) -> dict[tuple[str, str], QToolButton]:
        return dict(self._chips)

    def set_facets(self, facets: dict[str, dict[str, int]], total: int = 0) -> None:
        """Show the chips of ``facets``; chips the user picked stay, even at zero.

        A facet whose one value covers every result would filter nothing, so
        it is left out; one that covers some of them is a useful chip.
        """
        keep = {key: True for key, chip in self._chips.items() if chip.isChecked()}
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self._chips = {}
        for facet, label in (("source", "Source"), ("year", "Year"), ("language", "Language")):
            counts = dict(list(facets.get(facet, {}).items())[:MAX_CHIPS])
            for (name, value) in keep:
                if name == facet and value not in counts:
                    counts[value] = 0
            picked = any(name == facet for name, _ in keep)
            if not counts or (len(counts) == 1 and next(iter(counts.values())) >= total and not picked):
                continue
            values = sorted(counts) if facet == "year" else list(counts)
            if facet == "year":
                values.reverse()
            for position, value in enumerate(values):
                # The heading travels with the first chip, so a wrap never
                # leaves "Year:" alone at the end of a line.
                holder = QWidget(self) if position == 0 else None
                chip = QToolButton(holder or self)
                chip.setObjectName("chip")
                chip.setCheckable(True)
                chip.setChecked((facet, value) in keep)
                shown = language_name(value) if facet == "language" else value
                chip.setText(f"{shown}  {counts[value]}")
                chip.setToolTip(f"Only results with {facet} {shown}")
                chip.setCursor(Qt.CursorShape.PointingHandCursor)
                chip.toggled.connect(self.changed)
                if holder is not None:
                    heading = QLabel(label + ":", holder)
                    heading.setObjectName("facetLabel")
                    row = QHBoxLayout(holder)
                    row.setContentsMargins(0, 0, 0, 0)
                    row.setSpacing(4)
                    row.addWidget(heading)
                    row.addWidget(chip)
                    self._layout.addWidget(holder)
                else:
                    self._layout.addWidget(chip)
                self._chips[(facet, value)] = chip
        self.setVisible(bool(self._chips))
        self.updateGeometry()

    def clear_selection(self) -> None:
        for chip in self._chips.values():
            chip.blockSignals(True)
            chip.setChecked(False)
            chip.blockSignals(False)
