"""Postings and columns read in bulk, straight from Whoosh's segment files.

The evaluator (evaluate.py) scores whole posting lists at once; this module
gives them to it: a term's docnums, weights and values a block at a time, and
the per-document columns (field lengths, facet keys, dates) in one read each.
Like evaluate.py, it reaches into Whoosh's private names (the W3 codec's
blocks, column internals) for speed; no other module of the package does.
"""
from __future__ import annotations

import io
import pickle
import struct
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate, repeat
from operator import add

from whoosh import columns
from whoosh import fields as wfields
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

from reader.core.index import PackedIds
from reader.core.index.fast import field_length_bytes
from reader.core.index.fast.arrays import ValueArrays
from reader.core.util.vectors import np


class _SegmentTerm:
    """One term's postings in one segment: docnums and weights (arrays, deleted
    documents left out), and the values, looked up in the blocks when asked for."""

    __slots__ = ("ids", "weights", "_arrays", "_blocks", "_firsts")

    def __init__(self, ids, weights, blocks: list) -> None:
        self.ids = ids
        self.weights = weights
        # (docnums, values) of each block, deleted documents too
        self._blocks = [block for block in blocks if len(block[0])]
        self._firsts = [block[0][0] for block in self._blocks]
        self._arrays: ValueArrays | None = None

    def value(self, docnum: int):
        """The value of one document, or None."""
        if not self._firsts:
            return None
        ids, values = self._blocks[max(0, bisect_right(self._firsts, docnum) - 1)]
        i = bisect_left(ids, docnum)
        if i < len(ids) and ids[i] == docnum:
            return values[i]
        return None

    def has(self, docnum: int) -> bool:
        i = bisect_left(self.ids, docnum)
        return i < len(self.ids) and self.ids[i] == docnum

    def id_array(self) -> np.ndarray:
        """``ids`` as a NumPy array (a view, no copy)."""
        return np.frombuffer(self.ids, dtype=np.uint32)

    def arrays(self) -> ValueArrays:
        """All the values, as arrays (index.fast.arrays), read on first use."""
        if self._arrays is None:
            # (the docnums at hand are the blocks' own when none was deleted)
            every = len(self.ids) == sum(len(docnums) for docnums, _values in self._blocks)
            self._arrays = ValueArrays(self._blocks, self.id_array() if every else None)
        return self._arrays


_EMPTY_TERM = _SegmentTerm(array("I"), array("f"), [])


def _read_term(reader, fieldname: str, tbytes: bytes) -> _SegmentTerm:
    """All postings of a term in a segment reader, deleted documents left out."""
    if (fieldname, tbytes) not in reader:
        return _EMPTY_TERM
    matcher = reader.postings(fieldname, tbytes)
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    ids = array("I")
    weights = array("f")
    blocks: list = []
    if type(leaf) is W3LeafMatcher:
        for n, blockids, blockweights, values in _w3_blocks(leaf):
            if type(blockids) is PackedIds:
                blockids = blockids.ids
            else:
                blockids = array("I", accumulate(blockids))
            ids.extend(blockids)
            if blockweights is None:
                weights.extend(repeat(1.0, n))
            elif isinstance(blockweights, float):
                weights.extend(repeat(blockweights, n))
            elif type(blockweights) is array:
                weights.extend(blockweights)
            else:
                weights.fromlist(list(blockweights))
            blocks.append((blockids, values))
    else:  # inlined postings, or another codec: the matcher interface
        values = []
        while leaf.is_active():
            ids.append(leaf.id())
            weights.append(leaf.weight())
            values.append(leaf.value())
            leaf.next()
        blocks.append((array("I", ids), values))
    if reader.has_deletions():
        deleted = reader.deleted_docs_set
        keep = [i for i, d in enumerate(ids) if d not in deleted]
        ids = array("I", map(ids.__getitem__, keep))
        weights = array("f", map(weights.__getitem__, keep))
    return _SegmentTerm(ids, weights, blocks)


def _w3_blocks(leaf: W3LeafMatcher) -> Iterator[tuple[int, object, object, object]]:
    """(postings, docnum deltas, weights, values) of each block of a term.

    Whoosh reads a block's length, then its pickled header, then its data,
    each through the compound file's wrappers: seven reads a block, and a
    common word has a thousand blocks.  A term's blocks lie one after the
    other in the postings file, so values of the usual variable-size kind
    are read here in one go and the blocks taken apart in memory."""
    if leaf._byteids or not (leaf._fixedsize is None or leaf._fixedsize < 0):
        while not leaf._atend:  # (Whoosh's own way, values de-minified)
            leaf._read_values()
            blockids, blockweights, _ = leaf._data
            yield leaf._blocklength, blockids, blockweights, leaf._values
            leaf._next_block()
        return
    start, length = leaf._startoffset, leaf._length
    if isinstance(length, tuple):  # (W3TermInfo.from_bytes leaves it unpacked)
        (length,) = length
    data = leaf._postfile.get(start, length)
    stream = io.BytesIO(data)
    position = leaf._baseoffset - start
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(data, position)
        end = position + _BLOCK_LENGTH.size + abs(length)
        stream.seek(position + _BLOCK_LENGTH.size)
        count, _maxid, _maxweight, compressed, _minlen, _maxlen = pickle.load(stream)
        block = data[stream.tell():end]
        blockids, blockweights, values = pickle.loads(zlib.decompress(block) if compressed
                                                      else block)
        yield count, blockids, blockweights, values
        if length < 0:  # (the last block's length is negated)
            return
        position = end


#: A posting block's length, as Whoosh's StructFile.write_int writes it.
_BLOCK_LENGTH = struct.Struct("!i")


class _ReaderCache:
    """Per segment reader: whole columns, loaded once per searcher."""

    def __init__(self) -> None:
        self.lengths: dict[str, array | None] = {}
        self.facets: dict[str, list] = {}


def _reader_cache(reader) -> _ReaderCache:
    """The cache of a segment reader, kept on it: it lives and dies with it (a
    searcher, so one thread and one index generation)."""
    cache = getattr(reader, "_reader_cache", None)
    if cache is None:
        cache = reader._reader_cache = _ReaderCache()
    return cache


def _length_bytes(reader, fieldname: str):
    """The field-length bytes of every document of a segment (None: no lengths), cached."""
    cache = _reader_cache(reader)
    if fieldname not in cache.lengths:
        cache.lengths[fieldname] = field_length_bytes(reader._perdoc, fieldname)
    return cache.lengths[fieldname]


def _utf8_text(fieldobj) -> bool:
    """Whether a field's column values are its text in UTF-8, as Whoosh's own
    field types read them back (ID, KEYWORD...: ``from_bytes`` decodes)."""
    kind = type(fieldobj)
    return (kind.from_column_value is wfields.FieldType.from_column_value
            and kind.from_bytes is wfields.FieldType.from_bytes)


def _kept(reader, key: str, make):
    """What ``make()`` gives, computed once per segment reader (its cache)."""
    facets = _reader_cache(reader).facets
    if key not in facets:
        facets[key] = make()
    return facets[key]


def _live_docs(reader) -> frozenset[int]:
    """The documents of a segment that are not deleted."""
    return _kept(reader, "\0live", lambda: frozenset(reader.all_doc_ids()))


def _facet_codes(reader, fieldname: str) -> tuple[np.ndarray, list]:
    """A segment's facet values, numbered: the number of each document's
    value, and the values as Whoosh's groups name them (each distinct one
    decoded once), so a result's counts are one bincount."""
    return _kept(reader, "\0codes:" + fieldname, lambda: _numbered_column(reader, fieldname))


def _numbered_column(reader, fieldname: str) -> tuple[np.ndarray, list]:
    if not reader.has_column(fieldname):
        return np.zeros(reader.doc_count_all(), dtype=np.int64), [None]
    fieldobj = reader.schema[fieldname]
    column = reader.column_reader(fieldname, translate=False)
    if type(column) is columns.VarBytesColumn.Reader:
        # The values lie one after the other: read them in one go.
        offsets, sizes = column._offsets, column._lengths
        data = column._dbfile.get(column._basepos, sum(sizes)) if len(sizes) else b""
        raw = list(map(data.__getitem__, map(slice, offsets, map(add, offsets, sizes))))
    else:
        raw = list(column)
    numbers: dict = {}
    codes = np.fromiter(map(lambda value: numbers.setdefault(value, len(numbers)), raw),
                        dtype=np.int64, count=len(raw))
    if _utf8_text(fieldobj):
        return codes, [value.decode("utf-8") for value in numbers]
    return codes, list(map(fieldobj.from_column_value, numbers))


def _numbers(reader, fieldname: str) -> np.ndarray:
    """The values of a numeric column for every document of a segment (int64)."""
    cache = _reader_cache(reader)
    key = "\0numbers:" + fieldname
    values = cache.facets.get(key)
    if values is None:
        column = reader.column_reader(fieldname, translate=False)
        coltype = reader.schema[fieldname].column_type
        if (type(column) is columns.NumericColumn.Reader and not column._reverse
                and isinstance(coltype, columns.NumericColumn)):
            # Big-endian numbers one after the other: read them in one go.
            numbers = array(column._typecode)
            numbers.frombytes(column._dbfile.get(column._basepos,
                                                 column._count * column._fixedlen))
            if sys.byteorder == "little":
                numbers.byteswap()
            found = numbers.tolist()
            found += [column._default] * (reader.doc_count_all() - len(found))
        else:
            found = list(column)
        values = cache.facets[key] = np.array(found, dtype=np.int64)
    return values
