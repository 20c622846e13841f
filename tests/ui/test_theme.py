"""Themes: the blend every derived tint uses."""
from __future__ import annotations

from PySide6.QtGui import QColor

from reader.ui.theme import THEMES, mix


def test_mix_moves_a_colour_towards_another() -> None:
    assert mix("#000000", "#ffffff", 0.0) == QColor("#000000")
    assert mix("#000000", "#ffffff", 1.0) == QColor("#ffffff")
    half = mix("#000000", "#ffffff", 0.5)
    assert abs(half.redF() - 0.5) < 0.01 and half.redF() == half.greenF() == half.blueF()
    dark = THEMES["dark"]
    assert mix(dark.base, dark.text, 0.04).lightness() > QColor(dark.base).lightness()
