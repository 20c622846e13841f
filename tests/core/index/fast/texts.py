"""Texts for the fast analysis tests, and the analyzer chain's own tokens of them."""
from __future__ import annotations

from hypothesis import strategies as st

from reader.core.index import FastAnalyzer, make_analyzer

ANALYZER = make_analyzer()
FAST = FastAnalyzer(ANALYZER)

# Letters with and without accents, other scripts, digits, "_" and "." (which
# the token pattern treats specially), emoji and other symbols, spaces.
ALPHABET = st.sampled_from(list(
    "abcxyzABCXYZ" "éÉèàçñøåßŁłŁęĘąś" "ΣσςДдЖж" "0123456789" "_..."
    "  \n\t" "-'’,;:!?()" "😀🎉🇫🇷" "\u0301\u200b\u00a0" "İıﬁ"
))
TEXTS = st.text(ALPHABET, max_size=200)
WORDS = ["state", "states", "stated", "islamic", "Islam", "russia", "Russian", "café", "cafe",
         "Władimir", "Wałęsa", "the", "of", "and", "U.S", "3.141", "big-time", "under_score"]


def chain_tokens(text: str) -> list[tuple[str, int, int, int]]:
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in ANALYZER(text, positions=True, chars=True, mode="index")]

