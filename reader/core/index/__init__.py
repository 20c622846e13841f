"""The search index: a Whoosh index plus a manifest of what it holds.

analysis (how text becomes terms) and schema; manifest (the SQLite record of
each file); scan (which files are new, changed, gone); workers (articles read
into prepared documents, in worker processes); update (one update
transaction); store (``SearchIndex``: open, check, rebuild, reload, read);
process (a big update in a separate process); fast/ (Whoosh's index written
and read in bulk: the only place here that touches Whoosh's private names).
"""
from ..model import Cancelled, FileRecord, IndexSummary, Progress
from .analysis import LANGUAGE_FIELD, SnowballStemFilter, make_analyzer, stems
from .fast import (FastAnalyzer, PackedCharacters, PackedIds, PackedPositions, PackedValues,
                   term_hash)
from .manifest import Manifest
from .schema import SCHEMA_VERSION, make_schema
from .store import IndexDamaged, SearchIndex
from .progress import BigUpdate

__all__ = ["LANGUAGE_FIELD", "SCHEMA_VERSION", "BigUpdate", "Cancelled", "FastAnalyzer", "FileRecord",
           "IndexDamaged", "IndexSummary", "Manifest", "PackedCharacters",
           "PackedIds", "PackedPositions", "PackedValues", "Progress", "SearchIndex",
           "SnowballStemFilter", "make_analyzer", "make_schema", "stems", "term_hash"]

