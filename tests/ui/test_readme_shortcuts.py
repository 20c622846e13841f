"""The README's keyboard shortcuts are the ones reader/ui/actions.py defines."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from reader.ui.actions import Actions

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_keys() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Keyboard shortcuts"):text.index("## Notes")]
    keys: dict[str, str] = {}
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith(("| keys", "|---")):
            first, what = [cell.strip() for cell in line.strip("|").split("|")[:2]]
            for token in re.split(r"[\s/()]+", first):
                if token:
                    keys[token] = what
    return keys


def test_every_shortcut_is_in_the_readme(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = Actions(window)
    documented = readme_keys()
    missing = []
    for action in actions.all():
        shortcuts = action.shortcuts()
        if shortcuts:
            key = shortcuts[0].toString(QKeySequence.SequenceFormat.PortableText)
            if key not in documented:
                missing.append(f"{action.text().replace('&', '')}: {key}")
    assert not missing, f"add to README's Keyboard shortcuts: {missing}"
    assert len(documented) >= 20
