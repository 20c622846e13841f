"""Documents prepared for the writer, in worker processes or here.

A prepared document is what Whoosh's SegmentWriter.add_document computes
from a dict of field values, in a form that crosses process boundaries
cheaply:
  perdoc:   [(fieldname, length, has_column, column value)] in field name
            order, for the per-document writer;
  stored:   the stored fields as Whoosh's "_stored" column holds them
            (a pickled dict, compressed);
  postings: added to a _Postings, inverted, with the documents around it.
"""
from __future__ import annotations

import pickle
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from whoosh import fields as wfields
from whoosh.analysis import IDTokenizer, LowercaseFilter, RegexTokenizer
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint
from whoosh.codec.whoosh3 import STORED_COLUMN

from ..analysis import LANGUAGE_FIELD, LINE_PATTERN
from .analysis import FastAnalyzer
from .formats import PackedCharacters, PackedPositions

if TYPE_CHECKING:
    from .invert import Inverted

# The "_stored" column: a pickled dict, zlib-compressed; the writer checks it.
_STORED_LEVEL = STORED_COLUMN._child._level


def _stored_blob(stored: dict) -> bytes:
    return zlib.compress(pickle.dumps(stored, 2), _STORED_LEVEL)


#: A text field's tokens kept waiting for their batch's inversion, at most
#: (some 16 bytes each).
MAX_WAITING_TOKENS = 1 << 20


class _Postings:
    """The postings of consecutive documents, inverted: field -> term ->
    (docnums, weights, values concatenated, value lengths).

    Four flat buffers per term and no object per posting: cheap to build, to
    append to the writer's buffer and to spill.  Docnums count from 0 (the
    first document added here) until the writer shifts them.  The text
    fields' tokens wait as flat arrays (``_Tokens``) and are inverted all
    together (invert.py) into ``Inverted`` batches, which is the form they
    are pickled in; ``tables`` adds those to the tables.
    """

    __slots__ = ("_inverted", "_pending", "_tables", "count", "docs")

    def __init__(self) -> None:
        self._tables: dict[str, dict[bytes, tuple[array, array, bytearray, array]]] = {}
        self._pending: dict[str, _Tokens] = {}
        self._inverted: dict[str, list[Inverted]] = {}
        self.docs = 0  # documents added
        self.count = 0  # postings in the tables (the waiting tokens count once inverted)

    def __reduce__(self):
        self._invert_all()  # (then the count is whole)
        return (_restored, (self._tables, self._inverted, self.docs, self.count))

    @property
    def tables(self) -> dict[str, dict[bytes, tuple[array, array, bytearray, array]]]:
        for fieldname in list(self._pending) + list(self._inverted):
            self.table(fieldname)
        return self._tables

    def fields(self) -> Iterator[tuple[str, dict, list[Inverted]]]:
        """Each field's table, and the inverted batches that follow it in
        docnum order (its waiting tokens inverted first)."""
        self._invert_all()
        for fieldname in sorted(self._tables.keys() | self._inverted.keys()):
            yield fieldname, self._tables.get(fieldname, {}), self._inverted.get(fieldname, [])

    def table(self, fieldname: str) -> dict:
        """A field's table, with every posting so far (its postings stay in
        docnum order when more are added to it)."""
        if fieldname in self._pending:
            self.invert(fieldname)
        table = self._tables.get(fieldname)
        if table is None:
            table = self._tables[fieldname] = {}
        for inverted in self._inverted.pop(fieldname, ()):
            add_inverted(table, inverted)
        return table

    def tokens(self, fieldname: str, chars: bool, boost: float) -> _Tokens:
        """The waiting tokens of a text field."""
        waiting = self._pending.get(fieldname)
        if waiting is None:
            waiting = self._pending[fieldname] = _Tokens(chars, boost)
        return waiting

    def _invert_all(self) -> None:
        for fieldname in list(self._pending):
            self.invert(fieldname)

    def invert(self, fieldname: str) -> None:
        """Invert a text field's waiting tokens (into an ``Inverted`` batch)."""
        from .invert import invert  # (NumPy: loaded by the first batch indexed)

        inverted = invert(self._pending.pop(fieldname))
        if inverted is not None:
            self._inverted.setdefault(fieldname, []).append(inverted)
            self.count += inverted.count

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


def add_lists(table: dict, term: bytes, lists: tuple[array, array, bytearray, array]) -> None:
    """Add a term's postings (docnums, weights, values end to end, value
    lengths) to a table: as they are if it has none yet, else after its own
    (postings come in docnum order)."""
    mine = table.get(term)
    if mine is None:
        table[term] = lists
    else:
        for have, more in zip(mine, lists):
            have.extend(more)


def add_inverted(table: dict, inverted: Inverted) -> None:
    """Add a batch's postings to a table (after those it has)."""
    for record in inverted.records():
        add_lists(table, record[0], record[1:])


def _restored(tables: dict, inverted: dict, docs: int, count: int) -> _Postings:
    postings = _Postings()
    postings._tables, postings._inverted = tables, inverted
    postings.docs, postings.count = docs, count
    return postings


class _Numbers(dict):
    """term bytes -> its number in a batch, given on first sight."""

    def __init__(self, terms: list[bytes]) -> None:
        super().__init__()
        self._terms = terms

    def __missing__(self, term: bytes) -> int:
        number = self[term] = len(self._terms)
        self._terms.append(term)
        return number


class _Tokens:
    """A text field's tokens in the documents of a batch, waiting to be
    inverted (invert.py): per token its term's number, its offsets (a field
    with characters) and the hash of the term after it; per document its
    docnum and how many tokens it has."""

    __slots__ = ("boost", "chars", "counts", "docnums", "ends", "nexts", "numbers", "starts",
                 "terms", "_number")

    def __init__(self, chars: bool, boost: float) -> None:
        self.chars = chars
        self.boost = boost
        self.terms: list[bytes] = []
        self._number = _Numbers(self.terms).__getitem__
        self.numbers = array("I")
        self.starts = array("I")
        self.ends = array("I")
        self.nexts = array("I")
        self.docnums = array("I")
        self.counts = array("I")

    def add(self, docnum: int, terms: list[bytes], starts: list[int], ends: list[int],
            nexts: list[int]) -> None:
        self.numbers.extend(map(self._number, terms))
        if self.chars:
            self.starts.extend(starts)
            self.ends.extend(ends)
        self.nexts.extend(nexts)
        self.docnums.append(docnum)
        self.counts.append(len(terms))


#: A field indexed as its whole value, one term (``_indexes_whole_value``).
WHOLE = "whole"
#: A field indexed a term per line (``_indexes_lines``).
LINES = "lines"


def _indexes_whole_value(fieldobj) -> bool:
    """Whether the field indexes its whole value as one term, as Whoosh's ID
    field does with its own tokenizer and format: five of a document's
    fields (id, path, the facets, the language), where Whoosh's ``index``
    (a token object, a set, a generator) cost 2.4% of a worker's CPU."""
    return (type(fieldobj) is wfields.ID and type(fieldobj.analyzer) is IDTokenizer
            and type(fieldobj.format) is Existence and not fieldobj.scorable)


def _indexes_lines(fieldobj) -> bool:
    """Whether the field indexes each line of its value, lower-cased, with
    its count, as the schema's fields of lines do (``pathname``, ``folder``,
    written by workers.where_terms): Whoosh's analyzer and Frequency format
    (a token object and a generator per line, then a table of counts and
    one of weights) cost 3% of a worker's CPU on the 2,000 wire items."""
    items = list(getattr(fieldobj.analyzer, "items", ()))
    return (type(fieldobj) is wfields.KEYWORD and type(fieldobj.format) is Frequency
            and not fieldobj.scorable
            and [type(item) for item in items] == [RegexTokenizer, LowercaseFilter]
            and items[0].expression.pattern == LINE_PATTERN and not items[0].gaps)


class _Preparer:
    """Turns a dict of field values into a prepared document (see above)."""

    def __init__(self, schema: wfields.Schema, language_field: str = LANGUAGE_FIELD) -> None:
        """``language_field``: the field whose value (an ISO code) is the
        language a document's text fields are analysed in."""
        self.schema = schema
        self.language_field = language_field
        self._fast: dict[tuple[str, str], FastAnalyzer | None] = {}
        # One per analyzer and language, not per field: the text fields share
        # theirs, and so the words (and stems) their fast analyzer has seen.
        self._analyzers: dict[tuple[int, str], FastAnalyzer | None] = {}
        self._plain: dict[str, str] = {}  # _plain_kind's answers

    def _fast_for(self, name: str, fieldobj, language: str = "") -> FastAnalyzer | None:
        if (name, language) not in self._fast:
            fast = None
            if isinstance(fieldobj, wfields.TEXT) and type(fieldobj.format) in (
                    PackedPositions, PackedCharacters) and not fieldobj.separate_spelling():
                # (the schema keeps the analyzer alive, and so its id)
                key = (id(fieldobj.analyzer), language)
                if key not in self._analyzers:
                    try:
                        self._analyzers[key] = FastAnalyzer(fieldobj.analyzer, language)
                    except ValueError:
                        self._analyzers[key] = None
                fast = self._analyzers[key]
            self._fast[(name, language)] = fast
        return self._fast[(name, language)]

    def prepare(self, doc: dict, sink: _Postings) -> tuple[list, bytes]:
        """(perdoc, stored) of a dict of field values; its postings go to ``sink``."""
        schema = self.schema
        perdoc, stored = [], {}
        docnum = sink.docs
        language = doc.get(self.language_field) or ""
        for name in sorted(n for n in doc if not n.startswith("_")):
            value = doc[name]
            if value is None:
                continue
            if name not in schema:
                raise wfields.UnknownFieldError(f"No field named {name!r} in {schema}")
            fieldobj = schema[name]
            length = 0
            if fieldobj.indexed:
                fast = self._fast_for(name, fieldobj, language)
                if fast is not None and isinstance(value, str):
                    length = self._fast_postings(fast, fieldobj, name, value, sink, docnum)
                elif isinstance(value, str) and self._plain_kind(name, fieldobj) == WHOLE:
                    # the one posting Whoosh's ID field gives: the value itself
                    sink.add(sink.table(name), docnum, value.encode("utf-8"),
                             fieldobj.format.field_boost, b"")
                elif isinstance(value, str) and self._plain_kind(name, fieldobj) == LINES:
                    # the postings of a field of lines (where_terms), as Frequency gives them
                    table, boost = sink.table(name), fieldobj.format.field_boost
                    for line, freq in Counter(filter(None, value.lower().split("\n"))).items():
                        sink.add(table, docnum, line.encode("utf-8"), freq * boost,
                                 pack_uint(freq))
                else:
                    table = sink.table(name)
                    # (the analyzer hands the language to every token: see index.analysis)
                    extra = {"language": language} if language and isinstance(
                        fieldobj, wfields.TEXT) else {}
                    for tbytes, freq, weight, vbytes in fieldobj.index(value, **extra):
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

    def _plain_kind(self, name: str, fieldobj) -> str:
        """How a field without a fast analyzer is indexed here rather than by
        Whoosh's ``index`` (its token objects, sets and generators): WHOLE or
        LINES (see below), else "" (Whoosh's way); asked once per field."""
        kind = self._plain.get(name)
        if kind is None:
            kind = self._plain[name] = (WHOLE if _indexes_whole_value(fieldobj)
                                        else LINES if _indexes_lines(fieldobj) else "")
        return kind

    @staticmethod
    def _fast_postings(fast: FastAnalyzer, fieldobj, name: str, value: str, sink: _Postings,
                       docnum: int) -> int:
        """Record one text field's tokens for the batch's inversion (invert.py);
        returns the field length."""
        terms, starts, ends = fast.tokens(value)
        if terms:
            fmt = fieldobj.format
            waiting = sink.tokens(name, type(fmt) is PackedCharacters, fmt.field_boost)
            waiting.add(docnum, terms, starts, ends, fast.next_terms(terms))
            if len(waiting.numbers) >= MAX_WAITING_TOKENS:
                sink.invert(name)  # (a batch of a whole library stays small)
        return len(terms) if fieldobj.scorable else 0


# -- the writer ---------------------------------------------------------------------
