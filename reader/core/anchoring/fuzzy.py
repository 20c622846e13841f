"""Approximate occurrences of a quote: candidate spans, then bounded edit distance."""
from __future__ import annotations

from typing import Iterable, Iterator

from .distance import _last_row
from .scoring import (
    _EPSILON,
    _best_possible,
    _better,
    _combine,
    _errors_to_beat,
    _Match,
    _nearness,
    _occurrences,
    _prefix_similarity,
    _suffix_similarity,
    _weights,
)
from .selectors import CONTEXT_CHARS, Selectors

MAX_ERRORS = 256  # edits a fuzzy match may have, at most (and at most half the quote)
_MIN_TELLING_CONTEXT = CONTEXT_CHARS // 2  # see _swallows_context
_MAX_HINTS = 8  # exact prefix/suffix occurrences used as guesses, at most
_MINIMA_CHUNK = 512  # distance-row stretch skipped at once when its minimum is too high


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
