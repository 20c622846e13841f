"""The code a process that runs many commands loads once, ahead of them.

A command loads what it needs when it needs it, so that a one-off
``reader-cli search`` never pays for the article readers or the indexer.
A process that forks a child per command (the command server,
``reader.cli.server``) wants the opposite: everything a common command
imports already in memory, shared by every child it forks.
tests/core/test_preload.py checks that searching, showing, listing and
updating the index import nothing more after this.
"""
from __future__ import annotations

import importlib

from .paths import resources_dir

#: Modules the core imports on first use (beyond what ``reader.core.library`` imports).
MODULES = (
    "reader.core.articles.cache",   # show, highlights
    "reader.core.search.articles",  # search (NumPy)
    "reader.core.search.offsets",   # highlights
    "reader.core.search.notes",     # notes found by a search
    "reader.core.index.update",     # any index update
    "reader.core.index.isolated",
    "reader.core.index.workers",    # the worker processes' side, forked from the command
    "reader.core.index.fast.invert",  # a batch's postings (NumPy)
    "whoosh.qparser",               # the query language
    "whoosh.qparser.dateparse",     # date ranges in a query
    "whoosh.searching",             # an index's searcher
    "whoosh.collectors",
    "whoosh.sorting",
    "whoosh.highlight",
    "pycld2",                       # the language of an article's passages
    "concurrent.futures.process",
)


def preload_modules() -> None:
    """Import every module in MODULES (and so what they import), and what the
    first article read and the first search need (``warm_up``)."""
    for name in MODULES:
        importlib.import_module(name)
    warm_up()
    resources_dir()  # (and importlib's resource readers, which it loads)


def warm_up() -> None:
    """Load once what the first article needs (python-markdown's extensions),
    and what the first search needs: NumPy and the evaluator, and the query
    parser's and the analyzer's regular expressions, compiled (the ``re``
    module keeps them; some 4 ms the first search would otherwise pay).

    The window calls it on a worker thread at start (``Library.warm_up``),
    so the first article the analyst opens, and the first search, do not pay
    them; the command server, before it forks a child per command."""
    from .articles import warm_up as warm_up_formats
    from .index.schema import make_schema
    from .search import search_articles  # noqa: F401  (NumPy and the evaluator)
    from .search.query import ARTICLE_FIELDS, parse_query

    warm_up_formats()
    parse_query("warm up", make_schema(), ("title", "body"), ARTICLE_FIELDS)
