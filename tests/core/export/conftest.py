"""Fixtures of the export tests."""
from __future__ import annotations

import pytest

from reader.core.model import ORPHANED, Note
from tests.core.export.helpers import make_note


@pytest.fixture
def notes() -> list[Note]:
    return [
        make_note(3, body="**bold** point\n\n- first\n- second", tags=["Russia", "big picture"],
                  color="green"),
        make_note(1, exact="# Not a heading\n- not a list\n1. not ordered\nplain line",
                  tags=["syria"]),
        make_note(2, article_id="b2" * 8, article_path="/lib/oil.md", article_title="Oil",
                  color="blue", body="Oil note"),
        make_note(4, status=ORPHANED, score=0.0, exact="lost words", body="Orphan body"),
    ]
