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

from whoosh import fields as wfields
from whoosh.codec.whoosh3 import STORED_COLUMN

from ..analysis import LANGUAGE_FIELD
from .analysis import FastAnalyzer
from .formats import _NEXT, _ONE_CHARS, _ONE_POS, PackedCharacters, PackedPositions, _pack, _packer

# The "_stored" column: a pickled dict, zlib-compressed; the writer checks it.
_STORED_LEVEL = STORED_COLUMN._child._level


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

    def __init__(self, schema: wfields.Schema, language_field: str = LANGUAGE_FIELD) -> None:
        """``language_field``: the field whose value (an ISO code) is the
        language a document's text fields are analysed in."""
        self.schema = schema
        self.language_field = language_field
        self._fast: dict[tuple[str, str], FastAnalyzer | None] = {}
        # One per analyzer and language, not per field: the text fields share
        # theirs, and so the words (and stems) their fast analyzer has seen.
        self._analyzers: dict[tuple[int, str], FastAnalyzer | None] = {}

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
                    length = self._fast_postings(fast, fieldobj, value, sink, sink.table(name),
                                                 docnum)
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
