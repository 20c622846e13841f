"""Whoosh's SegmentWriter, fed prepared documents, writing postings by the term."""
from __future__ import annotations

import logging
import struct
import time
import zlib
from collections.abc import Iterator
from functools import partial
from itertools import accumulate, groupby
from operator import itemgetter

from whoosh import columns
from whoosh import fields as wfields
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.system import pack_ushort
from whoosh.writing import IndexingError, SegmentWriter

from ...util.forking import Forked, SharedEnds, may_fork
from .buffer import MAX_BUFFERED_POSTINGS, Piece, _PostingBuffer
from .encoding import Encoded, encoded
from .lexicon import LEXICON_EXT, lexicon_bytes
from .prepare import _STORED_LEVEL, _Postings, _Preparer
from .reading import field_length_bytes
from .terms import _TermIndexWriter

log = logging.getLogger("reader.index")

#: Rows of the term index gathered before they are written.
_TERM_ROWS_PER_WRITE = 4096
# The end of W3TermInfo.to_bytes(): where the postings are (pack_long, pack_int).
_TERM_EXTENT = struct.Struct("!qi").pack


class _FastSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter, fed prepared documents, writing postings by the term.

    Deletions, merging of small segments and the commit protocol are
    Whoosh's own; only the posting pool and the way the new segment's
    postings are written differ (see ``_write_terms``).
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
        self._preparer = _Preparer(self.schema)  # for add_document
        self._add_stored = partial(columns.VarBytesColumn.Writer.add, stored_writer._child)

    def add_document(self, **fields) -> None:
        """Whoosh's add_document, by way of the fast path."""
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
        words: dict[str, list[bytes]] = {}  # the text fields' words (lexicon.py)
        current = prefix = field_words = None
        for fieldname, lists in self._encoded(pdr):
            if fieldname != current:
                if current is not None:
                    fw.finish_field()
                fieldobj = schema[fieldname]
                fw.start_field(fieldname, fieldobj)
                current, prefix = fieldname, pack_ushort(fw._fieldid)
                field_words = (words.setdefault(fieldname, [])
                               if isinstance(fieldobj, wfields.TEXT) else None)
            write(lists.blocks)
            for term, info, size in zip(lists.terms, lists.infos, lists.sizes):
                keys.append(prefix + term)
                infos.append(info + _TERM_EXTENT(position, size))
                position += size
            if field_words is not None:
                field_words.extend(lists.terms)
            if len(keys) >= _TERM_ROWS_PER_WRITE:
                add_terms(keys, infos)
                keys, infos = [], []
        if current is not None:
            fw.finish_field()
        add_terms(keys, infos)
        lexicon = self.newsegment.create_file(self.storage, LEXICON_EXT)
        try:
            lexicon.write(lexicon_bytes(words))
        finally:
            lexicon.close()

    def _encoded(self, pdr) -> Iterator[tuple[str, Encoded]]:
        """The posting lists of the schema's fields, in field and term order.

        When nothing was spilled to disk, the buffer comes in pieces; when
        this process may fork, a helper process encodes pieces from the back
        while this one encodes them from the front, until the two meet
        (``SharedEnds``): the commit of a small library is mostly this loop,
        on one core while the other idles.  Past the buffer, the spilled runs
        and the buffer are merged a term at a time, here.
        """
        schema = self.schema
        formats: dict[str, tuple] = {}

        def field_format(fieldname: str) -> tuple:
            if fieldname not in formats:
                formats[fieldname] = (schema[fieldname].format.fixed_value_size(),
                                      field_length_bytes(pdr, fieldname))
            return formats[fieldname]

        pieces = self.pool.pieces(_PIECE_POSTINGS)
        if pieces is None:
            for fieldname, records in groupby(self.pool.terms(), itemgetter(0)):
                if fieldname in schema:
                    for batch in _batches(records):
                        yield fieldname, encoded(batch, *field_format(fieldname))
            return
        pieces = [piece for piece in pieces if piece.field in schema]
        for piece in pieces:  # (read here, before a fork: the child reads no file)
            field_format(piece.field)
        ends = _shared_ends(len(pieces))
        helper = None
        if ends is not None:
            try:
                helper = Forked(partial(_encode_from_back, pieces, formats, ends),
                                self._tempstorage.folder)
            except OSError as exc:  # (no process to spare: the pieces are done here)
                log.warning("no helper process for the commit: %s", exc)
        if helper is None:
            for piece in pieces:
                yield piece.field, _encode(piece, formats)
            return
        try:
            while (index := ends.take_front()) is not None:
                yield pieces[index].field, _encode(pieces[index], formats)
            waited = time.perf_counter()
            done = helper.result()
            theirs = pieces[ends.met:]
            log.debug("encoded %d pieces of postings here and %d in a helper process "
                      "(waited %.3f s for it)", len(pieces) - len(theirs), len(theirs),
                      time.perf_counter() - waited)
            if done is None:  # (the helper failed: its pieces are done here)
                done = (_encode(piece, formats) for piece in theirs)
            yield from zip((piece.field for piece in theirs), done)
        finally:
            helper.close()


def _batches(records: Iterator[tuple]) -> Iterator[list[tuple]]:
    """The buffer's ``terms`` records of a field, without the field's name,
    in lists of about _PIECE_POSTINGS postings (a term's lists may be long)."""
    batch, postings = [], 0
    for record in records:
        batch.append(record[1:])
        postings += len(record[2])
        if postings >= _PIECE_POSTINGS or len(batch) >= _TERM_ROWS_PER_WRITE:
            yield batch
            batch, postings = [], 0
    if batch:
        yield batch


def _encode(piece: Piece, formats: dict[str, tuple]) -> Encoded:
    """A piece's posting lists; ``formats``: per field, its value size and its
    documents' length bytes (``encoding.encoded``)."""
    return encoded(piece.build().records(), *formats[piece.field])


#: Postings per piece of the buffer: small enough to share the work evenly.
_PIECE_POSTINGS = 25_000


def _shared_ends(count: int) -> SharedEnds | None:
    """The pieces' indices to share with a helper process, or None: one
    piece, a process that may not fork, or no lock the two could share."""
    if count < 2 or not may_fork():
        return None
    try:
        return SharedEnds(count)
    except OSError as exc:
        log.debug("no helper process for the commit: %s", exc)
        return None


def _encode_from_back(pieces: list[Piece], formats: dict[str, tuple],
                      ends: SharedEnds) -> list[Encoded]:
    """In the helper: the pieces it takes from the back, in their order."""
    done = []
    while (index := ends.take_back()) is not None:
        done.append(_encode(pieces[index], formats))
    return done[::-1]
