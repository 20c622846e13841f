"""Whoosh's SegmentWriter, fed prepared documents, writing postings by the term."""
from __future__ import annotations

import pickle
import struct
import zlib
from array import array
from functools import partial
from itertools import accumulate, chain
from operator import sub

from whoosh import columns
from whoosh import fields as wfields
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.system import pack_int, pack_ushort
from whoosh.writing import IndexingError, SegmentWriter

from .blocks import PackedIds, PackedValues
from .buffer import MAX_BUFFERED_POSTINGS, _PostingBuffer
from .lexicon import LEXICON_EXT, lexicon_bytes
from .prepare import _STORED_LEVEL, _Postings, _Preparer
from .reading import field_length_bytes
from .terms import _TermIndexWriter

#: zlib level of posting blocks (0: none).  Each block records its own level.
POSTINGS_COMPRESSION = 0
#: Postings per block (Whoosh writes 128; each block records its own count):
#: fewer, bigger blocks are cheaper to write and to read in bulk.
POSTINGS_PER_BLOCK = 512
#: Blocks of at most this many postings are pickled as Whoosh pickles them
#: (tuples), bigger ones in packed forms (PackedIds, PackedValues): for a few
#: postings the tuples are the cheaper to write and to read.
PLAIN_BLOCK_POSTINGS = 8
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
        current = field_words = None
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
                lengths = field_length_bytes(pdr, fieldname)
                prefix = pack_ushort(fw._fieldid)
                field_words = (words.setdefault(fieldname, [])
                               if isinstance(fieldobj, wfields.TEXT) else None)
            blocks, terminfo = self._postings_bytes(fixed, ids, weights, values, lens, lengths)
            write(blocks)
            if field_words is not None:
                field_words.append(tbytes)
            keys.append(prefix + tbytes)
            infos.append(terminfo + _TERM_EXTENT(position, len(blocks)))
            position += len(blocks)
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
