"""The search index: a Whoosh index plus a manifest of what it holds.

The index is a cache (DESIGN.md): everything in it can be rebuilt from the
article files, so a missing, stale or damaged index is thrown away and rebuilt
with a message, never a crash.  Whoosh never fsyncs, so nothing here is the
only copy of anything.

The manifest (a small SQLite file beside the Whoosh segments) records, per
file, the size, mtime and content hash that decide whether a file changed,
plus the metadata the library table shows.  It lets a re-index of an unchanged
library finish without opening a single article, and lets the GUI list
20,000 articles without touching Whoosh's stored fields.

How indexing is made fast while the index stays a Whoosh index that
Whoosh's own readers, matchers and writers use as they use any other:

* Many files to read are read, parsed and analysed by a pool of worker
  processes (spawned, so it works in a frozen app too); a few are done in
  this process.  A worker returns each chunk of articles ready-made: the
  per-document fields and compressed stored fields, and the chunk's
  postings already inverted (term -> docnums, weights, packed values).
  Only this process writes the index, through one Whoosh writer.
* The analysis is Whoosh's chain (``make_analyzer``) computed in bulk
  (``FastAnalyzer``): one regex split, offsets by a running sum, and a
  cache from each surface word to its term.  Property tests hold it, and
  the postings built from it, to the chain's and the formats' own output.
* The text fields' postings are packed integers (``PackedPositions``,
  ``PackedCharacters``), with, for each occurrence, the term that follows
  it: cheap to build and to decode, and phrase queries (search.py) can drop
  most candidate documents without decoding anything.
* ``_FastSegmentWriter`` is Whoosh's ``SegmentWriter`` whose posting pool
  keeps a few flat buffers per term instead of a tuple per posting to sort,
  and which writes each term's blocks in one go.  Past a memory budget the
  buffer is spilled to sorted runs, merged at commit: a full index of any
  size is one segment, in bounded memory.  A test reads back what it writes
  and what Whoosh's own writer writes for the same documents: the same.
* The index is opened without memory maps: Whoosh reads a memory-mapped
  compound segment through BytesIO, which copies the whole segment into
  memory for every searcher.

Every ``import whoosh`` of the project lives here and in ``search.py``.
"""
from __future__ import annotations

import gc
import hashlib
import heapq
import logging
import multiprocessing
import os
import pickle
import re
import shutil
import sqlite3
import struct
import sys
import tempfile
import threading
import time
import warnings
import zlib
from array import array
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict
from datetime import datetime
from functools import partial
from itertools import accumulate, chain, islice
from operator import attrgetter, sub
from pathlib import Path

from whoosh import columns, formats
from whoosh import fields as wfields
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, STORED_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec,
                                  W3TermInfo)
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.lang import porter
from whoosh.support.charset import accent_map
from whoosh.system import pack_int, pack_ushort
from whoosh.writing import IndexingError, SegmentWriter

from . import articles
from .model import (Article, ArticleError, Cancelled, ChangedArticle, FileRecord, IndexSummary,
                    Progress, Skipped)

log = logging.getLogger("reader.index")

#: Bump when the schema, the analyzer or the loaders change what is indexed:
#: an index with another version is rebuilt.
SCHEMA_VERSION = 3
WRITE_LOCK_TIMEOUT = 30.0
TITLE_BOOST = 3.0

#: Below this many files to read, the work is done in this process: starting
#: the worker processes costs a few tenths of a second.
POOL_MIN_FILES = 200
#: Postings kept in memory before the buffer is spilled to a sorted run on
#: disk (about 25 bytes each).
MAX_BUFFERED_POSTINGS = 3_000_000
#: zlib level of posting blocks (0: none).  Each block records its own level.
POSTINGS_COMPRESSION = 0
#: Postings per block (Whoosh writes 128; each block records its own count):
#: fewer, bigger blocks are cheaper to write and to read in bulk.
POSTINGS_PER_BLOCK = 512
#: Blocks of at most this many postings are pickled as Whoosh pickles them
#: (tuples), bigger ones in packed forms (PackedIds, PackedValues): for a few
#: postings the tuples are the cheaper to write and to read.
PLAIN_BLOCK_POSTINGS = 8


_TOKEN_PATTERN = r"\w+(?:\.\w+)*"


def make_analyzer(stem: bool = True):
    """Words, lower-cased, accents folded (Władimir -> wladimir), English stems.

    No stop words: dropping them breaks phrase queries such as "war on terror"
    and costs little at the sizes Reader handles.
    """
    # Whoosh's default token pattern keeps "*" inside words (for wildcard
    # queries); in text, "**bold**" must index as "bold".
    chain_ = RegexTokenizer(_TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
    return chain_ | StemFilter(cachesize=100_000) if stem else chain_


# -- the text fields' posting formats ---------------------------------------------------
#
# Title, body, author and source keep, per term and document, the positions
# (and for the body the character offsets) Whoosh's Positions and Characters
# formats keep, packed as little-endian integers instead of pickled tuples:
#
#   byte 0      tag: the integer width (2 or 4 bytes), | 0x80 when the next
#               terms follow
#   n           number of occurrences
#   positions   n integers
#   starts      n integers  } body only
#   ends        n integers  }
#   next terms  n uint32: CRC-32 of the term right after each occurrence (0 at
#               the end of the field)
#
# The integers are 16-bit unless one of them does not fit (an article over
# 64K characters).  Encoding and decoding are single C calls (array), and
# the next terms let a phrase query drop, with one substring test per
# document, nearly every document where its words occur but not together.

assert array("H").itemsize == 2 and array("I").itemsize == 4
_BIG_ENDIAN = sys.byteorder == "big"
_NEXT = 0x80
_U32 = struct.Struct("<I")
_ONE_CHARS = {2: struct.Struct("<B4HI").pack, 4: struct.Struct("<B4II").pack}
_ONE_POS = {2: struct.Struct("<B2HI").pack, 4: struct.Struct("<B2II").pack}
_TAGS = {(width, nexts): bytes([width | (_NEXT if nexts else 0)])
         for width in (2, 4) for nexts in (False, True)}


def term_hash(term: bytes) -> int:
    """The number a term is known by in the "next terms" of posting values."""
    return zlib.crc32(term)


_STRUCTS: dict[tuple[int, int, int], struct.Struct] = {}


def _packer(width: int, count: int, columns: int):
    """The pack function of a whole value: tag, n, the columns, the next terms."""
    key = (width, count, columns)
    packer = _STRUCTS.get(key)
    if packer is None:
        if len(_STRUCTS) > 4096:
            _STRUCTS.clear()
        code = "H" if width == 2 else "I"
        packer = _STRUCTS[key] = struct.Struct(f"<B{1 + columns * count}{code}{count}I")
    return packer.pack


def _pack(width: int, count: int, columns, nexts) -> bytes:
    values = array("H" if width == 2 else "I", (count,))
    for column in columns:
        values.extend(column)
    if _BIG_ENDIAN:
        values.byteswap()
    if nexts is None:
        return _TAGS[width, False] + values.tobytes()
    following = array("I", nexts)
    if _BIG_ENDIAN:
        following.byteswap()
    return b"".join((_TAGS[width, True], values.tobytes(), following.tobytes()))


def _unpack(valuestring: bytes, columns: int) -> tuple[int, array]:
    """(n, the n * columns integers after it) of a packed value."""
    width = valuestring[0] & 0x7F
    if width == 2:
        count = valuestring[1] | valuestring[2] << 8
        values = array("H")
    else:
        count = _U32.unpack_from(valuestring, 1)[0]
        values = array("I")
    start = 1 + width
    values.frombytes(valuestring[start: start + width * columns * count])
    if _BIG_ENDIAN:
        values.byteswap()
    return count, values


def has_next_terms(valuestring: bytes) -> bool:
    return bool(valuestring[0] & _NEXT)


def _following(terms: list[bytes]) -> dict[int, int]:
    """position -> hash of the term after it, for a field's tokens."""
    hashes = [term_hash(t) for t in terms[1:]]
    hashes.append(0)
    return dict(enumerate(hashes))


class PackedPositions(formats.Positions):
    """Whoosh's ``Positions``, packed (see above)."""

    _COLUMNS = 1

    def word_values(self, value, analyzer, **kwargs):
        kwargs.update(positions=True, chars=True, boosts=True)
        tokens = [(t.text, t.pos, t.startchar, t.endchar, t.boost)
                  for t in formats.tokens(value, analyzer, kwargs)]
        terms = [t[0].encode("utf-8") for t in tokens]
        after = {pos: (term_hash(terms[i + 1]) if i + 1 < len(terms) else 0)
                 for i, (_t, pos, _s, _e, _b) in enumerate(tokens)}
        seen: dict[str, list] = {}
        weights: dict[str, float] = {}
        for text, pos, start, end, boost in tokens:
            seen.setdefault(text, []).append((pos, start, end))
            weights[text] = weights.get(text, 0.0) + boost
        for text, poslist in seen.items():
            nexts = [after[p[0]] for p in poslist]
            yield (text, len(poslist), weights[text] * self.field_boost,
                   self._encoded(poslist, nexts))

    def _encoded(self, poslist, nexts) -> bytes:
        return self.encode([p[0] for p in poslist], nexts)

    def encode(self, poslist, nexts=None) -> bytes:
        width = 4 if max(poslist, default=0) > 0xFFFF or len(poslist) > 0xFFFF else 2
        return _pack(width, len(poslist), [poslist], nexts)

    def decode_frequency(self, valuestring: bytes) -> int:
        if valuestring[0] & 0x7F == 2:
            return valuestring[1] | valuestring[2] << 8
        return _U32.unpack_from(valuestring, 1)[0]

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_positions(self, valuestring: bytes) -> list[int]:
        count, values = _unpack(valuestring, self._COLUMNS)
        return values[:count].tolist()

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs):
        return self.encode(sorted(set().union(*map(self.decode_positions, vs))))


class PackedCharacters(PackedPositions, formats.Characters):
    """Whoosh's ``Characters`` (positions and character offsets), packed (see above)."""

    _COLUMNS = 3

    def _encoded(self, poslist, nexts) -> bytes:
        return self.encode(poslist, nexts)

    def encode(self, poslist, nexts=None) -> bytes:
        width = 4 if max((max(p) for p in poslist), default=0) > 0xFFFF or len(
            poslist) > 0xFFFF else 2
        return _pack(width, len(poslist), [[p[0] for p in poslist], [p[1] for p in poslist],
                                           [p[2] for p in poslist]], nexts)

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        count, values = _unpack(valuestring, 3)
        return list(zip(values[:count].tolist(), values[count: 2 * count].tolist(),
                        values[2 * count: 3 * count].tolist()))

    def combine(self, vs):
        spans: dict[int, tuple[int, int]] = {}
        for v in vs:
            for pos, start, end in self.decode_characters(v):
                old = spans.get(pos)
                spans[pos] = (start, end) if old is None else (min(start, old[0]), max(end, old[1]))
        return self.encode([(pos, *spans[pos]) for pos in sorted(spans)])


def make_schema() -> wfields.Schema:
    text = make_analyzer()

    def packed(fieldobj):
        fmt = PackedCharacters if fieldobj.format.supports("characters") else PackedPositions
        fieldobj.format = fmt(field_boost=fieldobj.format.field_boost)
        return fieldobj

    return wfields.Schema(
        id=wfields.ID(stored=True, unique=True),
        path=wfields.ID(stored=True),
        title=packed(wfields.TEXT(analyzer=text, stored=True, field_boost=TITLE_BOOST)),
        # Positions and character offsets in the postings: phrase queries and
        # exact hit offsets come from the index, not from re-analysing text.
        body=packed(wfields.TEXT(analyzer=text, chars=True)),
        author=packed(wfields.TEXT(analyzer=text, stored=True)),
        source=packed(wfields.TEXT(analyzer=text, stored=True)),
        source_facet=wfields.ID(sortable=True),
        date=wfields.DATETIME(),
        # Sort key for "newest first": undated articles (0) sort last.
        date_order=wfields.COLUMN(columns.NumericColumn("q", default=0)),
        year=wfields.ID(sortable=True),
        datestr=wfields.STORED(),
        text=wfields.STORED(),
        title_span=wfields.STORED(),
    )


# -- fast analysis ------------------------------------------------------------------

#: Surface words remembered per analyser; past this the cache starts over.
_TERM_CACHE_LIMIT = 400_000


class _Terms(dict):
    """surface word -> indexed term, computed on first sight."""

    def __init__(self, compute) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> bytes:
        if len(self) >= _TERM_CACHE_LIMIT:
            self.clear()
        term = self[word] = self._compute(word)
        return term


class _Hashes(dict):
    """term -> term_hash(term), remembered."""

    def __missing__(self, term: bytes) -> int:
        if len(self) >= _TERM_CACHE_LIMIT:
            self.clear()
        value = self[term] = term_hash(term)
        return value


# The endings each step of Whoosh's Porter stemmer needs (its patterns' own).
_STEP2_ENDINGS = tuple(porter._step2list)
_STEP3_ENDINGS = tuple(porter._step3list)
_STEP4_ENDINGS = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
                  "ent", "ou", "ism", "ate", "iti", "ous", "ive", "ize")


def _replace_ending(w: str, endings: tuple[str, ...], pattern, replacements: dict) -> str:
    """Porter's steps 2 and 3: swap a known ending when the stem has a consonant run."""
    if w.endswith(endings):
        m = pattern.match(w)
        if m and porter._mgr0.match(m.group(1)):
            return m.group(1) + replacements[m.group(2)]
    return w


def _porter_stem(w: str) -> str:
    """``whoosh.lang.porter.stem``, step for step, each of its patterns tried
    only when the word has an ending the pattern needs.

    Stemming is most of what a word the index has not seen yet costs (a
    fresh library, a fresh worker process), and most patterns cannot match
    most words: ``endswith`` tells so for a fraction of a pattern's cost.
    The result is Whoosh's for any word without a line break ("$" also
    matches before a final one), as every token is; a test holds the two
    side by side.
    """
    if len(w) < 3:
        return w
    first_is_y = w[0] == "y"
    if first_is_y:
        w = "Y" + w[1:]
    # Step 1a
    if w.endswith("s"):
        if w.endswith("sses"):
            w = w[:-2]
        elif w.endswith("ies"):
            w = w[:-2]
        elif w[-2] != "s":
            w = w[:-1]
    # Step 1b
    if w.endswith("eed"):
        if porter._mgr0.match(w[:-3]):
            w = w[:-1]
    elif w.endswith(("ed", "ing")):
        m = porter._ed_ing.match(w)
        if m:
            stem = m.group(1)
            if porter._s_v.match(stem):
                w = stem
                if porter._at_bl_iz.match(w):
                    w += "e"
                elif porter._step1b.match(w):
                    w = w[:-1]
                elif porter._c_v.match(w):
                    w += "e"
    # Step 1c
    if w.endswith("y"):
        stem = w[:-1]
        if porter._s_v.match(stem):
            w = stem + "i"
    # Steps 2 and 3
    w = _replace_ending(w, _STEP2_ENDINGS, porter._step2, porter._step2list)
    w = _replace_ending(w, _STEP3_ENDINGS, porter._step3, porter._step3list)
    # Step 4
    m = porter._step4_1.match(w) if w.endswith(_STEP4_ENDINGS) else None
    if m:
        stem = m.group(1)
        if porter._mgr1.match(stem):
            w = stem
    elif w.endswith("ion"):
        m = porter._step4_2.match(w)
        if m:
            stem = m.group(1) + m.group(2)
            if porter._mgr1.match(stem):
                w = stem
    # Step 5
    if w.endswith("e"):
        m = porter._step5.match(w)
        if m:
            stem = m.group(1)
            if porter._mgr1.match(stem) or (porter._meq1.match(stem)
                                            and not porter._c_v.match(stem)):
                w = stem
    if w.endswith("ll") and porter._mgr1.match(w):
        w = w[:-1]
    if first_is_y:
        w = "y" + w[1:]
    return w


class FastAnalyzer:
    """``make_analyzer()``'s tokens, computed in bulk.

    Built from the analyzer itself (its pattern, character map and stemmer),
    so the two cannot drift apart; a chain of another shape is refused.
    Tokens are never dropped by that chain, so a token's position is its
    index among the regex matches.  Terms come as UTF-8 bytes, as Whoosh
    stores them.
    """

    def __init__(self, analyzer) -> None:
        items = list(getattr(analyzer, "items", [analyzer]))
        kinds = [type(item) for item in items]
        if kinds[:3] != [RegexTokenizer, LowercaseFilter, CharsetFilter] or len(items) > 4 or (
                len(items) == 4 and (kinds[3] is not StemFilter or items[3].ignore)):
            raise ValueError(f"no fast path for the analyzer {analyzer!r}")
        if items[0].gaps:
            raise ValueError("no fast path for a gaps tokenizer")
        pattern = items[0].expression
        self._split = re.compile(f"({pattern.pattern})", pattern.flags).split
        self._charmap = items[2].charmap
        # Whether the map leaves lower-case ASCII alone (accent_map does): then
        # most words need no translate, a dictionary lookup per character.
        self._ascii_kept = all(chr(c).lower().translate(self._charmap) == chr(c).lower()
                               for c in range(128))
        self._stem = items[3].stemfn if len(items) == 4 else None
        if self._stem is porter.stem:
            self._stem = _porter_stem
        self._cache = _Terms(self._term)
        self._hashes = _Hashes()

    def next_terms(self, terms: list[bytes]) -> list[int]:
        """The hash of the term after each token (0 after the last)."""
        hashes = list(map(self._hashes.__getitem__, islice(terms, 1, None)))
        hashes.append(0)
        return hashes

    def _term(self, word: str) -> bytes:
        term = word.lower()
        if not (self._ascii_kept and term.isascii()):
            term = term.translate(self._charmap)
        if self._stem is not None:
            term = self._stem(term)
        return term.encode("utf-8")

    def tokens(self, text: str) -> tuple[list[bytes], list[int], list[int]]:
        """(terms, start offsets, end offsets) of every token, in order."""
        parts = self._split(text)
        if len(parts) == 1:
            return [], [], []
        bounds = list(accumulate(map(len, parts)))
        terms = list(map(self._cache.__getitem__, parts[1::2]))
        return terms, bounds[:-1:2], bounds[1::2]

    @staticmethod
    def group(terms: list[bytes]) -> dict[bytes, list[int]]:
        """term -> the positions where it occurs, in order."""
        groups: dict[bytes, list[int]] = {}
        for pos, term in enumerate(terms):
            if term in groups:
                groups[term].append(pos)
            else:
                groups[term] = [pos]
        return groups


# -- preparing documents for the writer -----------------------------------------------
#
# A prepared document is what Whoosh's SegmentWriter.add_document computes
# from a dict of field values, in a form that crosses process boundaries
# cheaply:
#   perdoc:   [(fieldname, length, has_column, column value)] in field name
#             order, for the per-document writer;
#   stored:   the stored fields as Whoosh's "_stored" column holds them
#             (a pickled dict, compressed);
#   postings: added to a _Postings, inverted, with the documents around it.

# The "_stored" column: a pickled dict, zlib-compressed; the writer checks it.
_STORED_LEVEL = STORED_COLUMN._child._level


# The end of W3TermInfo.to_bytes(): where the postings are (pack_long, pack_int).
_TERM_EXTENT = struct.Struct("!qi").pack


def _stored_blob(stored: dict) -> bytes:
    return zlib.compress(pickle.dumps(stored, 2), _STORED_LEVEL)


class _Postings:
    """The postings of consecutive documents, inverted: field -> term ->
    (docnums, weights, values concatenated, value lengths).

    Four flat buffers per term and no object per posting: cheap to build, to
    pickle between processes, to append to the writer's buffer and to spill.
    Docnums count from 0 (the first document added here) until the writer
    shifts them.
    """

    __slots__ = ("tables", "docs", "count")

    def __init__(self) -> None:
        self.tables: dict[str, dict[bytes, tuple[array, array, bytearray, array]]] = {}
        self.docs = 0  # documents added
        self.count = 0  # postings added

    def table(self, fieldname: str) -> dict:
        table = self.tables.get(fieldname)
        if table is None:
            table = self.tables[fieldname] = {}
        return table

    def add(self, table: dict, docnum: int, tbytes: bytes, weight: float, value: bytes) -> None:
        lists = table.get(tbytes)
        if lists is None:
            table[tbytes] = (array("I", (docnum,)), array("f", (weight,)), bytearray(value),
                             array("I", (len(value),)))
        else:
            lists[0].append(docnum)
            lists[1].append(weight)
            lists[2].extend(value)
            lists[3].append(len(value))
        self.count += 1


class _Preparer:
    """Turns a dict of field values into a prepared document (see above)."""

    def __init__(self, schema: wfields.Schema) -> None:
        self.schema = schema
        self._fast: dict[str, FastAnalyzer | None] = {}
        # One per analyzer, not per field: the text fields share theirs, and
        # so the words (and stems) their fast analyzer has already seen.
        self._analyzers: dict[int, FastAnalyzer | None] = {}

    def _fast_for(self, name: str, fieldobj) -> FastAnalyzer | None:
        if name not in self._fast:
            fast = None
            if isinstance(fieldobj, wfields.TEXT) and type(fieldobj.format) in (
                    PackedPositions, PackedCharacters) and not fieldobj.separate_spelling():
                key = id(fieldobj.analyzer)  # (the schema keeps the analyzer alive)
                if key not in self._analyzers:
                    try:
                        self._analyzers[key] = FastAnalyzer(fieldobj.analyzer)
                    except ValueError:
                        self._analyzers[key] = None
                fast = self._analyzers[key]
            self._fast[name] = fast
        return self._fast[name]

    def prepare(self, doc: dict, sink: _Postings) -> tuple[list, bytes]:
        """(perdoc, stored) of a dict of field values; its postings go to ``sink``."""
        schema = self.schema
        perdoc, stored = [], {}
        docnum = sink.docs
        for name in sorted(n for n in doc if not n.startswith("_")):
            value = doc[name]
            if value is None:
                continue
            if name not in schema:
                raise wfields.UnknownFieldError(f"No field named {name!r} in {schema}")
            fieldobj = schema[name]
            length = 0
            if fieldobj.indexed:
                fast = self._fast_for(name, fieldobj)
                if fast is not None and isinstance(value, str):
                    length = self._fast_postings(fast, fieldobj, value, sink, sink.table(name),
                                                 docnum)
                else:
                    table = sink.table(name)
                    for tbytes, freq, weight, vbytes in fieldobj.index(value):
                        sink.add(table, docnum, tbytes, weight, vbytes or b"")
                        if fieldobj.scorable:
                            length += freq
            if fieldobj.stored:
                stored[name] = value
            if fieldobj.column_type:
                perdoc.append((name, length, True, fieldobj.to_column_value(value)))
            else:
                perdoc.append((name, length, False, None))
        sink.docs += 1
        return perdoc, _stored_blob(stored) if stored else b""

    @staticmethod
    def _fast_postings(fast: FastAnalyzer, fieldobj, value: str, sink: _Postings, table: dict,
                       docnum: int) -> int:
        """Add one text field's postings; returns the field length.

        The values are those PackedPositions / PackedCharacters.word_values
        computes (a test checks it), built per term from the token lists.
        """
        terms, starts, ends = fast.tokens(value)
        groups = fast.group(terms)
        nexts = fast.next_terms(terms)
        fmt = fieldobj.format
        boost = fmt.field_boost
        chars = type(fmt) is PackedCharacters
        big = len(value) > 0xFFFF  # else every number fits in 16 bits
        one = _ONE_CHARS if chars else _ONE_POS
        for term, positions in groups.items():
            n = len(positions)
            if n == 1:
                pos = positions[0]
                if chars:
                    end = ends[pos]
                    width = 4 if big and end > 0xFFFF else 2
                    encoded = one[width](width | _NEXT, 1, pos, starts[pos], end, nexts[pos])
                else:
                    width = 4 if big and pos > 0xFFFF else 2
                    encoded = one[width](width | _NEXT, 1, pos, nexts[pos])
            elif n > 256:  # (rare: no struct per size)
                last = ends[positions[-1]] if chars else positions[-1]
                width = 4 if big and (last > 0xFFFF or n > 0xFFFF) else 2
                columns = ((positions, map(starts.__getitem__, positions),
                            map(ends.__getitem__, positions)) if chars else (positions,))
                encoded = _pack(width, n, columns, map(nexts.__getitem__, positions))
            elif chars:
                width = 4 if big and ends[positions[-1]] > 0xFFFF else 2
                encoded = _packer(width, n, 3)(
                    width | _NEXT, n, *positions, *map(starts.__getitem__, positions),
                    *map(ends.__getitem__, positions), *map(nexts.__getitem__, positions))
            else:
                width = 4 if big and positions[-1] > 0xFFFF else 2
                encoded = _packer(width, n, 1)(width | _NEXT, n, *positions,
                                               *map(nexts.__getitem__, positions))
            lists = table.get(term)
            if lists is None:
                table[term] = (array("I", (docnum,)), array("f", (n * boost,)),
                               bytearray(encoded), array("I", (len(encoded),)))
            else:
                lists[0].append(docnum)
                lists[1].append(n * boost)
                lists[2].extend(encoded)
                lists[3].append(len(encoded))
        sink.count += len(groups)
        return len(terms) if fieldobj.scorable else 0


# -- the writer ---------------------------------------------------------------------


class PackedIds:
    """The docnums of a block, read by Whoosh as their deltas (from 0 in every
    block, as its delta_encode writes them), pickled as a plain array."""

    __slots__ = ("ids",)

    def __init__(self, ids: array) -> None:
        self.ids = ids

    def __reduce__(self):
        return (PackedIds, (self.ids,))

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[int]:
        ids = self.ids
        return map(sub, ids, chain((0,), ids))


class PackedValues:
    """The posting values of a block: a sequence of bytes, like the tuple
    Whoosh's blocks hold, kept as one bytes object and the values' lengths.

    Pickled as those two buffers, it costs nothing per posting to write or
    to load; a value's bytes are made when it is asked for.
    """

    __slots__ = ("_blob", "_lens", "_offsets")

    def __init__(self, blob: bytes, lens: array) -> None:
        self._blob = blob
        self._lens = lens
        self._offsets: list[int] | None = None

    def __reduce__(self):
        return (PackedValues, (self._blob, self._lens))

    def __len__(self) -> int:
        return len(self._lens)

    def _bounds(self) -> list[int]:
        if self._offsets is None:
            self._offsets = list(accumulate(self._lens, initial=0))
        return self._offsets

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        bounds = self._bounds()
        if i < 0:
            i += len(self._lens)
        if not 0 <= i < len(self._lens):
            raise IndexError("posting value index out of range")
        return self._blob[bounds[i]:bounds[i + 1]]

    def __iter__(self) -> Iterator[bytes]:
        bounds = self._bounds()
        return map(self._blob.__getitem__, map(slice, bounds, islice(bounds, 1, None)))

    def first_bytes(self) -> bytes:
        """The first byte of every value (the packed formats' tags)."""
        bounds = self._bounds()
        return bytes(map(self._blob.__getitem__, islice(bounds, len(self._lens))))

    def containing(self, needle: bytes) -> Iterator[int]:
        """The index of every value ``needle`` occurs in, by substring search
        over all of them at once; a match across two values counts for the
        first (callers check what they find)."""
        blob, bounds = self._blob, self._bounds()
        at = blob.find(needle)
        while at >= 0:
            i = bisect_right(bounds, at) - 1
            yield i
            at = blob.find(needle, bounds[i + 1])


class _PostingBuffer:
    """The postings of the segment being written, per field and term.

    Documents arrive in docnum order, so each term's lists are already in
    order; only the terms are sorted, once, when the segment is written.
    Past ``limit`` postings the buffer is written to a run file (sorted by
    field and term) and emptied; at the end the runs and the buffer are
    merged term by term.
    """

    _RUN_CHUNK = 100_000  # postings per pickle in a run file: bounds the merge's memory

    def __init__(self, tempdir: str, limit: int = MAX_BUFFERED_POSTINGS) -> None:
        self._tempdir = tempdir
        self._limit = limit
        self._postings = _Postings()
        self._runs: list[str] = []

    # Whoosh's PostingPool interface, used when segments are merged.
    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        if docnum < 0:  # Whoosh's marker for spelling words: not postings
            return
        postings = self._postings
        postings.add(postings.table(fieldname), docnum, tbytes, weight, vbytes or b"")
        if postings.count >= self._limit:
            self._spill()

    def add_postings(self, base: int, chunk: _Postings) -> None:
        """Add postings whose docnums count from ``base``."""
        postings = self._postings
        for fieldname, ctable in chunk.tables.items():
            table = postings.table(fieldname)
            for tbytes, lists in ctable.items():
                mine = table.get(tbytes)
                if mine is None:
                    if base:
                        lists = (array("I", map(base.__add__, lists[0])), *lists[1:])
                    table[tbytes] = lists
                else:
                    mine[0].extend(map(base.__add__, lists[0]) if base else lists[0])
                    mine[1].extend(lists[1])
                    mine[2].extend(lists[2])
                    mine[3].extend(lists[3])
        postings.count += chunk.count
        if postings.count >= self._limit:
            self._spill()

    def _sorted_terms(self) -> Iterator[tuple]:
        tables = self._postings.tables
        for fieldname in sorted(tables):
            table = tables[fieldname]
            for tbytes in sorted(table):
                yield (fieldname, tbytes, *table[tbytes])

    def _spill(self) -> None:
        log.debug("spilling %d postings to a run on disk", self._postings.count)
        fd, path = tempfile.mkstemp(prefix="run-", suffix=".pickle", dir=self._tempdir)
        self._runs.append(path)
        with os.fdopen(fd, "wb") as handle:
            chunk, size = [], 0
            for record in self._sorted_terms():
                chunk.append(record)
                size += len(record[2])
                if size >= self._RUN_CHUNK:
                    pickle.dump(chunk, handle, pickle.HIGHEST_PROTOCOL)
                    chunk, size = [], 0
            if chunk:
                pickle.dump(chunk, handle, pickle.HIGHEST_PROTOCOL)
        self._postings = _Postings()

    @staticmethod
    def _read_run(path: str) -> Iterator[tuple]:
        with open(path, "rb") as handle:
            while True:
                try:
                    chunk = pickle.load(handle)
                except EOFError:
                    return
                yield from chunk

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


class _FastSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter, fed prepared documents, writing postings by the term.

    Deletions, merging of small segments and the commit protocol are
    Whoosh's own; only the posting pool and the way the new segment's
    postings are written differ (see ``_write_postings``).
    """

    def __init__(self, ix, *, buffer_limit: int = MAX_BUFFERED_POSTINGS, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool.cleanup()
        self.pool = _PostingBuffer(self._tempstorage.folder, buffer_limit)
        codec = self.codec
        self._direct = (type(codec) is W3Codec and codec._inlinelimit <= 1
                        and type(self.fieldwriter._tindex) is OrderedHashWriter)
        if self._direct:
            # (no state of its own: the same object, with faster methods)
            self.fieldwriter._tindex.__class__ = _TermIndexWriter
        # Stored fields arrive pickled and compressed (_stored_blob): they go
        # straight into the byte column under Whoosh's pickling wrapper.
        stored_writer = self.perdocwriter._colwriters["_stored"]
        if not (isinstance(stored_writer, columns.PickleColumn.Writer)
                and type(stored_writer._child) is columns.CompressedBytesColumn.Writer
                and stored_writer._child._level == _STORED_LEVEL
                and stored_writer._child._compress is zlib.compress):
            raise IndexingError("unexpected layout of the stored fields column")
        self._add_stored = partial(columns.VarBytesColumn.Writer.add, stored_writer._child)

    def add_document(self, **fields) -> None:
        """Whoosh's add_document, by way of the fast path."""
        if getattr(self, "_preparer", None) is None:
            self._preparer = _Preparer(self.schema)
        postings = _Postings()
        perdoc, stored = self._preparer.prepare(fields, postings)
        base = self.docnum
        self.add_prepared(perdoc, stored)
        self.add_postings(base, postings)

    def add_prepared(self, perdoc, stored: bytes) -> None:
        """Add the per-document part of a prepared document; its postings come
        by ``add_postings``."""
        self._check_state()
        pdw = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pdw.start_doc(docnum)
        try:
            for name, length, has_column, colvalue in perdoc:
                fieldobj = schema[name]
                pdw.add_field(name, fieldobj, None, length)
                if has_column:
                    pdw.add_column_value(name, fieldobj.column_type, colvalue)
            if stored:
                self._add_stored(docnum, stored)
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def add_postings(self, base: int, postings: _Postings) -> None:
        """The postings of documents ``base`` .. ``base + postings.docs - 1``,
        added before by ``add_prepared``."""
        if base + postings.docs != self.docnum:
            raise IndexingError(f"postings of {postings.docs} documents from {base} do not "
                                f"end at {self.docnum}")
        self.pool.add_postings(base, postings)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        try:
            if self._direct:
                self._write_terms(pdr)
            else:  # another codec: Whoosh's generic path
                self.fieldwriter.add_postings(self.schema, pdr, self._expanded_postings())
            self.fieldwriter.close()
        finally:
            if pdr is not None:
                pdr.close()

    def _expanded_postings(self):
        for fieldname, tbytes, ids, weights, values, lens in self.pool.terms():
            values = bytes(values)
            offsets = accumulate(lens, initial=0)
            for docnum, weight, start, size in zip(ids, weights, offsets, lens):
                yield fieldname, tbytes, docnum, weight, values[start: start + size]

    def _write_terms(self, pdr) -> None:
        fw = self.fieldwriter
        schema = self.schema
        postfile = fw._postfile
        write = postfile.file.write
        position = postfile.file.tell()
        add_terms = fw._tindex.add_sorted
        keys: list[bytes] = []  # the term index's rows not yet written
        infos: list[bytes] = []
        current = None
        lengths = fixed = None
        for fieldname, tbytes, ids, weights, values, lens in self.pool.terms():
            if fieldname != current:
                if current is not None:
                    fw.finish_field()
                    current = None
                if fieldname not in schema:
                    continue
                fieldobj = schema[fieldname]
                fw.start_field(fieldname, fieldobj)
                current, fixed = fieldname, fieldobj.format.fixed_value_size()
                lengths = self._field_lengths(pdr, fieldname)
                prefix = pack_ushort(fw._fieldid)
            blocks, terminfo = self._postings_bytes(fixed, ids, weights, values, lens, lengths)
            write(blocks)
            keys.append(prefix + tbytes)
            infos.append(terminfo + _TERM_EXTENT(position, len(blocks)))
            position += len(blocks)
            if len(keys) >= _TERM_ROWS_PER_WRITE:
                add_terms(keys, infos)
                keys, infos = [], []
        if current is not None:
            fw.finish_field()
        add_terms(keys, infos)

    @staticmethod
    def _field_lengths(pdr, fieldname: str) -> bytes | None:
        """The length byte of every document in the field (None: no lengths)."""
        lenfield = f"_{fieldname}_len"
        if pdr is None or not pdr.has_column(lenfield):
            return None
        column = pdr.column_reader(lenfield, LENGTHS_COLUMN)
        if isinstance(column, columns.FixedBytesColumn.Reader) and column._fixedlen == 1:
            raw = column._dbfile.get(column._basepos, column._count)  # in one read
            return raw + bytes(max(0, pdr.doc_count_all() - len(raw)))
        return bytes(column.load())

    def _postings_bytes(self, fixed, ids: array, weights: array, values: bytearray, lens: array,
                        lengths: bytes | None) -> tuple[bytes, bytes]:
        """One term's posting list in Whoosh's W3 block layout, and the start
        of its term info (W3TermInfo.to_bytes() without the extent).

        The blocks carry W3PostingsWriter's block info and add up to its term
        statistics, but hold up to POSTINGS_PER_BLOCK postings, and their
        data is pickled with the current protocol as PackedIds, an array of
        weights and PackedValues: W3LeafMatcher reads them as it reads its
        own, and they cost nothing per posting to write or to load (protocol
        2 pickles every value's bytes through a call to codecs.encode).
        Blocks of a few postings (PLAIN_BLOCK_POSTINGS) hold Whoosh's tuples.
        """
        limit = POSTINGS_PER_BLOCK
        comp = POSTINGS_COMPRESSION
        dumps = pickle.dumps
        protocol = pickle.HIGHEST_PROTOCOL
        count = len(ids)
        if count == 1 and not comp and (fixed is None or fixed <= 0):
            # Most terms of a real library are in one article (and every id
            # and path is): the same block, built without the machinery.
            docnum, weight = ids[0], weights[0]
            lenbyte = lengths[docnum] if lengths is not None else 0
            minivalues = None if fixed == 0 else (bytes(values),) if lens[0] else ()
            databytes = dumps(((docnum,), None if weight == 1.0 else weight, minivalues),
                              protocol)
            infobytes = dumps((1, docnum, weight, 0, lenbyte, lenbyte), protocol)
            blocks = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-len(infobytes) - len(databytes)),
                               infobytes, databytes))
            return blocks, W3TermInfo._struct.pack(False, weight, 1, lenbyte, lenbyte, weight,
                                                   docnum, docnum)
        # The length byte of each posting's document (0: none recorded).
        doclens = bytes(map(lengths.__getitem__, ids)) if lengths is not None else bytes(count)
        values = bytes(values)
        position = 0  # where the block's values start in values
        parts = [WHOOSH3_HEADER_MAGIC]
        total_weight = 0.0
        minlen = None
        maxlen = 0
        maxweight = 0
        for k in range(0, count, limit):
            end = min(k + limit, count)
            bids = ids[k:end]
            bweights = weights[k:end]
            n = end - k
            blockmax = max(bweights)  # (Whoosh starts from 0; weights are positive)
            blens = doclens[k:end]
            if 0 in blens:
                blens = blens.replace(b"\0", b"")
            lo, hi = (min(blens), max(blens)) if blens else (0, 0)
            if bweights.count(1.0) == n:
                miniweights = None
            elif bweights.count(bweights[0]) == n:
                miniweights = bweights[0]
            else:
                miniweights = bweights
            vlens = lens[k:end]
            size = sum(vlens)
            blob = values[position:position + size]
            position += size
            if fixed == 0:
                minivalues = None
            elif 0 in vlens:
                # Whoosh's writer leaves out empty values (they are Nones to it)
                minivalues = tuple(filter(None, PackedValues(blob, vlens)))
            elif fixed is None or fixed < 0:
                minivalues = PackedValues(blob, vlens)
            else:
                minivalues = blob
            if n <= PLAIN_BLOCK_POSTINGS:
                # Whoosh's own tuples: the pickle of a packed form names its
                # classes, which costs more than a few postings do.
                blockids = tuple(map(sub, bids, chain((0,), bids)))  # deltas, as Whoosh's
                if type(miniweights) is array:
                    miniweights = tuple(miniweights)
                if type(minivalues) is PackedValues:
                    minivalues = tuple(minivalues)
            else:
                blockids = PackedIds(bids)
            databytes = dumps((blockids, miniweights, minivalues), protocol)
            if comp:
                databytes = zlib.compress(databytes, comp)
            infobytes = dumps((n, bids[-1], blockmax, comp, lo, hi), protocol)
            size = len(infobytes) + len(databytes)
            parts.append(pack_int(-size if end == count else size))
            parts.append(infobytes)
            parts.append(databytes)
            # as W3TermInfo.add_block
            total_weight += sum(bweights)
            if lo and (minlen is None or lo < minlen):
                minlen = lo
            if hi > maxlen:
                maxlen = hi
            if blockmax > maxweight:
                maxweight = blockmax
        terminfo = W3TermInfo._struct.pack(False, total_weight, count, minlen or 0, maxlen,
                                           maxweight, ids[0], ids[-1])
        return b"".join(parts), terminfo


class _TermIndexWriter(OrderedHashWriter):
    """Whoosh's term index (an ordered hash file), written a segment at a time.

    The bytes are OrderedHashWriter's own, but ``add`` costs four calls into
    the file wrapper per term, and ``close`` one per hash slot (two per
    term): a few microseconds a term, a third of the commit of a small
    library.  Here a batch of terms is written in one call, and the hash
    tables in one.
    """

    def add_sorted(self, keys: list[bytes], values: list[bytes]) -> None:
        """``add(key, value)`` for each pair; the keys must be in increasing order."""
        if not keys:
            return
        if keys[0] <= self.lastkey or any(map(bytes.__ge__, keys, islice(keys, 1, None))):
            raise ValueError("Keys must increase")
        hashfn, buckets, pack = self.hashfn, self.buckets, _HASH_LENGTHS.pack
        position = self.dbfile.tell()
        positions = []
        parts = []
        for key, value in zip(keys, values):
            positions.append(position)
            h = hashfn(key)
            buckets[h & 255].append((h, position))
            parts += (pack(len(key), len(value)), key, value)
            position += 8 + len(key) + len(value)
        self.dbfile.write(b"".join(parts))
        self.index.extend(positions)
        self.lastkey = keys[-1]

    def _write_hashes(self) -> None:
        """HashWriter._write_hashes: the same tables, written in one call."""
        dbfile = self.dbfile
        position = dbfile.tell()
        parts = []
        for entries in self.buckets:
            numslots = 2 * len(entries)
            self.directory.append((position, numslots))
            # Slot by slot, a hash and a key position; an empty slot is 0, 0
            # (no key is at position 0: the file's header is).
            hashes, keyposes = [0] * numslots, [0] * numslots
            for hashval, keypos in entries:
                slot = (hashval >> 8) % numslots
                while keyposes[slot]:
                    slot = (slot + 1) % numslots
                hashes[slot] = hashval
                keyposes[slot] = keypos
            parts += map(_HASH_POINTER.pack, hashes, keyposes)
            position += _HASH_POINTER.size * numslots
        dbfile.write(b"".join(parts))

    def _write_directory(self) -> None:
        """HashWriter._write_directory, in one call."""
        self.dbfile.write(b"".join(_HASH_DIRECTORY_ENTRY.pack(*entry)
                                   for entry in self.directory))


# The layout of OrderedHashWriter's files (whoosh.filedb.filetables).
_HASH_LENGTHS = struct.Struct("!ii")
_HASH_POINTER = struct.Struct("!Iq")
_HASH_DIRECTORY_ENTRY = struct.Struct("!qi")
#: Rows of the term index gathered before they are written.
_TERM_ROWS_PER_WRITE = 4096


# -- the manifest ---------------------------------------------------------------------


# Where article_id, hash and fingerprint are in a raw manifest row (FileRecord order).
_R_ID, _R_HASH, _R_FINGERPRINT = 1, 5, 6


class Manifest:
    """path -> FileRecord, in SQLite so that updates are atomic and cheap."""

    COLUMNS = tuple(FileRecord.__dataclass_fields__)

    def __init__(self, file: Path) -> None:
        self._db = sqlite3.connect(file, check_same_thread=False, isolation_level=None)
        # A cache, like the Whoosh files beside it (which are never synced):
        # a commit need not wait for the disk.  In WAL mode with
        # synchronous=NORMAL a crash can lose the last commits but never
        # damages the file; a manifest that then disagrees with the index is
        # caught by the checks at open and after each update (a rebuild).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, article_id TEXT UNIQUE,"
            " folder TEXT, size INTEGER, mtime_ns INTEGER, hash TEXT, fingerprint TEXT,"
            " title TEXT, date TEXT, author TEXT, source TEXT)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")

    def close(self) -> None:
        self._db.close()

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def records(self) -> dict[str, FileRecord]:
        return {path: FileRecord(*row) for path, row in self.rows().items()}

    def rows(self) -> dict[str, tuple]:
        """path -> the raw row (FileRecord's fields in order): cheap for many files."""
        cols = ", ".join(self.COLUMNS)
        return {row[0]: row for row in self._db.execute(f"SELECT {cols} FROM files")}

    def rows_for(self, paths: list[str]) -> dict[str, tuple]:
        """The raw rows of some paths (those recorded)."""
        if len(paths) > 2000:
            return self.rows()
        cols = ", ".join(self.COLUMNS)
        found: dict[str, tuple] = {}
        for i in range(0, len(paths), 500):
            batch = paths[i:i + 500]
            marks = ", ".join("?" * len(batch))
            found.update((row[0], row) for row in self._db.execute(
                f"SELECT {cols} FROM files WHERE path IN ({marks})", batch))
        return found

    def article_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT article_id FROM files")}

    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        """path -> size, and path -> mtime_ns, of every recorded file."""
        return (dict(self._db.execute("SELECT path, size FROM files")),
                dict(self._db.execute("SELECT path, mtime_ns FROM files")))

    def find(self, key: str) -> FileRecord | None:
        cols = ", ".join(self.COLUMNS)
        row = self._db.execute(
            f"SELECT {cols} FROM files WHERE article_id = ? OR path = ?", (key, key)
        ).fetchone()
        if row is None and "/" not in key and os.sep not in key:
            # A bare file name is enough when only one article has it.
            rows = self._db.execute(
                f"SELECT {cols} FROM files WHERE path LIKE ? ESCAPE '\\' LIMIT 2",
                ("%/" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return FileRecord(*row) if row else None

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM files").fetchone()[0]

    def apply(self, upserts: Iterable[FileRecord], deletes: Iterable[str],
              meta: dict[str, str] | None = None) -> None:
        """Record upserts, deletions and meta values, in one transaction."""
        upserts, deletes = list(upserts), list(deletes)
        if not upserts and not deletes and not meta:
            return
        marks = ", ".join("?" * len(self.COLUMNS))
        with self._transaction():
            self._db.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in deletes))
            self._db.executemany(
                f"INSERT OR REPLACE INTO files VALUES ({marks})",
                (tuple(getattr(r, c) for c in self.COLUMNS) for r in upserts),
            )
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                 (meta or {}).items())

    def _transaction(self):
        db = self._db

        class _Tx:
            def __enter__(self_inner):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self_inner, exc_type, *_):
                db.execute("ROLLBACK" if exc_type else "COMMIT")

        return _Tx()


def _file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``, without building a path."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


_NAME = attrgetter("name")


def _walk(folder: str) -> Iterator[tuple[str, str]]:
    """(path, name) of every file below ``folder``, hidden files and folders
    excluded, in the order ``os.walk`` with sorted names gives (links to
    folders are not followed; unreadable folders are passed over)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=_NAME)
    except OSError:
        return
    subdirs = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            try:
                if not entry.is_symlink():
                    subdirs.append(entry.path)
            except OSError:
                pass
        else:
            yield entry.path, entry.name
    for sub_ in subdirs:
        yield from _walk(sub_)


def _document(article: Article) -> dict:
    """The Whoosh fields of one article."""
    title_span = _title_span(article)
    doc = dict(
        id=article.id,
        path=str(article.path),
        title=article.title,
        body=article.indexable_text(),
        author=article.author,
        source=article.source,
        source_facet=article.source,
        datestr=article.date,
        text=article.text,
        title_span=title_span,
    )
    if article.date:
        doc["date"] = datetime.fromisoformat(article.date)
        doc["year"] = article.date[:4]
        doc["date_order"] = int(re.sub(r"\D", "", article.date).ljust(12, "0")[:12])
    return doc


def _title_span(article: Article) -> tuple[int, int] | None:
    """Where the title heading sits in the text, so `title:` hits can be shown."""
    for block, start in zip(article.blocks, article.block_starts):
        if block.kind == "heading" and block.text == article.title:
            return (start, start + len(block.text))
    return None


# -- reading files: here or in worker processes ---------------------------------------
#
# A task is (path, old hash or None).  Its outcome is one of
#   ("skip", reason, vanished)   cannot be read or is no article
#   ("same", hash)               the bytes hash as before: nothing to index
#   ("doc", hash, (article_id, fingerprint, title, date, author, source),
#    perdoc, stored)             a prepared document (see _Preparer)
# Outcomes come in batches (outcomes, postings): the postings of the batch's
# documents, inverted.  A worker returns a batch per chunk of tasks; done
# here, a batch is a single task.

_preparer: _Preparer | None = None


def _get_preparer() -> _Preparer:
    global _preparer
    if _preparer is None:
        _preparer = _Preparer(make_schema())
    return _preparer


def _read_task(task: tuple[str, str | None], preparer: _Preparer, sink: _Postings) -> tuple:
    path_str, old_hash = task
    path = Path(path_str)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ("skip", _os_reason(exc), isinstance(exc, FileNotFoundError))
    digest = _file_hash(data)
    if old_hash is not None and old_hash == digest:
        return ("same", digest)
    try:
        article = articles.parse_article(path, data)
    except ArticleError as exc:
        return ("skip", exc.reason, False)
    perdoc, stored = preparer.prepare(_document(article), sink)
    meta = (article.id, article.fingerprint, article.title, article.date, article.author,
            article.source)
    return ("doc", digest, meta, perdoc, stored)


def _worker_init() -> None:
    """In a worker process: the modules loaded are there to stay, so the
    garbage collector need not walk them after every few hundred allocations."""
    _get_preparer()
    gc.collect()
    gc.freeze()


def _worker_chunk(tasks: list[tuple[str, str | None]]) -> tuple[list[tuple], _Postings]:
    """Run in a worker process: the outcomes of a chunk of tasks, in order,
    and their documents' postings."""
    preparer = _get_preparer()
    postings = _Postings()
    return [_read_task(task, preparer, postings) for task in tasks], postings


def _worker_count() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


class _Outcomes:
    """The outcomes of tasks, in order and in batches: computed here, or by a
    pool of worker processes.

    Use as a context manager: leaving it (finished, cancelled or on an error)
    shuts the pool down, waiting only for the chunks already running.  If a
    worker process dies, the tasks it had not delivered are done here, so no
    file is silently dropped.  An exception raised by the work itself is
    raised here, as it would be without workers.
    """

    def __init__(self, tasks: list, preparer: _Preparer, workers: int) -> None:
        self._tasks = tasks
        self._preparer = preparer
        self._workers = workers if len(tasks) >= POOL_MIN_FILES else 1
        self._executor: ProcessPoolExecutor | None = None
        self.messages: list[str] = []
        self.waited = 0.0  # seconds spent waiting for workers

    def __enter__(self) -> "_Outcomes":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __iter__(self) -> Iterator[tuple[list[tuple], _Postings]]:
        if self._workers <= 1:
            yield from self._here(self._tasks)
        else:
            yield from self._pooled()

    def _here(self, tasks) -> Iterator[tuple[list[tuple], _Postings]]:
        # One postings object for all: the consumer adds them when they stop
        # coming (see _read_and_add), so terms shared by the articles are
        # appended to, not added anew for each.
        postings = _Postings()
        for task in tasks:
            yield [_read_task(task, self._preparer, postings)], postings

    def _pooled(self) -> Iterator[tuple[list[tuple], _Postings]]:
        tasks = self._tasks
        size = max(4, min(128, len(tasks) // (self._workers * 16)))
        chunks = [tasks[i: i + size] for i in range(0, len(tasks), size)]
        try:
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init)
        except (OSError, ImportError, NotImplementedError) as exc:  # no processes here
            log.warning("no indexing worker processes (%s); indexing in this process", exc)
            yield from self._here(tasks)
            return
        pending: deque = deque()
        next_chunk = 0
        window = self._workers * 3
        while pending or next_chunk < len(chunks):
            try:
                while next_chunk < len(chunks) and len(pending) < window:
                    future = self._executor.submit(_worker_chunk, chunks[next_chunk])
                    pending.append((chunks[next_chunk], future))
                    next_chunk += 1
                future = pending[0][1]
                waited = time.perf_counter()
                batch = future.result()
                self.waited += time.perf_counter() - waited
            except (BrokenProcessPool, OSError):  # a worker died, or could not start
                log.warning("an indexing worker process stopped; continuing in this process",
                            exc_info=True)
                self.messages.append("An indexing helper process stopped; "
                                     "indexing continued without it.")
                self.close()
                rest = [c for c, _ in pending] + chunks[next_chunk:]
                yield from self._here([t for c in rest for t in c])
                return
            pending.popleft()
            yield batch


class _Ticker:
    """Progress reports (at most about a thousand per update) and cancel checks."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None, total: int):
        self._progress = progress
        self._cancelled = cancelled
        self._total = total
        self._step = max(1, total // 1000)
        self._last = 0
        self.done = 0

    def cancel_requested(self) -> bool:
        return self._cancelled is not None and bool(self._cancelled())

    def tick(self) -> None:
        self.done += 1
        if self._progress is not None and (
                self.done - self._last >= self._step or self.done == self._total):
            self._last = self.done
            self._progress(self.done, self._total)


class _HeldSearcher:
    """A thread's searcher.  The index files are read without memory maps, so
    a searcher holds open files: when its thread ends and its local storage
    goes, this closes them (instead of leaving them to the garbage
    collector, which warns about unclosed files)."""

    __slots__ = ("searcher", "generation")

    def __init__(self, searcher, generation: int) -> None:
        self.searcher = searcher
        self.generation = generation

    def close(self) -> None:
        searcher, self.searcher = self.searcher, None
        if searcher is not None:
            searcher.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # the interpreter may be shutting down
            pass


class BigUpdate(Exception):
    """Raised by ``update(max_changes=...)`` before it writes anything: the
    update has at least that many files to read or drop (``args[0]`` says
    how many), and the caller wants to run such updates elsewhere."""


class IndexDamaged(Exception):
    """Raised internally when the index cannot be trusted; it is then rebuilt."""


class SearchIndex:
    """The Whoosh index of a library, rebuilt whenever it cannot be trusted.

    One writer at a time (a lock around every write); searchers are per thread
    because Whoosh's ``Searcher`` is not thread-safe.
    """

    def __init__(self, index_dir: Path) -> None:
        self.dir = Path(index_dir)
        self.messages: list[str] = []
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._generation = 0
        self._open()

    # -- opening and recovery -------------------------------------------------

    def _open(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            self._manifest = Manifest(self.dir / "manifest.sqlite3")
            self._check_manifest()
        except (sqlite3.DatabaseError, IndexDamaged) as exc:
            self._reset(f"The search index was damaged ({exc}); rebuilding it.")
            return
        if not any(self.dir.glob("*.toc")):
            if self._manifest.count():
                self._reset("The search index was missing; rebuilding it.")
            else:
                self._create()
            return
        # Whoosh leaves the files of a segment it failed to read open; they are
        # closed (quietly) when the failed reader is collected, here.  Only
        # then: a full collection in the app's process stalls its window.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            reason = self._try_open()
            if reason:
                gc.collect()
        if reason:
            self._reset(f"The search index was damaged ({reason}); rebuilding it.")

    def _try_open(self) -> str | None:
        """Open the existing index; the reason it cannot be trusted, or None."""
        try:
            self._ix = self._storage().open_index()
            self._health_check()
            return None
        except Exception as exc:  # Whoosh raises anything from EOFError to pickle errors
            return _short(exc)

    def _storage(self) -> FileStorage:
        # Not memory-mapped: Whoosh reads a memory-mapped compound segment
        # through BytesIO, which copies every file of the segment into memory
        # for every searcher (the whole index, once per thread and commit).
        # Plain reads cost a system call per block, which the bulk search
        # (search.py) keeps few.
        return FileStorage(str(self.dir), supports_mmap=False)

    def _check_manifest(self) -> None:
        version = self._manifest.get_meta("schema_version")
        if version is not None and version != str(SCHEMA_VERSION):
            raise IndexDamaged(f"made for index format {version}, this Reader uses {SCHEMA_VERSION}")

    def _health_check(self) -> None:
        """Cheap reads that fail on truncated segments or garbage files."""
        with self._ix.searcher() as searcher:
            count = searcher.doc_count()
            if count != self._manifest.count():
                raise IndexDamaged(
                    f"{count} documents indexed but {self._manifest.count()} recorded"
                )
            reader = searcher.reader()
            for fieldname in ("body", "title"):
                list(islice(reader.lexicon(fieldname), 16))
            if count:
                list(islice(reader.all_stored_fields(), 1))

    def _create(self) -> None:
        self._ix = self._storage().create_index(make_schema())
        self._manifest.set_meta("schema_version", str(SCHEMA_VERSION))
        self._generation += 1

    def _reset(self, message: str) -> None:
        """Throw the index away and start an empty one; the next update refills it."""
        log.warning(message)
        self.messages.append(message)
        manifest = getattr(self, "_manifest", None)
        if manifest is not None:
            manifest.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._manifest = Manifest(self.dir / "manifest.sqlite3")
        self._create()

    def close(self) -> None:
        self._drop_searcher()
        self._manifest.close()
        self._ix.close()

    def take_messages(self) -> list[str]:
        """The user-facing messages (rebuilds) not yet shown; each is handed out once."""
        messages, self.messages = self.messages, []
        return messages

    # -- reading --------------------------------------------------------------

    @property
    def schema(self) -> wfields.Schema:
        return self._ix.schema

    @property
    def needs_update(self) -> bool:
        """True until the index has been filled once (first start, or after a rebuild)."""
        return self._manifest.get_meta("updated_at") is None

    @property
    def generation(self) -> int:
        """Changes after every commit; caches of search results key on it."""
        return self._generation

    def searcher(self):
        """This thread's searcher, refreshed if the index changed since."""
        held = getattr(self._local, "held", None)
        if held is None or held.generation != self._generation:
            self._drop_searcher()
            held = self._local.held = _HeldSearcher(self._ix.searcher(), self._generation)
        return held.searcher

    def _drop_searcher(self) -> None:
        held = getattr(self._local, "held", None)
        if held is not None:
            held.close()
            self._local.held = None

    def records(self) -> list[FileRecord]:
        return sorted(self._manifest.records().values(), key=lambda r: r.path)

    def record(self, key: str) -> FileRecord | None:
        """The record of an article, by id or by path."""
        return self._manifest.find(key)

    def doc_count(self) -> int:
        return self._manifest.count()

    def reload(self) -> None:
        """See what another process wrote to this index (the app's indexer process).

        The manifest and the Whoosh index are opened again and searchers are
        refreshed; objects still in use by other threads close when they let
        go of them.  A rebuild by the other process (a new manifest file) is
        picked up the same way.
        """
        with self._write_lock:
            self._open()
            self._generation += 1

    # -- writing --------------------------------------------------------------

    def update(
        self,
        folders: Iterable[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        *,
        max_changes: int | None = None,
    ) -> IndexSummary:
        """Bring the index in line with the files under ``folders``.

        Only new and changed files are read and parsed; a file whose size and
        mtime are unchanged is not even opened, and one whose bytes hash the
        same is not re-parsed.  Files that left (deleted, or their folder was
        removed from the library) leave the index.  On cancel, the work done so
        far is committed, so nothing is wasted.  With ``max_changes``, an
        update with that many files to read or drop raises BigUpdate once it
        has compared sizes and mtimes, before it reads or writes anything.
        """
        started = time.perf_counter()
        with self._write_lock:
            try:
                summary = self._update(list(folders), progress, cancelled, max_changes)
            except Exception as exc:
                if not _is_damage(exc):
                    raise
                log.warning("index damaged while updating", exc_info=True)
                self._reset(f"The search index was damaged ({_short(exc)}); rebuilding it.")
                summary = self._update(list(folders), progress, cancelled, max_changes)
        summary.messages[:0] = self.take_messages()
        summary.seconds = time.perf_counter() - started
        log.info("index update: %s", summary.describe())
        return summary

    def _update(self, folders, progress, cancelled, max_changes: int | None) -> IndexSummary:
        clock = time.perf_counter()
        summary = IndexSummary()
        sizes, mtimes = self._manifest.stats()
        candidates = self._scan(folders, summary)
        scanned = time.perf_counter()
        ticker = _Ticker(progress, cancelled, len(candidates))
        seen: set[str] = set()
        upserts: list[FileRecord] = []
        to_read: list[tuple[str, str, int, int]] = []  # (folder, path, size, mtime) to open
        max_bytes = articles.MAX_FILE_BYTES
        # Pass 1: size and mtime decide which files need opening.
        for path, folder in candidates.items():
            try:
                stat = os.stat(path)
            except OSError as exc:
                summary.skipped.append(Skipped(path, _os_reason(exc)))
                if not isinstance(exc, FileNotFoundError):
                    seen.add(path)
                ticker.tick()
                continue
            seen.add(path)
            if stat.st_size > max_bytes:
                summary.skipped.append(Skipped(path, _too_large(stat.st_size)))
                ticker.tick()
                continue
            if sizes.get(path) == stat.st_size and mtimes.get(path) == stat.st_mtime_ns:
                summary.unchanged += 1
                ticker.tick()
                continue
            to_read.append((folder, path, stat.st_size, stat.st_mtime_ns))
        # Index in path order (folder by folder, as the library lists them).
        to_read.sort(key=lambda item: item[1].split(os.sep))
        vanished = [p for p in sizes if p not in seen]
        if max_changes is not None and len(to_read) + len(vanished) >= max_changes:
            raise BigUpdate(len(to_read) + len(vanished))
        known = self._manifest.rows_for([item[1] for item in to_read] + vanished)
        statted = time.perf_counter()
        writer = None
        try:
            if to_read:
                writer = self._read_and_add(to_read, known, seen, upserts, summary, ticker)
            else:
                summary.cancelled = ticker.cancel_requested()
            added = time.perf_counter()
            deletes = [] if summary.cancelled else [p for p in sizes if p not in seen]
            for path in deletes:
                if writer is None:
                    writer = self._writer()
                writer.delete_by_term("id", known[path][_R_ID])
                summary.removed_ids.append(known[path][_R_ID])
            summary.removed = len(deletes)
            if writer is not None:
                writer.commit()
                writer = None
                self._generation += 1
        finally:
            if writer is not None:
                writer.cancel()
        meta = {}
        if not summary.cancelled and (upserts or deletes or self.needs_update):
            meta["updated_at"] = datetime.now().isoformat(timespec="seconds")
        self._manifest.apply(upserts, deletes, meta)
        if upserts or deletes:
            self._verify_count()
        log.debug("update timings: scan %.3f s, stat %.3f s, read and add %.3f s, "
                  "commit and manifest %.3f s", scanned - clock, statted - scanned,
                  added - statted, time.perf_counter() - added)
        return summary

    def _writer(self) -> _FastSegmentWriter:
        return _FastSegmentWriter(self._ix, timeout=WRITE_LOCK_TIMEOUT)

    def _same_bytes(self, to_read, known, seen, upserts, summary, ticker) -> list:
        """Pass 2a: files already indexed whose size or mtime changed are hashed
        here; the ones with the same bytes as before (touched, copied back)
        need no parsing.  Returns the files left to read and parse."""
        rest = []
        for item in to_read:
            folder, path, size, mtime = item
            old = known.get(path)
            if old is None:
                rest.append(item)
                continue
            if ticker.cancel_requested():
                summary.cancelled = True
                return []
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                summary.skipped.append(Skipped(path, _os_reason(exc)))
                if isinstance(exc, FileNotFoundError):
                    seen.discard(path)
                ticker.tick()
                continue
            if _file_hash(data) == old[_R_HASH]:
                summary.unchanged += 1
                upserts.append(_replace(FileRecord(*old), size=size, mtime_ns=mtime))
                ticker.tick()
            else:
                rest.append(item)
        return rest

    def _read_and_add(self, to_read, known, seen, upserts, summary, ticker):
        """Pass 2: open, hash, parse and index the files that may have changed.

        Returns the open writer (or None if nothing needed writing).
        """
        to_read = self._same_bytes(to_read, known, seen, upserts, summary, ticker)
        if not to_read:
            return None
        tasks = []
        for _folder, path, _size, _mtime in to_read:
            old = known.get(path)
            tasks.append((path, old[_R_HASH] if old is not None else None))
        # A new path's article may be recorded under another one (a link).
        new = any(task[1] is None for task in tasks)
        known_ids = self._manifest.article_ids() if new else set()
        writer = None
        pending: tuple[int, _Postings] | None = None  # postings not yet in the writer
        items = iter(to_read)
        outcomes = _Outcomes(tasks, _get_preparer(), _worker_count())
        batches = iter(outcomes)
        try:
            with outcomes:
                # A batch is added whole or not at all; cancelling is checked
                # before the first and after each (here in this process, a
                # batch is computed only when the loop asks for it).
                remaining = len(to_read)
                for batch, postings in (() if ticker.cancel_requested() else batches):
                    if pending is not None and pending[1] is not postings:
                        writer.add_postings(*pending)
                        pending = None
                    base = pending[0] if pending is not None else None
                    for outcome in batch:
                        folder, path, size, mtime = next(items)
                        old = known.get(path)
                        kind = outcome[0]
                        if kind == "skip":
                            summary.skipped.append(Skipped(path, outcome[1]))
                            if outcome[2]:  # vanished: it leaves the index
                                seen.discard(path)
                        elif kind == "same":
                            summary.unchanged += 1
                            upserts.append(_replace(FileRecord(*old), size=size, mtime_ns=mtime))
                        else:
                            _, digest, meta, perdoc, stored = outcome
                            article_id, fingerprint, title, date, author, source = meta
                            if writer is None:
                                writer = self._writer()
                            if base is None:
                                base = writer.docnum
                            if old is not None:
                                writer.delete_by_term("id", old[_R_ID])
                            elif article_id in known_ids:
                                writer.delete_by_term("id", article_id)
                            writer.add_prepared(perdoc, stored)
                            upserts.append(FileRecord(path, article_id, folder, size, mtime,
                                                      digest, fingerprint, title, date, author,
                                                      source))
                            if old is None:
                                summary.added += 1
                            else:
                                summary.updated += 1
                            if old is None or old[_R_FINGERPRINT] != fingerprint:
                                summary.changed.append(
                                    ChangedArticle(article_id, path, fingerprint))
                        ticker.tick()
                    if postings.docs and pending is None:
                        pending = (base, postings)
                    remaining -= len(batch)
                    if remaining and ticker.cancel_requested():
                        break
                if remaining:
                    summary.cancelled = True
                if pending is not None:
                    writer.add_postings(*pending)
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        finally:
            batches.close()
        summary.messages.extend(outcomes.messages)
        log.debug("waited %.3f s for worker processes", outcomes.waited)
        return writer

    def _scan(self, folders: list[Path], summary: IndexSummary) -> dict[str, str]:
        """path -> folder of every supported file under the folders, each once
        (in walk order: names sorted in each folder); others are listed as
        ignored."""
        found: dict[str, str] = {}
        # (a name that does not start with "." has a supported suffix exactly
        # when it ends with one)
        suffixes = tuple(articles.SUPPORTED_SUFFIXES)
        for folder in folders:
            folder = Path(folder).resolve()
            if not folder.is_dir():
                summary.skipped.append(Skipped(str(folder), "folder not found or not readable"))
                continue
            folder_str = str(folder)
            for path, name in _walk(folder_str):
                if name.lower().endswith(suffixes):
                    found.setdefault(path, folder_str)
                else:
                    suffix = _suffix(name).lower() or "no extension"
                    summary.ignored.append(Skipped(path, f"not an article type ({suffix})"))
        return found

    def _verify_count(self) -> None:
        # What a reader would count, from the table of contents alone.
        indexed = sum(segment.doc_count() for segment in self._ix._read_toc().segments)
        recorded = self._manifest.count()
        if indexed != recorded:
            raise IndexDamaged(f"{indexed} documents indexed but {recorded} recorded")


def _too_large(size: int) -> str:
    return f"file too large ({size / 1e6:.1f} MB, limit {articles.MAX_FILE_BYTES / 1e6:.0f} MB)"


def _replace(record: FileRecord, **changes) -> FileRecord:
    return FileRecord(**{**asdict(record), **changes})


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "vanished before it could be read"
    if isinstance(exc, PermissionError):
        return "unreadable: permission denied"
    return f"unreadable: {exc.strerror or exc}"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:120]}" if text else type(exc).__name__


def _is_damage(exc: BaseException) -> bool:
    """Errors that mean the index files are bad, as opposed to a bug or a full disk."""
    if isinstance(exc, (IndexDamaged, EOFError, sqlite3.DatabaseError)):
        return True
    name = type(exc).__module__ or ""
    return name.startswith("whoosh") and not isinstance(exc, OSError)
