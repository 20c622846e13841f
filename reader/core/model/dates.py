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


def format_moment(iso: str) -> str:
    """A time Reader stamped (UTC: a note's change, a deletion) in the analyst's own time zone:
    '2026-12-05T14:03:00+00:00' -> '5 December 2026, 15:03' in Paris; unknown forms unchanged."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return format_date(moment.replace(tzinfo=None).isoformat(timespec="minutes"))
