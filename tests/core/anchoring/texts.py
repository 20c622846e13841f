"""Shared text and helpers of the anchoring tests."""
from __future__ import annotations

from reader.core.anchoring import Selectors, describe, find_quote

ARTICLE = (
    "Moscow backs fight against IS, to an extent\n"
    "Russia is expressing cautious solidarity with the United States in fighting the "
    "Islamic State, while continuing its unequivocal support of the Syrian government.\n"
    "Judging from recent statements by Russian officials, the committee approved the plan "
    "on Tuesday after a long debate about the costs of the campaign.\n"
    "Critics say the decision was taken in haste and without consulting the allies."
)
QUOTE = "the committee approved the plan on Tuesday"


def selectors_of(text: str, quote: str, occurrence: int = 1) -> Selectors:
    return describe(text, *find_quote(text, quote, occurrence))


# --- describe -------------------------------------------------------------------

LOWER_WORDS = ["the", "of", "report", "minister", "said", "war", "peace", "a", "to",
               "cafe\u0301", "na\u00efve", "\U0001F989", "on", "talks"]
UPPER_WORDS = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF",
               "CAFE\u0301", "\U0001F419OCTO", "ZULU", "KILO"]
LOWER_CHARS = "abcdefghijklmnopqrstuvwxyz \n.,'-\u0301\u00e9\U0001F989"
