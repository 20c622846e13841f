"""Dates as the analyst reads them: an article's as written, Reader's own stamps in local time."""
from __future__ import annotations

import time

import pytest

from reader.core.model import format_date, format_moment


@pytest.fixture
def paris(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_articles_date_is_shown_as_written():
    assert format_date("2016-11-24T23:21") == "24 November 2016, 23:21"
    assert format_date("2016-11-24") == "24 November 2016"
    assert format_date("late 2016") == "late 2016"


def test_a_stamp_reader_made_in_utc_is_shown_in_the_analysts_time(paris):
    assert format_moment("2026-12-05T14:03:59+00:00") == "5 December 2026, 15:03"
    assert format_moment("2026-07-01T23:30:00+00:00") == "2 July 2026, 01:30"  # summer time
    assert format_moment("not a time") == "not a time"
