"""A segment's posting lists as bytes, in Whoosh's W3 layout: the part of
writing a segment that costs a loop turn per term, done a piece at a time
(so that a helper process can take some of the pieces: segment.py).
"""
from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Iterable
from itertools import chain
from operator import sub
from typing import NamedTuple

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int

from .blocks import PackedIds, PackedValues

#: zlib level of posting blocks (0: none).  Each block records its own level.
POSTINGS_COMPRESSION = 0
#: Postings per block (Whoosh writes 128; each block records its own count):
#: fewer, bigger blocks are cheaper to write and to read in bulk.
POSTINGS_PER_BLOCK = 512
#: Blocks of at most this many postings are pickled as Whoosh pickles them
#: (tuples), bigger ones in packed forms (PackedIds, PackedValues): for a few
#: postings the tuples are the cheaper to write and to read.
PLAIN_BLOCK_POSTINGS = 8


class Encoded(NamedTuple):
    """Terms' posting lists, end to end in ``blocks``: per term its bytes,
    the start of its term info (see ``postings_bytes``) and its lists' size."""

    terms: list[bytes]
    infos: list[bytes]
    sizes: list[int]
    blocks: bytes


def encoded(records: Iterable[tuple[bytes, array, array, bytearray, array]], fixed,
            lengths: bytes | None) -> Encoded:
    """The posting lists of ``records`` (term, docnums, weights, values end to
    end, value lengths) of one field: ``fixed`` is its format's value size,
    ``lengths`` its length byte per document (or None)."""
    terms, infos, sizes, parts = [], [], [], []
    for term, ids, weights, values, lens in records:
        blocks, info = postings_bytes(fixed, ids, weights, values, lens, lengths)
        terms.append(term)
        infos.append(info)
        sizes.append(len(blocks))
        parts.append(blocks)
    return Encoded(terms, infos, sizes, b"".join(parts))


def postings_bytes(fixed, ids: array, weights: array, values: bytearray, lens: array,
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
