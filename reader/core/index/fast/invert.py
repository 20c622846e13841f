"""A batch of documents' tokens inverted at once: each term's postings, packed.

Packing a document's postings one term at a time cost a Python loop turn
per distinct word of each field (some 250 for a wire item of 2 KB): over
a third of what indexing short articles cost.  The preparer now only
records each field's tokens (term numbers, offsets, next terms) as flat
arrays; when the batch is handed on, this module sorts them by term with
NumPy, packs every (term, document) value of the batch in a few array
operations, in formats.py's layout, and keeps the result as flat buffers
(``Inverted``), which pickle at once.  The writer keeps the batches as they
come and merges each field's once (``merged``), with NumPy too.

The values are byte for byte those ``PackedPositions.word_values`` and
``PackedCharacters.word_values`` give (tests/core/index/fast/test_prepare.py).
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.core.util.vectors import np

from .formats import _NEXT

if TYPE_CHECKING:
    from .prepare import _Tokens


def invert(tokens: _Tokens) -> Inverted | None:
    """The postings of ``tokens``, inverted; None if there are none."""
    numbers = np.frombuffer(tokens.numbers, dtype=np.uint32)
    total = len(numbers)
    if not total:
        return None
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
    owners = numbers[firsts]
    bounds = np.flatnonzero(np.append(True, owners[1:] != owners[:-1]))
    return Inverted(
        [tokens.terms[number] for number in owners[bounds].tolist()],
        [*bounds.tolist(), len(firsts)], [*offsets[bounds].tolist(), len(packed)],
        docnums[firsts].astype(np.uint32).tobytes(),
        (sizes * tokens.boost).astype(np.float32).tobytes(),
        lengths.astype(np.uint32).tobytes(), packed.tobytes())


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


class Inverted:
    """A field's postings from a batch of documents, inverted and packed: per
    distinct term (``terms``, in the batch's order) a run of postings
    (``bounds``) and of value bytes (``value_bounds``) in flat buffers.

    This is what crosses from a worker process to the writer: a few buffers
    and a list of terms pickle in one go, where a table of four arrays per
    term cost a pickle call each (and as much again to unpickle).  The
    writer merges a field's batches, their docnums shifted to its own
    (``merged``).
    """

    __slots__ = ("bounds", "docnums", "lengths", "terms", "value_bounds", "values", "weights")

    def __init__(self, terms: list[bytes], bounds: list[int], value_bounds: list[int],
                 docnums: bytes, weights: bytes, lengths: bytes, values: bytes) -> None:
        self.terms = terms
        self.bounds = bounds
        self.value_bounds = value_bounds
        self.docnums = docnums  # uint32 each, as are the value lengths; weights float32
        self.weights = weights
        self.lengths = lengths
        self.values = values

    def __reduce__(self):
        return (Inverted, (self.terms, self.bounds, self.value_bounds, self.docnums,
                           self.weights, self.lengths, self.values))

    @classmethod
    def of(cls, records: list[tuple[bytes, array, array, bytearray, array]]) -> Inverted:
        """Terms' postings as a table holds them ((term, docnums, weights,
        values end to end, value lengths) each), packed the same way."""
        bounds, value_bounds = [0], [0]
        for _term, docnums, _weights, values, _lengths in records:
            bounds.append(bounds[-1] + len(docnums))
            value_bounds.append(value_bounds[-1] + len(values))
        return cls([record[0] for record in records], bounds, value_bounds,
                   b"".join(record[1] for record in records),
                   b"".join(record[2] for record in records),
                   b"".join(record[4] for record in records),
                   b"".join(record[3] for record in records))

    @property
    def count(self) -> int:
        """How many postings (one per term and document)."""
        return self.bounds[-1]

    def records(self) -> Iterator[tuple[bytes, array, array, bytearray, array]]:
        """Each term's postings as a table holds them: (term, docnums, weights,
        values end to end, value lengths)."""
        docs, weights, sized, values, bounds, value_bounds = (
            self.docnums, self.weights, self.lengths, self.values, self.bounds,
            self.value_bounds)
        for index, term in enumerate(self.terms):
            lo, hi = 4 * bounds[index], 4 * bounds[index + 1]
            yield (term, array("I", docs[lo:hi]), array("f", weights[lo:hi]),
                   bytearray(values[value_bounds[index]:value_bounds[index + 1]]),
                   array("I", sized[lo:hi]))


def merged(batches: list[tuple[int, Inverted]], chunk: int) -> Iterator[Inverted]:
    """One field's batches, in docnum order, each with the base its docnums
    count from, merged: ``Inverted`` pieces of about ``chunk`` postings
    (whole terms each), their terms sorted across them all (``Merge``)."""
    merge = Merge(batches, chunk)
    return (merge.piece(index) for index in range(len(merge)))


class Merge:
    """One field's batches merged, a piece at a time: ``piece(i)`` builds the
    i-th of ``len(self)`` pieces of about ``chunk`` postings, whole terms
    each, in term order; ``sizes`` says what each holds before it is built.

    The writer used to add every batch's terms to its table as the batch
    came: a loop turn per distinct term of each batch (57,000 for 2,000
    wire items), on the writer's core while the workers wanted both.  Now
    the batches wait, and are merged here once: the runs (one per term and
    batch) sorted by term with NumPy, stably, so each term's postings stay
    in docnum order, and each run's bytes copied once, a piece at a time
    (slices joined: an index per posting, or the merge whole, cost more
    memory than the postings themselves).  Pieces are built on demand, so
    that the segment writer can hand some to a helper process
    (segment.py)."""

    def __init__(self, batches: list[tuple[int, Inverted]], chunk: int) -> None:
        if len(batches) == 1 and not batches[0][0] and batches[0][1].terms == sorted(
                batches[0][1].terms):
            whole = batches[0][1]
            self._whole: Inverted | None = whole
            self.sizes = [(len(whole.terms), whole.count)]
            return
        self._whole = None
        terms = sorted(set().union(*(batch.terms for _base, batch in batches)))
        number = {term: index for index, term in enumerate(terms)}
        run_terms = [np.fromiter(map(number.__getitem__, batch.terms), dtype=np.int64,
                                 count=len(batch.terms)) for _base, batch in batches]
        run_term = np.concatenate(run_terms)
        order = np.argsort(run_term, kind="stable")  # by term; batches (docnums) in order
        owners = np.repeat(np.arange(len(batches)), [len(runs) for runs in run_terms])[order]
        bounds = [np.asarray(batch.bounds, dtype=np.int64) for _base, batch in batches]
        run_size = np.concatenate([np.diff(each) for each in bounds])[order]
        first = 4 * np.concatenate([each[:-1] for each in bounds])[order]
        last = 4 * np.concatenate([each[1:] for each in bounds])[order]
        value_bounds = [np.asarray(batch.value_bounds, dtype=np.int64)
                        for _base, batch in batches]
        value_first = np.concatenate([each[:-1] for each in value_bounds])[order]
        value_last = np.concatenate([each[1:] for each in value_bounds])[order]
        # per term: its first run, and where its postings and value bytes begin
        term_runs = np.concatenate(([0], np.cumsum(np.bincount(run_term, minlength=len(terms)))))
        term_postings = np.concatenate(([0], np.cumsum(run_size)))[term_runs]
        self._terms = terms
        self._term_runs = term_runs.tolist()
        self._term_postings = term_postings
        self._term_values = np.concatenate(([0], np.cumsum(value_last - value_first)))[term_runs]
        self._runs = list(zip(owners.tolist(), first.tolist(), last.tolist(),
                              value_first.tolist(), value_last.tolist()))
        self._docnums = [memoryview((np.frombuffer(batch.docnums, dtype=np.uint32)
                                     + np.uint32(base)).tobytes() if base else batch.docnums)
                         for base, batch in batches]
        self._weights = [memoryview(batch.weights) for _base, batch in batches]
        self._lengths = [memoryview(batch.lengths) for _base, batch in batches]
        self._values = [memoryview(batch.values) for _base, batch in batches]
        # pieces cut at the term where about ``chunk`` more postings have gone
        # (np.unique would load numpy.ma: 17 ms)
        wanted = np.searchsorted(term_postings, np.arange(chunk, term_postings[-1], chunk))
        cuts = sorted({cut for cut in wanted.tolist() if cut < len(terms)})
        self._cuts = list(zip([0, *cuts], [*cuts, len(terms)]))
        self.sizes = [(hi - lo, int(term_postings[hi] - term_postings[lo]))
                      for lo, hi in self._cuts]

    def __len__(self) -> int:
        return len(self.sizes)

    def piece(self, index: int) -> Inverted:
        if self._whole is not None:
            return self._whole
        lo, hi = self._cuts[index]
        runs = self._runs[self._term_runs[lo]:self._term_runs[hi]]
        docnums, weights, lengths, values = (
            self._docnums, self._weights, self._lengths, self._values)
        postings, value_bytes = self._term_postings, self._term_values
        return Inverted(
            self._terms[lo:hi], (postings[lo:hi + 1] - postings[lo]).tolist(),
            (value_bytes[lo:hi + 1] - value_bytes[lo]).tolist(),
            b"".join([docnums[owner][start:end] for owner, start, end, _, _ in runs]),
            b"".join([weights[owner][start:end] for owner, start, end, _, _ in runs]),
            b"".join([lengths[owner][start:end] for owner, start, end, _, _ in runs]),
            b"".join([values[owner][start:end] for owner, _, _, start, end in runs]))
