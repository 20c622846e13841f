"""How well a candidate passage agrees with a note's selectors (Hypothesis' weights).

Also the exact-occurrence search, which is scoring every occurrence of the quote.
"""
from __future__ import annotations

import math
from typing import Iterator, NamedTuple

from .distance import _distance
from .selectors import CONTEXT_CHARS, Selectors

# Hypothesis' weights for the evidence a candidate passage is scored on; each
# is scaled down for strings shorter than CONTEXT_CHARS (see ``_weights``).
_QUOTE_WEIGHT = 50.0
_PREFIX_WEIGHT = 20.0
_SUFFIX_WEIGHT = 20.0
_POSITION_WEIGHT = 2.0


# A fuzzy match must score at least this to be attached.  Calibrated on the
# sample articles (resources/articles), where two unrelated 32-char snippets
# are ~15% similar (99th percentile 28%).  With the weights (see ``_weights``) a
# match whose context agrees on both sides then scores >= 0.73 even with half
# its quote rewritten; with one side agreeing it needs about half its quote;
# with neither, only a quote of 32+ chars that is ~85% intact gets in.
# Deleting passages from those articles and re-anchoring attached 1-2% of them
# to a look-alike at 0.55 (5-14% of short quotes at 0.6-0.55 with Hypothesis'
# plain weights), while 98% of passages with a third of their text and one side
# of their context rewritten were still found.  Better an orphan the user
# re-attaches than a note silently sitting on the wrong passage.
FUZZY_THRESHOLD = 0.55
_EPSILON = 1e-9


class _Match(NamedTuple):
    score: float
    start: int
    end: int


class _Weights(NamedTuple):
    quote: float
    prefix: float
    suffix: float
    position: float


def _score(text: str, selectors: Selectors, start: int, end: int, errors: int) -> float:
    """How likely ``text[start:end]`` (``errors`` edits from the quote) is the passage.

    The evidence, each 0..1: the quote's similarity (``1 - errors /
    len(exact)``), the prefix's and the suffix's (edit similarity of the stored
    context to as much text just before / after), and the position's
    (``1 - distance / len(text)``), weighed by ``_weights``.
    """
    return _combine(
        _weights(selectors),
        1.0 - errors / len(selectors.exact),
        _prefix_similarity(text, selectors, start),
        _suffix_similarity(text, selectors, end),
        _nearness(text, selectors, start),
    )


def _prefix_similarity(text: str, selectors: Selectors, start: int) -> float:
    prefix = selectors.prefix
    return _similarity(prefix, text[max(0, start - len(prefix)):start])


def _suffix_similarity(text: str, selectors: Selectors, end: int) -> float:
    suffix = selectors.suffix
    return _similarity(suffix, text[end:end + len(suffix)])


def _weights(selectors: Selectors) -> _Weights:
    """Hypothesis' weights (quote 50, prefix 20, suffix 20, position 2), scaled by evidence.

    A string shorter than ``CONTEXT_CHARS`` weighs proportionally less: "sing
    the" is one edit from "cing the" and turns up in any article, so a short
    quote must be vouched for by its context, and an empty prefix (a passage
    at the very start) tells nothing either way.  Position is a tie-breaker:
    any edit before the passage moves it.
    """

    def share(string: str) -> float:
        return min(1.0, len(string) / CONTEXT_CHARS)

    return _Weights(
        _QUOTE_WEIGHT * share(selectors.exact),
        _PREFIX_WEIGHT * share(selectors.prefix),
        _SUFFIX_WEIGHT * share(selectors.suffix),
        _POSITION_WEIGHT,
    )


def _combine(
    weights: _Weights, quote: float, prefix: float, suffix: float, position: float
) -> float:
    """The weighted mean of the four similarities."""
    return (
        weights.quote * quote
        + weights.prefix * prefix
        + weights.suffix * suffix
        + weights.position * position
    ) / sum(weights)


def _nearness(text: str, selectors: Selectors, start: int) -> float:
    """1.0 at the stored position, falling linearly to 0.0 a text's length away."""
    return 1.0 - min(1.0, abs(start - selectors.start) / max(len(text), 1))


def _best_possible(selectors: Selectors, errors: int) -> float:
    """The score of a match with ``errors`` edits whose context agrees perfectly."""
    return _combine(_weights(selectors), 1.0 - errors / len(selectors.exact), 1.0, 1.0, 1.0)


def _errors_to_beat(selectors: Selectors, score: float) -> int:
    """The most edits a match may have and still tie ``score`` (inverts ``_best_possible``)."""
    weights = _weights(selectors)
    allowed = len(selectors.exact) * (1.0 - score) * sum(weights) / weights.quote
    return math.floor(allowed + _EPSILON)


def _similarity(stored: str, actual: str) -> float:
    """1 - normalised edit distance: 1.0 for equal strings, 0.0 for nothing in common."""
    if stored == actual:
        return 1.0
    return 1.0 - _distance(stored, actual) / max(len(stored), len(actual))


def _better(best: _Match | None, candidate: _Match, hint: int) -> _Match:
    """The higher score; on a tie the one nearer the old position, then the longer."""
    if best is None:
        return candidate

    def key(match: _Match) -> tuple[float, int, int, int]:
        return (match.score, -abs(match.start - hint), -match.start, match.end)

    return max(best, candidate, key=key)


def _best_exact(text: str, selectors: Selectors) -> _Match | None:
    """The verbatim occurrence whose context agrees best, or None if there is none.

    Occurrences are tried nearest-first, so that once one has perfect context,
    farther ones (which could only tie on context and lose on position) are
    not scored at all: a common word quoted in a long text stays cheap.
    """
    exact, hint = selectors.exact, selectors.start
    starts = sorted(_occurrences(text, exact), key=lambda s: (abs(s - hint), s))
    best: _Match | None = None
    for start in starts:
        if best is not None and _exact_bound(text, selectors, start) < best.score:
            break
        score = _score(text, selectors, start, start + len(exact), 0)
        best = _better(best, _Match(score, start, start + len(exact)), hint)
    return best


def _exact_bound(text: str, selectors: Selectors, start: int) -> float:
    """The score a verbatim occurrence at ``start`` would get with perfect context."""
    return _combine(_weights(selectors), 1.0, 1.0, 1.0, _nearness(text, selectors, start))



def _occurrences(text: str, needle: str, overlapping: bool = True) -> Iterator[int]:
    """Start offsets of ``needle`` (non-empty) in ``text``, left to right."""
    step = 1 if overlapping else len(needle)
    found = text.find(needle)
    while found >= 0:
        yield found
        found = text.find(needle, found + step)
