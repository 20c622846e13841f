"""Every private Whoosh name the project uses, still there in the installed Whoosh.

reader.core.index.fast and reader.core.search read and write Whoosh's
index through names Whoosh does not promise to keep; setup.cfg pins
Whoosh-Reloaded to the minor version tested.  An upgrade fails here first,
naming what to re-check.  Instance attributes are looked for on real
objects, made from a small index written by Whoosh's own writer.
"""
from __future__ import annotations

import pytest
import whoosh
from whoosh import columns, formats, query
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3Codec, W3LeafMatcher, W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util import numeric
from whoosh.writing import SegmentWriter

from reader.core.index.schema import make_schema

FAST = "reader/core/index/fast/"
SEARCH = "reader/core/search/ (postings.py, evaluate.py, scoring.py)"

#: (where the name is used, what it belongs to, the names) of everything
#: that can be checked on classes and modules alone.
STATIC = [
    (FAST + "formats.py", formats, ["tokens", "Positions", "Characters"]),
    (FAST + "prepare.py, segment.py", STORED_COLUMN, ["_child"]),
    (FAST + "prepare.py, segment.py", STORED_COLUMN._child, ["_level"]),
    (FAST + "segment.py", whoosh3, ["WHOOSH3_HEADER_MAGIC"]),
    (FAST + "segment.py", W3TermInfo, ["_struct"]),
    (FAST + "segment.py", SegmentWriter, ["_check_state", "_flush_segment",
                                         "per_document_reader", "add_document"]),
    (FAST + "segment.py", columns.VarBytesColumn.Writer, ["add"]),
    (FAST + "terms.py", OrderedHashWriter, ["_write_hashes", "_write_directory", "add"]),
    (SEARCH, W3LeafMatcher, ["_read_data", "_read_values", "_next_block"]),
    (SEARCH + ", " + FAST + "reading.py", whoosh3, ["LENGTHS_COLUMN"]),
    (SEARCH, numeric, ["byte_to_length"]),
    (SEARCH, query.MultiTerm, ["_btexts"]),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    """A small index with a term in enough documents not to be inlined."""
    folder = tmp_path_factory.mktemp("whoosh")
    ix = FileStorage(str(folder), supports_mmap=False).create_index(make_schema())
    writer = ix.writer()
    for i in range(3):
        writer.add_document(id=f"a{i}", path=f"/a{i}.txt", title="State", body="state of it",
                            source_facet="Reuters", date_order=20150101 + i, text="state")
    writer.commit()
    yield ix
    ix.close()


def _missing(owner, names: list[str]) -> list[str]:
    return [name for name in names if not hasattr(owner, name)]


def _check(found: list[tuple[str, str, list[str]]]) -> None:
    problems = [f"{what}.{name} (used in {where})"
                for where, what, names in found for name in names]
    assert not problems, (
        f"Whoosh {whoosh.versionstring()} no longer has: {'; '.join(problems)}. "
        "Re-check the code named against this Whoosh (the fast writer's output against "
        "Whoosh's own: tests/core/index/fast/test_segment.py; the bulk search: "
        "tests/core/search/test_postings.py and test_evaluate.py), then update this list "
        "and the Whoosh-Reloaded pin in setup.cfg.")


def test_private_names_of_classes_and_modules():
    _check([(where, getattr(owner, "__name__", type(owner).__name__), _missing(owner, names))
            for where, owner, names in STATIC])


def test_private_names_of_a_writer(ix):
    writer = SegmentWriter(ix)
    try:
        stored = writer.perdocwriter._colwriters["_stored"]
        found = [
            (FAST + "segment.py", "SegmentWriter", _missing(writer, [
                "pool", "_tempstorage", "codec", "fieldwriter", "perdocwriter", "docnum",
                "_added", "schema"])),
            (FAST + "segment.py", "SegmentWriter.pool", _missing(writer.pool, ["cleanup"])),
            (FAST + "segment.py", "SegmentWriter._tempstorage",
             _missing(writer._tempstorage, ["folder"])),
            (FAST + "segment.py", "W3Codec", _missing(writer.codec, [
                "_inlinelimit", "length_stats"]) if type(writer.codec) is W3Codec else ["W3Codec"]),
            (FAST + "segment.py", "W3FieldWriter", _missing(writer.fieldwriter, [
                "_tindex", "_postfile", "_fieldid", "start_field", "finish_field",
                "add_postings"])),
            (FAST + "segment.py", "W3PerDocWriter", _missing(writer.perdocwriter, [
                "_colwriters", "start_doc", "add_field", "add_column_value", "cancel_doc",
                "finish_doc"])),
            (FAST + "segment.py", "the stored column's writer", _missing(stored, ["_child"])),
            (FAST + "segment.py", "its compressed child", _missing(stored._child, [
                "_level", "_compress"])),
            (FAST + "terms.py", "OrderedHashWriter", _missing(writer.fieldwriter._tindex, [
                "lastkey", "hashfn", "buckets", "dbfile", "index", "directory", "extras"])),
        ]
    finally:
        writer.cancel()
    _check(found)


def test_private_names_of_a_reader(ix):
    with ix.searcher() as searcher:
        reader = searcher.reader()
        perdoc = reader._perdoc
        lengths = perdoc.column_reader("_body_len", LENGTHS_COLUMN)
        facets = reader.column_reader("source_facet", translate=False)
        numbers = reader.column_reader("date_order", translate=False)
        matcher = reader.postings("body", b"state")
        leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
        scorer = BM25F().scorer(searcher, "body", b"state")
        found = [
            (FAST + "reading.py", "Index", _missing(ix, ["_read_toc"])),
            (SEARCH, "SegmentReader", _missing(reader, ["_perdoc"])),
            (FAST + "reading.py, " + SEARCH, "FixedBytesColumn.Reader", _missing(lengths, [
                "_fixedlen", "_dbfile", "_basepos", "_count"])),
            (SEARCH, "VarBytesColumn.Reader", _missing(facets, [
                "_offsets", "_lengths", "_dbfile", "_basepos"])),
            (SEARCH, "NumericColumn.Reader", _missing(numbers, [
                "_reverse", "_typecode", "_dbfile", "_basepos", "_count", "_fixedlen",
                "_default"])),
            (SEARCH, "W3LeafMatcher", _missing(leaf, [
                "_atend", "_data", "_blocklength", "_values", "_byteids", "_fixedsize",
                "_startoffset", "_length", "_baseoffset", "_postfile"])
             if type(leaf) is W3LeafMatcher else ["W3LeafMatcher"]),
            (SEARCH, "BM25F scorer", _missing(scorer, ["_score", "dfl", "idf", "avgfl", "B", "K1"])),
        ]
        assert isinstance(lengths, columns.FixedBytesColumn.Reader)  # (as the code checks)
        assert type(facets) is columns.VarBytesColumn.Reader
        assert type(numbers) is columns.NumericColumn.Reader
    _check(found)
