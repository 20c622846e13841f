"""Dates, bylines and sources found in an article's own lines.

Dates are ISO 8601: ``2016-11-24`` or ``2016-11-24T23:21`` with the clock
time as the source gives it (a time zone, when given, is dropped: the
analyst compares publication days, and most sources give no zone at all).
A dateline or byline only counts as one when it is a whole short line, or a
line of short fields separated by ``|``, ``·`` or ``•``: a date mentioned
inside a sentence or a photo caption is not the article's date.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from reader.core.model import Block

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS |= {name[:3]: number for name, number in _MONTHS.items()} | {"sept": 9}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"""
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
    (?:
        (?P<mon1>{_MONTH})\.?\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year1>\d{{4}})
      | (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH})\.?,?\s+(?P<year2>\d{{4}})
      | (?P<year3>\d{{4}})[-/](?P<mon3>\d{{1,2}})[-/](?P<day3>\d{{1,2}})
    )
    (?:
        (?:\s*,\s*|\s+at\s+|\s*T|\s+|\s*[-–—]\s*)
        (?P<hour>\d{{1,2}})[:.](?P<minute>\d{{2}})(?::\d{{2}}(?:\.\d+)?)?
        \s*(?P<ampm>[ap]\.?m\.?)?
        (?:\s*(?:Z|[+-]\d{{2}}(?::?\d{{2}})?|\(?(?-i:[A-Z]{{2,5}})\)?))?
    )?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DATE_PREFIX = re.compile(
    r"^(?:(?:(?:first|last)\s+)?(?:published|updated|posted|modified)|date)(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:(?:written|words|story)\s+)?by\s*:?\s+(?P<names>[^,;|(]+)", re.IGNORECASE)
_NAME_PARTICLES = frozenset("and & de van von der den da di la le du bin ibn al el y".split())
_FIELD_SEPARATOR = re.compile(r"\s+[|·•]\s+")
_SEPARATOR_CHARS = "|·•"  # one of them is in every _FIELD_SEPARATOR
_MAX_FIELD_CHARS = 60


def parse_date(text: str) -> str:
    """An ISO date (with the time when given) if ``text`` is just a date, else ""."""
    match = _DATE.fullmatch(_DATE_PREFIX.sub("", text.strip()))
    if not match:
        return ""
    parts = match.groupdict()
    year = parts["year1"] or parts["year2"] or parts["year3"]
    month = parts["mon1"] or parts["mon2"] or parts["mon3"]
    day = parts["day1"] or parts["day2"] or parts["day3"]
    month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
    try:
        date = dt.date(int(year), month_number, int(day))
    except ValueError:
        return ""
    clock = _clock(parts["hour"], parts["minute"], parts["ampm"])
    return f"{date.isoformat()}T{clock}" if clock else date.isoformat()


def _clock(hour: str | None, minute: str | None, ampm: str | None) -> str:
    """"HH:MM" in 24-hour time, or "" when absent or impossible."""
    if hour is None or minute is None:
        return ""
    h, m = int(hour), int(minute)
    if ampm and h <= 12:
        h = h % 12 + (12 if ampm[0].lower() == "p" else 0)
    return f"{h:02d}:{m:02d}" if h < 24 and m < 60 else ""


def _byline_author(text: str) -> str:
    """The names in a byline ("By Jane Doe and John Roe, Reuters"), else ""."""
    match = _BYLINE.match(text.strip())
    if not match:
        return ""
    names = match.group("names").strip()
    words = names.split()
    looks_like_names = 0 < len(words) <= 8 and all(
        w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words
    )
    return names if looks_like_names and words[0][0].isupper() else ""


def line_metadata(text: str) -> tuple[str, str] | None:
    """``(date, author)`` when a line is only a dateline and/or byline, else None.

    Fields may be separated by " | "; every field must be short, so a date
    mentioned inside a sentence or a photo caption does not count.
    """
    text = text.strip()
    if len(text) > _MAX_FIELD_CHARS and not any(map(text.__contains__, _SEPARATOR_CHARS)):
        return None  # one field, too long: most lines, found without a split
    fields = _FIELD_SEPARATOR.split(text)
    if any(len(f) > _MAX_FIELD_CHARS for f in fields):
        return None
    date = next((d for d in map(parse_date, fields) if d), "")
    author = next((a for a in map(_byline_author, fields) if a), "")
    return (date, author) if date or author else None


_ATTRIBUTIONS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(?:this|the) (?:post|article|story|piece|report) (?:was )?(?:first|originally)"
        r" (?:appeared|published) (?:on|in|at|by) (?P<source>.+)$",
        r"^originally (?:published|appeared) (?:by|in|on|at) (?P<source>.+)$",
        r"^source\s*:\s*(?P<source>.+)$",
    )
)
# The letters an attribution can start with, in either case ("ſ" is "s" to the
# patterns): the three are tried only on blocks that start with one.
_ATTRIBUTION_STARTS = frozenset("tToOsSſ")
_SOURCE_END = re.compile(r",|\s[|–—-]\s|\s+(?:on|at)\s+")


def source_from(blocks: Iterable[Block]) -> str:
    """The publisher named by a syndication notice ("This post first appeared on X")."""
    for block in blocks:
        if block.text[:1] not in _ATTRIBUTION_STARTS:
            continue
        for pattern in _ATTRIBUTIONS:
            match = pattern.match(block.text)
            if match:
                return _tidy_source(match.group("source"))
    return ""


def _tidy_source(text: str) -> str:
    if re.match(r"https?://", text):
        return urlsplit(text).netloc.removeprefix("www.")
    source = _SOURCE_END.split(text, maxsplit=1)[0].strip().rstrip(".!:;")
    return source if len(source) <= 80 else ""
