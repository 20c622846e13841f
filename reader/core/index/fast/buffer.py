"""The posting buffer of the segment being written, spilled to disk past a budget."""
from __future__ import annotations

import heapq
import logging
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from .prepare import _Postings, add_inverted, add_lists

if TYPE_CHECKING:
    from .invert import Inverted

log = logging.getLogger("reader.index")

#: Postings kept in memory before the buffer is spilled to a sorted run on
#: disk (about 25 bytes each).
MAX_BUFFERED_POSTINGS = 3_000_000


class Piece(NamedTuple):
    """A piece of the buffer, in field and term order, built when asked:
    ``build()`` gives its postings (an ``Inverted``)."""

    field: str
    terms: int
    postings: int
    build: Callable[[], Inverted]


class _PostingBuffer:
    """The postings of the segment being written, per field and term.

    Documents arrive in docnum order, so each term's lists are already in
    order; only the terms are sorted, once, when the segment is written.
    The workers' inverted batches wait as they came, and are merged per
    field at once (``invert.merged``) when the buffer is spilled or written.
    Past ``limit`` postings the buffer is written to a run file (sorted by
    field and term) and emptied; at the end the runs and the buffer are
    merged term by term.
    """

    _RUN_CHUNK = 100_000  # postings per pickle in a run file: bounds the merge's memory

    def __init__(self, tempdir: str, limit: int = MAX_BUFFERED_POSTINGS) -> None:
        self._tempdir = tempdir
        self._limit = limit
        self._postings = _Postings()
        #: Per field, inverted batches (and the bases their docnums count from)
        #: whose postings follow those of the field's table.
        self._waiting: dict[str, list[tuple[int, Inverted]]] = {}
        self._runs: list[str] = []

    # Whoosh's PostingPool interface, used when segments are merged.
    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        if docnum < 0:  # Whoosh's marker for spelling words: not postings
            return
        postings = self._postings
        postings.add(self._table(fieldname), docnum, tbytes, weight, vbytes or b"")
        if postings.count >= self._limit:
            self._spill()

    def add_postings(self, base: int, chunk: _Postings) -> None:
        """Add postings whose docnums count from ``base``."""
        postings = self._postings
        for fieldname, ctable, inverted in chunk.fields():
            if ctable:
                table = self._table(fieldname)
                for tbytes, lists in ctable.items():
                    if base:
                        lists = (array("I", map(base.__add__, lists[0])), *lists[1:])
                    add_lists(table, tbytes, lists)
            if inverted:
                self._waiting.setdefault(fieldname, []).extend((base, batch) for batch in inverted)
        postings.count += chunk.count
        if postings.count >= self._limit:
            self._spill()

    def _table(self, fieldname: str) -> dict:
        """A field's table, its waiting batches added (postings added to it
        next come after theirs)."""
        table = self._postings.table(fieldname)
        if fieldname in self._waiting:
            from .invert import merged  # (NumPy: loaded by the batches' inversion)

            for piece in merged(self._waiting.pop(fieldname), self._RUN_CHUNK):
                add_inverted(table, piece)
        return table

    def pieces(self, size: int) -> list[Piece] | None:
        """The buffer in field and term order, as pieces of about ``size``
        postings still to build, when none of it was spilled to disk (else
        None: ``terms`` merges the runs)."""
        return None if self._runs else list(self._planned(size))

    def _planned(self, size: int = _RUN_CHUNK) -> Iterator[Piece]:
        """The buffer in field and term order, as pieces of about ``size``
        postings: a field's waiting batches merged (planned when the field
        comes, so a field's batches are let go once its last piece is built),
        or its table packed."""
        from .invert import Inverted, Merge  # (NumPy: loaded by the batches' inversion)

        tables = self._postings.tables
        for fieldname in sorted(tables.keys() | self._waiting.keys()):
            if not tables.get(fieldname):  # (the usual case: every posting came inverted)
                if fieldname in self._waiting:
                    merge = Merge(self._waiting.pop(fieldname), size)
                    for index, (terms, postings) in enumerate(merge.sizes):
                        yield Piece(fieldname, terms, postings, partial(merge.piece, index))
                continue
            table = self._table(fieldname)
            chunk, postings = [], 0
            for tbytes in sorted(table):
                chunk.append((tbytes, *table[tbytes]))
                postings += len(chunk[-1][1])
                if postings >= size:
                    yield Piece(fieldname, len(chunk), postings, partial(Inverted.of, chunk))
                    chunk, postings = [], 0
            if chunk:
                yield Piece(fieldname, len(chunk), postings, partial(Inverted.of, chunk))

    def _sorted_terms(self) -> Iterator[tuple]:
        """The buffer's records in field and term order."""
        for piece in self._planned():
            for record in piece.build().records():
                yield (piece.field, *record)

    def _spill(self) -> None:
        """Write the buffer to a run file, sorted, and empty it.  A run is a
        sequence of pickled (field, Inverted) pieces: a few buffers each, which
        pickle and load at once, where a record per term cost a pickle call
        per list (at 100,000 articles, loading the runs took 14 s of a 40 s
        commit)."""
        log.debug("spilling %d postings to a run on disk", self._postings.count)
        fd, path = tempfile.mkstemp(prefix="run-", suffix=".pickle", dir=self._tempdir)
        self._runs.append(path)
        with os.fdopen(fd, "wb") as handle:
            for piece in self._planned():
                pickle.dump((piece.field, piece.build()), handle, pickle.HIGHEST_PROTOCOL)
        self._postings = _Postings()
        self._waiting = {}

    @staticmethod
    def _read_run(path: str) -> Iterator[tuple]:
        with open(path, "rb") as handle:
            while True:
                try:
                    fieldname, inverted = pickle.load(handle)
                except EOFError:
                    return
                for record in inverted.records():
                    yield (fieldname, *record)

    def terms(self) -> Iterator[tuple]:
        """(fieldname, term, docnums, weights, values, value lengths) in field
        and term order."""
        if not self._runs:
            yield from self._sorted_terms()
            return
        sources = [self._read_run(p) for p in self._runs] + [self._sorted_terms()]
        merged = heapq.merge(*sources, key=lambda r: (r[0], r[1]))  # stable: runs in order
        current = None
        for record in merged:
            if current is not None and record[0] == current[0] and record[1] == current[1]:
                for mine, more in zip(current[2:], record[2:]):
                    mine.extend(more)
            else:
                if current is not None:
                    yield current
                current = record
        if current is not None:
            yield current

    def cleanup(self) -> None:
        for path in self._runs:
            try:
                os.unlink(path)
            except OSError:
                pass
        self._runs = []
        self._postings = _Postings()
        self._waiting = {}

