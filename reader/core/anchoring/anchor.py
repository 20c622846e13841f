"""Finding a note's passage again in an article's current text.

The stored position if the text there is still the quote; else the exact
quote, ranked by how well prefix, suffix and position agree; else a fuzzy
match (bounded edit distance), scored.  The result is ``intact``,
``moved``, ``fuzzy`` (with a score) or ``orphaned``.
"""
from __future__ import annotations

import re

from reader.core.model import FUZZY, INTACT, MOVED, ORPHANED

from .fuzzy import _best_fuzzy
from .scoring import FUZZY_THRESHOLD, _best_exact, _occurrences
from .selectors import Anchor, Selectors


def anchor(text: str, selectors: Selectors) -> Anchor:
    """Find the passage ``selectors`` describe in ``text`` (see the module docstring)."""
    exact = selectors.exact
    if not exact:
        return _anchor_point(text, selectors)
    start = selectors.start
    if start >= 0 and text.startswith(exact, start):
        return Anchor(INTACT, start, start + len(exact), 1.0)
    moved = _best_exact(text, selectors)
    if moved is not None:
        return Anchor(MOVED, moved.start, moved.end, 1.0)
    fuzzy = _best_fuzzy(text, selectors)
    if fuzzy is None:
        return Anchor(ORPHANED, None, None, 0.0)
    if fuzzy.score >= FUZZY_THRESHOLD:
        return Anchor(FUZZY, fuzzy.start, fuzzy.end, fuzzy.score)
    return Anchor(ORPHANED, None, None, fuzzy.score)


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the ``occurrence``-th (1-based) occurrence of ``quote`` in ``text``.

    Occurrences are counted left to right without overlapping, as a reader
    counts them.  When the quote does not occur that often verbatim it is
    matched ignoring whitespace: leading and trailing whitespace is dropped and
    each run of whitespace matches any run (a space, a newline, a no-break
    space), so a quote copied from a reflowed paragraph still matches.
    """
    if not quote:
        raise ValueError("quote is empty")
    if occurrence < 1:
        raise ValueError(f"--occurrence must be 1 or more, not {occurrence}")
    spans = [(s, s + len(quote)) for s in _occurrences(text, quote, overlapping=False)]
    if len(spans) < occurrence:
        spans = max(spans, _whitespace_insensitive_spans(text, quote), key=len)
    if not spans:
        raise ValueError("quote not found")
    if occurrence > len(spans):
        times = "1 time" if len(spans) == 1 else f"{len(spans)} times"
        raise ValueError(f"quote occurs {times}; --occurrence {occurrence} is out of range")
    return spans[occurrence - 1]


def _whitespace_insensitive_spans(text: str, quote: str) -> list[tuple[int, int]]:
    words = quote.split()
    if not words:
        return []
    pattern = r"\s+".join(map(re.escape, words))
    return [m.span() for m in re.finditer(pattern, text)]


def _anchor_point(text: str, selectors: Selectors) -> Anchor:
    """Re-anchor an empty quote: a point between two characters.

    An empty quote carries no evidence of its own and is "equal" to the text at
    every position, so only its context places it: intact where the stored
    prefix still ends and suffix still begins at the stored offset, moved to the
    nearest place where prefix + suffix occur together, else orphaned.  (With
    no context either, any in-range offset is as good as another: intact.)
    """
    prefix, suffix, start = selectors.prefix, selectors.suffix, selectors.start
    if (
        0 <= start <= len(text)
        and text.endswith(prefix, 0, start)
        and text.startswith(suffix, start)
    ):
        return Anchor(INTACT, start, start, 1.0)
    if prefix or suffix:
        points = [found + len(prefix) for found in _occurrences(text, prefix + suffix)]
        if points:
            point = min(points, key=lambda p: (abs(p - start), p))
            return Anchor(MOVED, point, point, 1.0)
    return Anchor(ORPHANED, None, None, 0.0)
