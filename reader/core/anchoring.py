"""Selectors for a passage, and finding the passage again after its article changes.

A note remembers its passage the way the W3C Web Annotation model does: a
TextQuoteSelector (the exact text plus up to ``CONTEXT_CHARS`` of prefix and
suffix) and a TextPositionSelector (``start``/``end``, ``str`` offsets into
``Article.text``).  Articles get edited -- a page is saved again, a typo is
fixed, a paragraph is added -- and offsets alone go stale, so ``anchor``
re-attaches a note the way Hypothesis does, trying the cheapest evidence first:

1. ``intact``: the quote is still at the stored position.
2. ``moved``: the quote occurs verbatim elsewhere; when it occurs more than
   once, the occurrence whose surroundings best agree with the stored prefix,
   suffix and position wins.
3. ``fuzzy``: the best approximate occurrence (at most
   ``min(MAX_ERRORS, len(exact) // 2)`` edits), scored 0..1 by ``_score``.
4. ``orphaned``: nothing scores at least ``FUZZY_THRESHOLD``.  An orphan is
   never attached to a look-alike; it keeps its quote for the user to re-attach.

Approximate search is the costly part.  ``_final_deltas`` runs Myers' (1999)
bit-parallel edit-distance algorithm transposed: the bit vectors run along the
*text* (one bit per character, Python ints of any length) and the loop runs
over the quote's characters, so a scan costs ``len(quote)`` rounds of a dozen
big-int operations.  Cheap guesses (the old position, exact prefix and suffix
occurrences) are scanned first; the best score found there bounds how many
errors a better match elsewhere could have, and a pigeonhole filter then finds
every region that could hold such a match -- or the whole text is scanned.
The narrowing only saves time: the result is the one a full scan gives.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import accumulate
from operator import sub
from typing import Iterable, Iterator, NamedTuple

from reader.core.model import FUZZY, INTACT, MOVED, ORPHANED

CONTEXT_CHARS = 32
MAX_ERRORS = 256  # edits a fuzzy match may have, at most (and at most half the quote)

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

_MIN_TELLING_CONTEXT = CONTEXT_CHARS // 2  # see _swallows_context
_MAX_HINTS = 8  # exact prefix/suffix occurrences used as guesses, at most
_SMALL_TEXT = 64  # below this length, build character masks with a plain loop
_MINIMA_CHUNK = 512  # distance-row stretch skipped at once when its minimum is too high
_EPSILON = 1e-9


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


class _Match(NamedTuple):
    score: float
    start: int
    end: int


class _Weights(NamedTuple):
    quote: float
    prefix: float
    suffix: float
    position: float


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


def _occurrences(text: str, needle: str, overlapping: bool = True) -> Iterator[int]:
    """Start offsets of ``needle`` (non-empty) in ``text``, left to right."""
    step = 1 if overlapping else len(needle)
    found = text.find(needle)
    while found >= 0:
        yield found
        found = text.find(needle, found + step)


# --- zero-length passages -------------------------------------------------------


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


# --- scoring --------------------------------------------------------------------


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


# --- exact occurrences ----------------------------------------------------------


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


# --- approximate occurrences ----------------------------------------------------


def _best_fuzzy(text: str, selectors: Selectors) -> _Match | None:
    """The best-scoring approximate occurrence of the quote, or None if none is close.

    First the likely places are scanned; the best score there limits the
    edits any better match could have, and every region that could hold such a
    match is scanned next (``_pigeonhole_spans``), so the answer is the one a
    scan of the whole text gives.
    """
    exact = selectors.exact
    max_errors = min(MAX_ERRORS, len(exact) // 2)
    if max_errors == 0:
        return None
    hints = _hint_spans(text, selectors, max_errors)
    best = _best_candidate(text, selectors, _match_ends(text, exact, max_errors, hints), None)
    if best is not None:
        max_errors = min(max_errors, _errors_to_beat(selectors, best.score))
    if max_errors >= 1:
        spans = _pigeonhole_spans(text, exact, max_errors)
        ends = _match_ends(text, exact, max_errors, spans)
        best = _best_candidate(text, selectors, ends, best)
    return best


def _best_candidate(
    text: str, selectors: Selectors, ends: list[tuple[int, int]], best: _Match | None
) -> _Match | None:
    """Score match ends, fewest errors first, until no later one could beat ``best``.

    An end's errors are those of its best start, so they bound its score
    whichever start ``_best_match_ending_at`` settles on.
    """
    for fewest, end in sorted(ends):
        if best is not None and _best_possible(selectors, fewest) < best.score - _EPSILON:
            break
        match = _best_match_ending_at(text, selectors, end)
        if match is not None:
            best = _better(best, match, selectors.start)
    return best


def _best_match_ending_at(text: str, selectors: Selectors, end: int) -> _Match | None:
    """The best-scoring match of the quote that ends at ``end``: this picks its start.

    The reversed quote is aligned against the text read backwards from
    ``end``, which gives the edits for every start at once.  Starts are tried
    in order of an optimistic estimate of their score -- edits against how
    well the stored prefix agrees with the text before (``_prefix_disagreement``)
    -- until the estimate falls below the best full score.  So an insertion
    near the passage's start widens the match instead of being "substituted"
    for its first words, at the cost of one or two full scores.
    """
    exact = selectors.exact
    limit = min(MAX_ERRORS, len(exact) // 2)
    lowest = max(0, end - len(exact) - limit)
    edits = _last_row(exact[::-1], text[lowest:end][::-1], anchored=True)
    disagreement = _prefix_disagreement(text, selectors.prefix, lowest, end)
    weights = _weights(selectors)
    suffix = _suffix_similarity(text, selectors, end)

    def estimate(length: int) -> float:
        """An upper bound of the score of the match ``text[end - length:end]``."""
        return _combine(
            weights,
            1.0 - edits[length] / len(exact),
            1.0 - disagreement[end - length - lowest],
            suffix,
            1.0,
        )

    lengths = [length for length, count in enumerate(edits) if count <= limit]
    lengths.sort(key=lambda length: (-estimate(length), abs(length - len(exact))))
    best = None
    for length in lengths:
        if best is not None and estimate(length) < best.score - _EPSILON:
            break
        start = end - length
        if not _swallows_context(text, selectors, start, end):
            score = _combine(
                weights,
                1.0 - edits[length] / len(exact),
                _prefix_similarity(text, selectors, start),
                suffix,
                _nearness(text, selectors, start),
            )
            best = _better(best, _Match(score, start, end), selectors.start)
    return best


def _prefix_disagreement(text: str, prefix: str, lowest: int, end: int) -> list[float]:
    """For each offset ``lowest..end``, how far the text before it is from ``prefix``, 0..1.

    The edit distance of ``prefix`` to the best text ending at the offset, over
    its length: never more than the distance ``_prefix_similarity`` measures
    (to the text right before), so estimates made with it are optimistic.
    """
    if not prefix:
        return [0.0] * (end - lowest + 1)
    first = max(0, lowest - 2 * len(prefix))  # a closer match is never longer than that
    row = _last_row(prefix, text[first:end], anchored=False)
    return [count / len(prefix) for count in row[lowest - first:]]


def _swallows_context(text: str, selectors: Selectors, start: int, end: int) -> bool:
    """Whether more than half of ``text[start:end]`` is the stored prefix or suffix, verbatim.

    Text that still reads exactly like the passage's old surroundings is those
    surroundings, not the passage.  Without this rule a deleted (short)
    passage would be "found" in the text that closed the gap, where one side
    of its context agrees perfectly.  A true match may overlap its context by
    a character or two where the alignment is ambiguous, hence "half".
    Contexts shorter than ``_MIN_TELLING_CONTEXT`` occur by chance too often
    to tell anything.
    """
    covered = 0
    for context in (selectors.prefix, selectors.suffix):
        if len(context) >= _MIN_TELLING_CONTEXT:
            found = text.find(context, max(0, start - len(context) + 1), end - 1 + len(context))
            if found >= 0:
                covered += min(end, found + len(context)) - max(start, found)
    return 2 * covered > end - start


def _hint_spans(text: str, selectors: Selectors, max_errors: int) -> list[tuple[int, int]]:
    """Ranges of likely match ends: near the old position, after the prefix, before the suffix.

    Of repeated prefixes and suffixes only the ``_MAX_HINTS`` occurrences
    nearest the old position count: these are guesses, not the search.
    """
    old_end = selectors.start + len(selectors.exact)
    slack = max_errors + CONTEXT_CHARS  # the old position drifts with edits before it
    spans = [(old_end - slack, old_end + slack)]
    expected: list[int] = []
    if selectors.prefix:
        shift = len(selectors.prefix) + len(selectors.exact)
        after_prefix = [found + shift for found in _occurrences(text, selectors.prefix)]
        expected += _nearest(after_prefix, old_end)
    if selectors.suffix:
        expected += _nearest(list(_occurrences(text, selectors.suffix)), old_end)
    return spans + [(end - max_errors, end + max_errors) for end in expected]


def _nearest(positions: list[int], target: int) -> list[int]:
    return sorted(positions, key=lambda position: abs(position - target))[:_MAX_HINTS]


def _pigeonhole_spans(text: str, pattern: str, max_errors: int) -> list[tuple[int, int]]:
    """Ranges of ends that every match with at most ``max_errors`` edits falls in.

    Cut the pattern into ``max_errors + 1`` pieces: some piece has no edit, so
    it occurs verbatim (cheap to find with ``str.find``), and the match ends
    within ``max_errors`` of where that piece puts the pattern's end.  When the
    pieces are so short that they occur everywhere, the whole text is the range.
    """
    length, pieces = len(pattern), max_errors + 1
    budget = len(text) // 2  # beyond this many characters to scan, scan them all
    window = length + 3 * max_errors + 2  # what one range costs to scan
    spans: list[tuple[int, int]] = []
    for number in range(pieces):
        offset, stop = number * length // pieces, (number + 1) * length // pieces
        for found in _occurrences(text, pattern[offset:stop]):
            expected_end = found - offset + length
            spans.append((expected_end - max_errors, expected_end + max_errors))
            if len(spans) * window > budget:
                return [(1, len(text))]
    return spans


def _match_ends(
    text: str, pattern: str, max_errors: int, spans: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``(errors, end)`` for each end in ``spans`` where ``pattern`` matches best locally.

    The ends are those whose edit distance (to the best substring ending
    there) is at most ``max_errors`` and no more than at either neighbour.
    Each range is scanned with enough text before it (``reach``) for a match
    of ``len(pattern) + max_errors`` characters, plus one for the left
    neighbour; the windows are concatenated and scanned at once, which is
    exact because a match reaching across a window's start would be longer
    than any match with ``max_errors`` edits.
    """
    reach = len(pattern) + max_errors + 1
    windows, bases, offset = [], [], 0
    merged = _merge(spans, 1, len(text), reach)
    for low, high in merged:
        first, stop = low - reach, min(len(text), high + 1)
        windows.append(text[max(0, first):stop])
        bases.append(offset - max(0, first))  # row index of text offset t is bases[i] + t
        offset += len(windows[-1])
    if not windows:
        return []
    row = _last_row(pattern, "".join(windows), anchored=False)
    ends = []
    for (low, high), base in zip(merged, bases):
        for index in _local_minima(row, base + low, base + high + 1, max_errors):
            right = index + 1 if index - base < len(text) else index
            if row[index] <= row[right]:
                ends.append((row[index], index - base))
    return ends


def _merge(
    spans: Iterable[tuple[int, int]], lowest: int, highest: int, reach: int
) -> list[tuple[int, int]]:
    """Clip inclusive ranges to ``lowest..highest``; join those whose windows would overlap."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted((max(low, lowest), min(high, highest)) for low, high in spans):
        if low > high:
            continue
        if merged and low - reach <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _local_minima(row: list[int], start: int, stop: int, limit: int) -> Iterator[int]:
    """Indices in ``start..stop-1`` with ``row[i] <= limit`` and ``row[i] <= row[i-1]``.

    Stretches whose minimum is above ``limit`` are skipped at C speed: in a
    full scan almost all of the text is.
    """
    for chunk in range(start, stop, _MINIMA_CHUNK):
        chunk_stop = min(stop, chunk + _MINIMA_CHUNK)
        if min(row[chunk:chunk_stop]) > limit:
            continue
        for index in range(chunk, chunk_stop):
            if row[index] <= limit and row[index] <= row[index - 1]:
                yield index


# --- bit-parallel edit distance -------------------------------------------------


def _final_deltas(pattern: str, text: str, anchored: bool) -> tuple[int, int]:
    """The last row of the edit-distance table of ``pattern`` against ``text``, as deltas.

    ``D[i][j]`` is the distance between ``pattern[:i]`` and the best substring
    of ``text`` ending at ``j`` (``anchored``: the prefix ``text[:j]``).  The
    rows are computed one pattern character at a time with Myers' bit-parallel
    recurrence (in Hyyrö's formulation) transposed: bit ``j`` of ``plus`` /
    ``minus`` is set when ``D[i][j+1] - D[i][j]`` is +1 / -1.
    """
    mask = (1 << len(text)) - 1
    masks = _char_masks(text, pattern)
    plus, minus = (mask if anchored else 0), 0
    for char in pattern:
        equal = masks.get(char, 0)
        cross = equal | minus
        carried = (((equal & plus) + plus) ^ plus) | equal
        down_plus = ((minus | (mask ^ (carried | plus))) << 1) | 1  # D[i][0] - D[i-1][0] = 1
        down_minus = (plus & carried) << 1
        plus = (down_minus | (mask ^ (cross | down_plus))) & mask
        minus = down_plus & cross
    return plus, minus


def _last_row(pattern: str, text: str, anchored: bool) -> list[int]:
    """``D[len(pattern)][j]`` for every ``j`` in ``0..len(text)`` (see ``_final_deltas``)."""
    plus, minus = _final_deltas(pattern, text, anchored)
    width = len(text)
    ups = format(plus, f"0{width}b").encode("ascii")[::-1] if width else b""
    downs = format(minus, f"0{width}b").encode("ascii")[::-1] if width else b""
    return list(accumulate(map(sub, ups, downs), initial=len(pattern)))


def _distance(a: str, b: str) -> int:
    """The Levenshtein distance between ``a`` and ``b``."""
    plus, minus = _final_deltas(a, b, anchored=True)
    return len(a) + plus.bit_count() - minus.bit_count()


def _char_masks(text: str, chars: Iterable[str]) -> dict[str, int]:
    """For each of ``chars`` found in ``text``, an int with bit ``j`` set where ``text[j]`` is it.

    Long texts avoid a Python loop per character: the text is translated once
    into one byte per character (a code per wanted character, 0 otherwise, 255
    wanted characters at a time), then each character's mask is that byte
    string mapped to ASCII "0"/"1" and parsed as a binary number.
    """
    wanted = sorted(set(chars).intersection(text))
    if len(text) <= _SMALL_TEXT:
        masks = dict.fromkeys(wanted, 0)
        for index, char in enumerate(text):
            if char in masks:
                masks[char] |= 1 << index
        return masks
    backwards = text[::-1]  # int() reads the most significant digit first
    blank = dict.fromkeys(map(ord, set(text)), 0)
    masks = {}
    for group_start in range(0, len(wanted), 255):
        group = wanted[group_start:group_start + 255]
        table = blank | {ord(char): code for code, char in enumerate(group, 1)}
        codes = backwards.translate(table).encode("latin-1")
        for code, char in enumerate(group, 1):
            digits = b"0" * code + b"1" + b"0" * (255 - code)
            masks[char] = int(codes.translate(digits), 2)
    return masks
