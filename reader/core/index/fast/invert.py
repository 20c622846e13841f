"""A batch of documents' tokens inverted at once: each term's postings, packed.

Packing a document's postings one term at a time cost a Python loop turn
per distinct word of each field (some 250 for a wire item of 2 KB): over
a third of what indexing short articles cost.  The preparer now only
records each field's tokens (term numbers, offsets, next terms) as flat
arrays; when the batch is handed on, this module sorts them by term with
NumPy, packs every (term, document) value of the batch in a few array
operations, in formats.py's layout, and adds each term's lists to the
table: one loop turn per distinct term of the batch.

The values are byte for byte those ``PackedPositions.word_values`` and
``PackedCharacters.word_values`` give (tests/core/index/fast/test_prepare.py).
"""
from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

from reader.core.util.vectors import np

from .formats import _NEXT

if TYPE_CHECKING:
    from .prepare import _Tokens


def invert(tokens: _Tokens, table: dict) -> int:
    """Add the postings of ``tokens`` to a field's ``table`` (term ->
    (docnums, weights, values end to end, value lengths)); returns how many."""
    numbers = np.frombuffer(tokens.numbers, dtype=np.uint32)
    total = len(numbers)
    if not total:
        return 0
    counts = np.frombuffer(tokens.counts, dtype=np.uint32).astype(np.int64)
    docnums = np.repeat(np.frombuffer(tokens.docnums, dtype=np.uint32).astype(np.int64), counts)
    positions = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    # by term; within a term the documents, and within those the positions,
    # stay in the order they came (a stable sort)
    order = np.argsort(numbers, kind="stable")
    numbers, docnums, positions = numbers[order], docnums[order], positions[order]
    nexts = np.frombuffer(tokens.nexts, dtype=np.uint32)[order].astype(np.int64)
    columns = 3 if tokens.chars else 1
    # one group per (term, document): one posting value each
    starts_group = np.ones(total, dtype=bool)
    starts_group[1:] = (numbers[1:] != numbers[:-1]) | (docnums[1:] != docnums[:-1])
    firsts = np.flatnonzero(starts_group)
    sizes = np.diff(np.append(firsts, total))  # occurrences in each value
    rank = np.arange(total) - np.repeat(firsts, sizes)
    if tokens.chars:
        starts = np.frombuffer(tokens.starts, dtype=np.uint32)[order].astype(np.int64)
        ends = np.frombuffer(tokens.ends, dtype=np.uint32)[order].astype(np.int64)
        largest = np.maximum.reduceat(ends, firsts)
    else:
        largest = np.maximum.reduceat(positions, firsts)
    # formats.py: 16-bit integers unless one of them does not fit
    widths = np.where((largest > 0xFFFF) | (sizes > 0xFFFF), 4, 2)
    lengths = 1 + widths * (1 + columns * sizes) + 4 * sizes
    ends_at = np.cumsum(lengths)
    offsets = ends_at - lengths
    packed = np.zeros(int(ends_at[-1]), dtype=np.uint8)
    packed[offsets] = widths | _NEXT
    _put(packed, offsets + 1, sizes, widths)
    each_width = np.repeat(widths, sizes)
    each_size = np.repeat(sizes, sizes)
    column = np.repeat(offsets, sizes) + 1 + each_width  # where the positions start
    _put(packed, column + rank * each_width, positions, each_width)
    if tokens.chars:
        _put(packed, column + (each_size + rank) * each_width, starts, each_width)
        _put(packed, column + (2 * each_size + rank) * each_width, ends, each_width)
    _put(packed, column + columns * each_size * each_width + 4 * rank, nexts, 4)
    _add(table, tokens.terms, numbers[firsts], docnums[firsts],
         (sizes * tokens.boost).astype(np.float32), lengths, offsets, packed.tobytes())
    return len(firsts)


def _put(packed: np.ndarray, offsets: np.ndarray, values: np.ndarray, widths) -> None:
    """Write little-endian integers of 2 or 4 bytes (``widths``: one for all,
    or one each) at ``offsets``."""
    packed[offsets] = values & 0xFF
    packed[offsets + 1] = values >> 8 & 0xFF
    if isinstance(widths, int):
        if widths == 2:
            return
        wide = slice(None)
    else:
        wide = widths == 4
        if not wide.any():
            return
    at, values = offsets[wide], values[wide]
    packed[at + 2] = values >> 16 & 0xFF
    packed[at + 3] = values >> 24 & 0xFF


def _add(table: dict, terms: list[bytes], numbers: np.ndarray, docnums: np.ndarray,
         weights: np.ndarray, lengths: np.ndarray, offsets: np.ndarray, values: bytes) -> None:
    """Each term's run of values (``offsets``: where each value starts in
    ``values``), as the table's four lists (appended to, if the term has some
    already)."""
    docs = docnums.astype(np.uint32).tobytes()
    weighed = weights.tobytes()
    sized = lengths.astype(np.uint32).tobytes()
    starts = offsets.tolist()
    starts.append(len(values))
    bounds = np.flatnonzero(np.append(True, numbers[1:] != numbers[:-1])).tolist()
    bounds.append(len(numbers))
    owners = numbers.tolist()
    for first, last in zip(bounds, bounds[1:]):
        term = terms[owners[first]]
        value = values[starts[first]:starts[last]]
        lo, hi = 4 * first, 4 * last
        lists = table.get(term)
        if lists is None:
            table[term] = (array("I", docs[lo:hi]), array("f", weighed[lo:hi]),
                           bytearray(value), array("I", sized[lo:hi]))
        else:
            lists[0].frombytes(docs[lo:hi])
            lists[1].frombytes(weighed[lo:hi])
            lists[2].extend(value)
            lists[3].frombytes(sized[lo:hi])
