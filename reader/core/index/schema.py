"""The Whoosh schema of the index, and the version that says when it changed."""
from __future__ import annotations

from whoosh import columns
from whoosh import fields as wfields
from whoosh.analysis import LowercaseFilter, RegexTokenizer

from .analysis import LINE_PATTERN, make_analyzer
from .fast.formats import PackedCharacters, PackedPositions

#: Bump when the schema, the analyzer or the loaders change what is indexed:
#: an index with another version is rebuilt.  (4: Snowball English stems,
#: by PyStemmer, instead of Porter's.  5: each article stemmed in its own
#: language, the ``lang`` field, ё and Arabic marks folded, marks kept in words.
#: 6: the stored text, which snippets are cut from, has site chrome blanked.
#: 7: a file may hold several articles (mailboxes, attachments), a manifest
#: row each.)
SCHEMA_VERSION = 8
TITLE_BOOST = 3.0
# A term per line, lowercased: file and folder names hold spaces and commas,
# never a line break.
_LINES = RegexTokenizer(LINE_PATTERN) | LowercaseFilter()


def make_schema() -> wfields.Schema:
    """The fields of an article; the text fields' postings in the packed formats."""
    text = make_analyzer()

    def packed(fieldobj):
        fmt = PackedCharacters if fieldobj.format.supports("characters") else PackedPositions
        fieldobj.format = fmt(field_boost=fieldobj.format.field_boost)
        return fieldobj

    return wfields.Schema(
        id=wfields.ID(stored=True, unique=True),
        path=wfields.ID(stored=True),
        # `path:` (the query parser's alias) and `folder:`, as Recoll's `dir:`:
        # the file's path and name; every folder it is in, whole and by name
        # (workers.where_terms).
        pathname=wfields.KEYWORD(analyzer=_LINES),
        folder=wfields.KEYWORD(analyzer=_LINES),
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
        # The article's language, an ISO 639-1 code (absent when unknown): the
        # `lang:` field, the language facet, and the language the text fields
        # were stemmed in (see fast.prepare).
        lang=wfields.ID(stored=True, sortable=True),  # (analysis.LANGUAGE_FIELD)
        datestr=wfields.STORED(),
        text=wfields.STORED(),
        title_span=wfields.STORED(),
    )
