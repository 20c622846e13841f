"""What the export dialog remembers between runs: format, template, scope, colours, destination.

Kept in the data directory's ``settings.ini`` (``window_state.settings_for``)
beside the window's own state, under ``export/``, so an analyst who
exports the same way every week finds the dialog as they left it.  Values
read back are checked: a format or template that no longer exists (a
template file removed) falls back to the default rather than failing.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

KEY_FORMAT = "export/format"
KEY_TEMPLATE = "export/template"
KEY_SCOPE = "export/scope"
KEY_WITH_COLOUR = "export/with_colour"
KEY_DESTINATION = "export/destination"
#: The notes of the article open, or every note.
CURRENT, ALL = "current", "all"


@dataclass(frozen=True)
class ExportChoices:
    """The choices of the last export ("" or None: never made, use the default)."""

    format: str = ""
    template: str = ""
    scope: str = CURRENT
    with_colour: bool = False
    destination: str = ""


def load_choices(settings: QSettings, formats: tuple[str, ...],
                 templates: tuple[str, ...]) -> ExportChoices:
    """The saved choices, each one kept only if it is still one of those offered."""
    fmt = str(settings.value(KEY_FORMAT, "") or "")
    template = str(settings.value(KEY_TEMPLATE, "") or "")
    scope = str(settings.value(KEY_SCOPE, CURRENT) or CURRENT)
    return ExportChoices(
        format=fmt if fmt in formats else "",
        template=template if template in templates else "",
        scope=scope if scope in (CURRENT, ALL) else CURRENT,
        with_colour=str(settings.value(KEY_WITH_COLOUR, "false")).lower() in ("true", "1"),
        destination=str(settings.value(KEY_DESTINATION, "") or ""),
    )


def save_choices(settings: QSettings, choices: ExportChoices) -> None:
    settings.setValue(KEY_FORMAT, choices.format)
    settings.setValue(KEY_TEMPLATE, choices.template)
    settings.setValue(KEY_SCOPE, choices.scope)
    settings.setValue(KEY_WITH_COLOUR, choices.with_colour)
    settings.setValue(KEY_DESTINATION, choices.destination)
    settings.sync()
