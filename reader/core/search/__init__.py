"""Search: queries over the article index and over notes.

query (parsing, and a sentence for a malformed query); evaluate (the
documents a query matches and their scores, computed in bulk) on postings
(a term's postings and the per-document columns, read in bulk) and phrases
(phrase checks on positions); offsets (exact hit offsets); snippets; facets;
suggest (did you mean); articles (``search_articles``: a page of hits);
notes (``NoteSearcher``).  Whoosh's private names are used in evaluate and
postings only.

The names below are the ones the rest of the project imports from here.
"""
from reader.core.model import NoteHit, Results

from .articles import search_articles
from .notes import NoteSearcher
from .offsets import article_highlights

__all__ = ["NoteHit", "NoteSearcher", "Results", "article_highlights", "search_articles"]
