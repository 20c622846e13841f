"""Search: queries over the article index and over notes.

query (parsing, and a sentence for a malformed query); evaluate (the
documents a query matches and their scores, computed in bulk: matches, as
arrays over the library) on postings (a term's postings and the
per-document columns, read in bulk), scoring (a posting list's scores at
once) and phrases (phrase checks on positions); offsets (exact hit offsets); snippets; facets;
suggest (did you mean); articles (``search_articles``: a page of hits);
notes (``NoteSearcher``).  Whoosh's private names are used in evaluate,
postings and scoring only.

The names below are the ones the rest of the project imports from here.
``search_articles``, ``article_highlights`` and ``NoteSearcher`` are loaded
on first use: the evaluator and its NumPy, Whoosh's query side, are some
90 ms of imports a command that does not search (an index update, a note)
need not pay.
"""
from reader.core.model import NoteHit, Results

__all__ = ["NoteHit", "NoteSearcher", "Results", "article_highlights", "search_articles"]


def __getattr__(name: str):
    # (imports written out, so that the app bundle's builder sees them)
    if name == "search_articles":
        from .articles import search_articles as value
    elif name == "article_highlights":
        from .offsets import article_highlights as value
    elif name == "NoteSearcher":
        from .notes import NoteSearcher as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
