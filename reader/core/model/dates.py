"""How a date is shown to the analyst: one rule for the window and the Markdown it writes."""
from __future__ import annotations

from datetime import datetime


def format_date(iso: str) -> str:
    """'2016-11-24T23:21' -> '24 November 2016, 23:21'; unknown forms unchanged."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    day = f"{moment.day} {moment:%B %Y}"
    return f"{day}, {moment:%H:%M}" if "T" in iso else day
