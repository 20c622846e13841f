"""A paragraph's direction: its first strong directional character decides."""
from __future__ import annotations

import pytest

from reader.ui.reading_pane.direction import is_right_to_left


@pytest.mark.parametrize(("text", "rtl"), [
    ("قالت وزارة الخارجية إن العقوبات", True),  # Arabic
    ("ממשלת ישראל הודיעה", True),  # Hebrew
    ("وزارت امور خارجه ایران گفت", True),  # Persian
    ("2019 — «قالت الوزارة» (AFP)", True),  # digits and punctuation decide nothing
    ("AFP: قالت الوزارة", False),  # the first strong character is Latin
    ("Москва заявила", False),
    ("The ministry said", False),
    ("12 345 — …", False),  # nothing strong at all
    ("", False),
])
def test_the_first_strong_character_decides(text: str, rtl: bool) -> None:
    assert is_right_to_left(text) is rtl
