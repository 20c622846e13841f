"""The fast Whoosh path: Whoosh's index, written and read in bulk.

The index stays a Whoosh index that Whoosh's own readers, matchers and
writers use as they use any other; what is fast is how it is made:

* The analysis is Whoosh's chain computed in bulk (``FastAnalyzer``).
* The text fields' postings are packed integers (``PackedPositions``,
  ``PackedCharacters``), with, for each occurrence, the term that follows it.
* Documents are prepared (``_Preparer``) where they are read, in worker
  processes, with their postings already inverted (``_Postings``).
* ``_FastSegmentWriter`` is Whoosh's ``SegmentWriter`` whose posting pool
  keeps a few flat buffers per term, spilled to sorted runs past a memory
  budget and merged at commit, and which writes each term's blocks in one go.

This subpackage is the only place of the index package that touches
Whoosh's private names (tests/core/index/fast/test_whoosh_private.py lists
them, so a Whoosh upgrade fails there first).
"""
from .analysis import FastAnalyzer
from .blocks import PackedIds, PackedValues
from .buffer import MAX_BUFFERED_POSTINGS
from .formats import PackedCharacters, PackedPositions, term_hash
from .prepare import _Postings, _Preparer
from .reading import field_length_bytes, toc_doc_count
from .segment import _FastSegmentWriter
from .terms import _TermIndexWriter

__all__ = ["MAX_BUFFERED_POSTINGS", "FastAnalyzer", "PackedCharacters", "PackedIds",
           "PackedPositions", "PackedValues", "_FastSegmentWriter", "_Postings", "_Preparer",
           "_TermIndexWriter", "field_length_bytes", "term_hash", "toc_doc_count"]
