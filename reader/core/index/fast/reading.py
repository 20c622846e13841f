"""Reads the index package makes through Whoosh's internals, in one place."""
from __future__ import annotations

from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN


def field_length_bytes(perdoc, fieldname: str) -> bytes | None:
    """The length byte (Whoosh's ``length_to_byte``) of every document of a
    segment in a field, from the segment's per-document reader; None when the
    field records no lengths (or there is no reader).

    The usual one-byte column is read in one call instead of a call per
    document: the fast writer needs it for every term's block info, and the
    bulk search (reader.core.search) for every scored posting.
    """
    lenfield = f"_{fieldname}_len"
    if perdoc is None or not perdoc.has_column(lenfield):
        return None
    column = perdoc.column_reader(lenfield, LENGTHS_COLUMN)
    if isinstance(column, columns.FixedBytesColumn.Reader) and column._fixedlen == 1:
        raw = column._dbfile.get(column._basepos, column._count)  # in one read
        return raw + bytes(max(0, perdoc.doc_count_all() - len(raw)))
    return bytes(column.load())


def toc_doc_count(ix) -> int:
    """The documents of an index as a reader would count them, from its table
    of contents alone (no segment is opened)."""
    return sum(segment.doc_count() for segment in ix._read_toc().segments)
