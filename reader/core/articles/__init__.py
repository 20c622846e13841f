"""Articles: turn a file of any supported format into an Article.

Every format ends up as a list of ``Block``s (see ``model.py``): one block per
paragraph-level unit, its text cleaned to a single line, so that
``Article.text`` and every offset into it are stable and the reading pane can
show one text block per ``Block``.

``registry`` maps a file suffix to its format module under ``formats/`` and
imports it on first use; ``decoding`` turns bytes into text; ``blocks``
applies the rules every format shares (title first, chrome, metadata
fallbacks), with ``chrome``, ``metadata`` and ``text`` as its helpers.
This module only re-exports the names the rest of the app uses.
"""
from reader.core.articles.decoding import decode_text
from reader.core.articles.registry import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    FileArticles,
    Vanished,
    file_kind,
    is_document,
    load_article,
    load_articles,
    parse_article,
    parse_articles,
    read_file,
    size_limit,
    suffix_of,
    too_large,
    warm_up,
)

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "FileArticles",
    "Vanished",
    "file_kind",
    "decode_text",
    "is_document",
    "load_article",
    "load_articles",
    "parse_article",
    "parse_articles",
    "read_file",
    "size_limit",
    "suffix_of",
    "too_large",
    "warm_up",
]
