"""A query analysed in every language the index holds.

Each article's words are stemmed in its own language (index.analysis), so a
query word must be looked up under its stem in each of them: ``терроризм``
finds Russian articles that say ``терроризмом`` through the Russian stem, and
English ones through the English.  The query is parsed with the schema's
analysis minus the stemming (words lower-cased and normalised), then each
text-field word becomes an OR of its distinct stems across the languages
present.  A phrase becomes an OR of the phrase in each language's stems: an
article is stemmed in one language, so a phrase matches it in that one (and
the phrase machinery, positions and highlights, works on each as before).
With one stem (an English library, or any word the stemmers agree on) the
query is exactly what it was.
"""
from __future__ import annotations

import copy
from collections.abc import Sequence

from whoosh import fields as wfields
from whoosh import query

from reader.core.index import LANGUAGE_FIELD, SnowballStemFilter, make_analyzer, stems
from reader.core.model import language_code

from .query import ARTICLE_FIELDS, parse_query

_last: tuple[wfields.Schema, wfields.Schema, frozenset[str]] | None = None


def _query_schema(schema: wfields.Schema) -> tuple[wfields.Schema, frozenset[str]]:
    """The schema with its stemmed text fields unstemmed, and those fields' names.

    Remembered for the last schema: an index's schema changes only when it is rebuilt.
    """
    global _last
    last = _last
    if last is not None and last[0] is schema:
        return last[1], last[2]
    unstemmed = schema.copy()
    stemmed = set()
    for name in schema.names():
        analyzer = getattr(schema[name], "analyzer", None)
        if any(isinstance(item, SnowballStemFilter) for item in getattr(analyzer, "items", ())):
            fieldobj = copy.copy(unstemmed[name])
            fieldobj.analyzer = make_analyzer(stem=False)
            unstemmed.remove(name)
            unstemmed.add(name, fieldobj)
            stemmed.add(name)
    _last = (schema, unstemmed, frozenset(stemmed))
    return unstemmed, frozenset(stemmed)


def unstemmed_schema(schema: wfields.Schema) -> wfields.Schema:
    """``schema`` with its text fields' words lower-cased and normalised but not
    stemmed: a query parsed with it keeps the words as typed (for a search
    engine that stems them itself, as the team library's PostgreSQL does)."""
    return _query_schema(schema)[0]


def present_languages(searcher) -> list[str]:
    """The language codes of the indexed articles, "" (unknown) first: the
    articles without a language are stemmed as English (index.analysis)."""
    reader = searcher.reader()
    found = [""]
    if LANGUAGE_FIELD in searcher.schema.names():
        found.extend(term.decode("utf-8") if isinstance(term, bytes) else term
                     for term in reader.lexicon(LANGUAGE_FIELD))
    return found


def parse_article_query(text: str, searcher) -> query.Query:
    """Parse an article query (QueryError if malformed) and analyse it in
    every language the index holds."""
    unstemmed, stemmed = _query_schema(searcher.schema)
    parsed = parse_query(text, unstemmed, ("title", "body"), ARTICLE_FIELDS)
    return in_languages(parsed, stemmed, present_languages(searcher))


def in_languages(q: query.Query, fields: frozenset[str], languages: Sequence[str]) -> query.Query:
    """``q`` with each word of a stemmed field replaced by its stems in ``languages``."""
    if isinstance(q, (query.Term, query.FuzzyTerm)):  # the words Whoosh's parser analyses
        if q.fieldname == LANGUAGE_FIELD and isinstance(q, query.Term):
            return _with(q, text=language_code(q.text))
        if q.fieldname not in fields:
            return q
        variants = [_with(q, text=stem) for stem in stems(q.text, languages)]
        return variants[0] if len(variants) == 1 else query.Or(variants)
    if isinstance(q, query.Phrase):
        if q.fieldname not in fields:
            return q
        per_language = {tuple(stems(word, (code,))[0] for word in q.words): None
                        for code in languages}
        variants = [_with(q, words=list(words)) for words in per_language]
        return variants[0] if len(variants) == 1 else query.Or(variants)
    if q.is_leaf():
        return q
    return q.apply(lambda child: in_languages(child, fields, languages))


def _with(q: query.Query, **changes) -> query.Query:
    changed = copy.copy(q)
    for name, value in changes.items():
        setattr(changed, name, value)
    return changed
