"""A passage described as W3C Web Annotation selectors: quote, context, position."""
from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Selectors:
    """A passage as W3C TextQuoteSelector + TextPositionSelector.

    ``anchor`` treats ``start`` as a hint and derives the end from the quote,
    so selectors whose ``end`` disagrees with ``exact`` still re-anchor.
    """

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where a passage is now, and how sure we are.

    ``status`` is one of ``INTACT``, ``MOVED``, ``FUZZY``, ``ORPHANED`` from
    ``reader.core.model``.  ``score`` is 1.0 for intact and moved passages, the
    match score for fuzzy ones, and for orphans the best score that was
    rejected (0.0 when nothing came near): a hint of how close it was.
    """

    status: str
    start: int | None
    end: int | None
    score: float


def describe(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Selectors:
    """The selectors of ``text[start:end]``, with ``context`` characters either side.

    The context is shorter where the text begins or ends; ``anchor`` then
    gives it proportionally less weight, as it does to a short quote.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"bad range {start}..{end} for a text of {len(text)} characters")
    if context < 0:
        raise ValueError(f"context must not be negative, not {context}")
    return Selectors(
        exact=text[start:end],
        prefix=text[max(0, start - context):start],
        suffix=text[end:end + context],
        start=start,
        end=end,
    )
