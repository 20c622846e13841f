"""Searching the team library: Reader's query language, run by PostgreSQL's full-text search.

The query is parsed by the same parser as a local search (so a malformed one
gets the same sentence), with the text fields unstemmed: the server stems
each word in every language's text search configuration, and an article's
``words`` vector holds its text stemmed in its own language.  The query
tree becomes one SQL condition: words, "phrases" (``<->``), AND/OR/NOT,
``title:`` (the title's words, weight A), ``author:``, ``source:``,
``lang:``, ``date:`` and its ranges, ``path:``/``folder:``, prefixes
(``russ*``) and fuzzy terms (``Kremlim~``: pg_trgm's candidates, checked
by edit distance); the GIN index on ``words`` serves every word.  Results are
ranked by ``ts_rank``.

Hits carry the same things as local ones: the matched passages as spans
into ``Article.text`` (found by Reader's own analyser on the stored text,
so every offset is the one a local search and the reading pane use) and a
snippet cut around them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from whoosh import query

from ..index import FastAnalyzer, make_analyzer, make_schema
from ..model import Article, Hit, QueryError, Results, TeamError
from ..search.languages import unstemmed_schema
from ..search.evaluate import MAX_FUZZY_TERMS
from ..search.offsets import positive_leaves
from ..search.query import ARTICLE_FIELDS, parse_query
from ..search.snippets import render_snippet
from .connection import first_line
from .migrations import LANGUAGES, SCHEMA

#: The text search configurations migrations.search_config maps languages to:
#: a query word is looked for under its stem in each.
CONFIGS = (*(f"{SCHEMA}.{name}" for name in LANGUAGES.values()), "simple")
_TEXT_FIELDS = ("title", "body")
#: The trigram similarity a fuzzy term's candidates need (then edit distance decides).
TRIGRAM_SIMILARITY = 0.2
#: The longest a search may keep the server busy before it is given up, with a sentence.
SEARCH_SECONDS = 30


@dataclass
class _Condition:
    """A query as SQL: the condition, and the positive words' tsqueries (for ranking
    and for finding the passages in the hits)."""

    where: sql.Composable
    ranked: list[sql.Composable] = field(default_factory=list)


def search_team(conn: psycopg.Connection, text: str, *, limit: int = 20,
                page: int = 1) -> Results:
    """Search the team's articles; QueryError for a malformed query, TeamError
    when the server cannot answer."""
    results = Results(query=text, page=page, pagelen=limit)
    if not text.strip():
        return results
    q = parse_query(text, _query_schema(), _TEXT_FIELDS, ARTICLE_FIELDS)
    condition = _condition(q, positive=True)
    rank = (sql.SQL(" || ").join(condition.ranked) if condition.ranked
            else sql.SQL("''::tsquery"))
    table = sql.SQL(f"{SCHEMA}.articles")
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            # Fuzzy terms' candidates: words sharing a fifth of their trigrams
            # (pg_trgm's default, 0.3, loses two-edit matches of short words).
            cur.execute(f"SET pg_trgm.similarity_threshold = {TRIGRAM_SIMILARITY}")
            cur.execute(f"SET statement_timeout = {int(SEARCH_SECONDS * 1000)}")  # (ms)
            # One pass over the matches ranks them and counts them; it carries
            # their ids alone, and only the page's texts are read after it.
            cur.execute(sql.SQL(
                "SELECT id, ts_rank(words, {}) AS score, count(*) OVER () AS total FROM {} "
                "WHERE {} ORDER BY score DESC, id LIMIT %s OFFSET %s").format(
                    rank, table, condition.where), (limit, (page - 1) * limit))
            ranked = cur.fetchall()
            if ranked:
                results.total = ranked[0]["total"]
            elif page > 1:  # past the last page: the total is still wanted
                cur.execute(sql.SQL("SELECT count(*) AS total FROM {} WHERE {}").format(
                    table, condition.where), ())  # (parameters, even none: "%%" reads as "%")
                results.total = cur.fetchone()["total"]
            cur.execute(sql.SQL("SELECT id, path, title, date, source, author, language, text "
                                "FROM {} WHERE id = ANY(%s)").format(table),
                        ([row["id"] for row in ranked],))
            found = {row["id"]: row for row in cur.fetchall()}
            rows = [{**found[row["id"]], "score": row["score"]} for row in ranked
                    if row["id"] in found]
    except psycopg.errors.InsufficientPrivilege:
        conn.rollback()
        raise TeamError("This role may not read the team library: ask an admin to make it "
                        "a member.") from None
    except (psycopg.errors.UndefinedTable, psycopg.errors.UndefinedFunction):
        conn.rollback()
        raise TeamError("The team schema is older than this Reader: run 'team init' to "
                        "upgrade it.") from None
    except psycopg.errors.QueryCanceled:
        conn.rollback()
        raise TeamError(f"The team server gave up on this search after {SEARCH_SECONDS} s: "
                        "narrow it down (more words, a field, a date).") from None
    except psycopg.OperationalError as exc:
        raise TeamError("The team server went away during the search: "
                        f"{first_line(exc)}.") from None
    words = _query_words(q)
    for row in rows:
        spans = passages(row["text"], row["language"], words)
        results.hits.append(Hit(
            id=row["id"], path=row["path"], title=row["title"], date=row["date"],
            source=row["source"], author=row["author"], score=round(float(row["score"]), 4),
            snippet=render_snippet(row["text"], spans), highlights=spans, team=True))
    return results


# -- the query as SQL ---------------------------------------------------------------


@functools.cache
def _query_schema():
    """The index's schema with unstemmed text fields, made once: the team's
    server does the stemming (languages.unstemmed_schema keeps only the last
    schema it was given, and a new one each search would miss it)."""
    return unstemmed_schema(make_schema())


def _condition(q: query.Query, positive: bool) -> _Condition:
    kind = type(q)
    if kind in (query.And, query.Or, query.DefaultOr):
        parts = [_condition(sub, positive) for sub in q.subqueries]
        joiner = sql.SQL(" AND ") if kind is query.And else sql.SQL(" OR ")
        return _Condition(sql.SQL("({})").format(joiner.join(p.where for p in parts)),
                          [r for p in parts for r in p.ranked])
    if kind is query.Not:
        inner = _condition(q.query, False)
        return _Condition(sql.SQL("NOT {}").format(inner.where))
    if kind in (query.AndNot, query.Require, query.AndMaybe):
        left = _condition(q.a, positive)
        right = _condition(q.b, kind is not query.AndNot and positive)
        if kind is query.AndMaybe:
            return _Condition(left.where, left.ranked + right.ranked)
        joined = sql.SQL("({} AND NOT {})" if kind is query.AndNot else "({} AND {})")
        return _Condition(joined.format(left.where, right.where),
                          left.ranked + (right.ranked if kind is query.Require else []))
    if q is query.NullQuery:
        return _Condition(sql.SQL("false"))
    if kind is query.Every:
        return _Condition(sql.SQL("true"))
    return _leaf(q, positive)


def _leaf(q: query.Query, positive: bool) -> _Condition:
    fieldname = getattr(q, "fieldname", None)
    if isinstance(q, query.DateRange) or fieldname == "date":
        return _date_condition(q)
    if fieldname == "lang" and isinstance(q, query.Term):
        return _Condition(sql.SQL("language = {}").format(sql.Literal(q.text)))
    if fieldname in ("author", "source") and isinstance(q, (query.Term, query.Phrase)):
        words = q.text if isinstance(q, query.Term) else " ".join(q.words)
        return _Condition(sql.SQL("to_tsvector('simple', {}) @@ phraseto_tsquery('simple', {})")
                          .format(sql.Identifier(fieldname), sql.Literal(words)))
    if fieldname in ("pathname", "folder") and isinstance(q, (query.Term, query.Prefix)):
        return _Condition(sql.SQL("path ILIKE {}").format(
            sql.Literal("%" + _like(q.text) + "%")))
    if fieldname in _TEXT_FIELDS and type(q) is query.FuzzyTerm:
        tsquery = _fuzzy_tsquery(q, weight="A" if fieldname == "title" else "")
        return _Condition(sql.SQL("words @@ ({})").format(tsquery), [tsquery] if positive else [])
    if fieldname in _TEXT_FIELDS:
        tsquery = _tsquery(q, weight="A" if fieldname == "title" else "")
        if tsquery is not None:
            return _Condition(sql.SQL("words @@ ({})").format(tsquery),
                              [tsquery] if positive else [])
    raise QueryError(f"'{q}' cannot be searched in the team library yet: wildcards inside "
                     "words (st*te) are for local folders only; a prefix (stat*) works.")


def _tsquery(q: query.Query, weight: str) -> sql.Composable | None:
    """The tsquery of a word, phrase or prefix, in every configuration, OR-ed."""
    if type(q) is query.Term:
        text = _lexeme(q.text) + (f":{weight}" if weight else "")
        return sql.SQL(" || ").join(sql.SQL("to_tsquery({}, {})").format(
            sql.Literal(config), sql.Literal(text)) for config in CONFIGS)
    if type(q) is query.Phrase:
        return sql.SQL(" || ").join(sql.SQL("phraseto_tsquery({}, {})").format(
            sql.Literal(config), sql.Literal(" ".join(q.words))) for config in CONFIGS)
    if type(q) is query.Prefix:
        text = _lexeme(q.text) + ":*" + weight
        return sql.SQL("to_tsquery('simple', {})").format(sql.Literal(text))
    return None


def _fuzzy_tsquery(q: query.FuzzyTerm, weight: str) -> sql.Composable:
    """The words within ``q.maxdist`` edits of a fuzzy term (Levenshtein, as
    local fuzzy terms), found among the team's words by their trigrams
    (pg_trgm's index) and checked by edit distance; at most MAX_FUZZY_TERMS
    of them, each in every configuration, OR-ed."""
    word = sql.Literal(q.text)
    lexeme = sql.SQL("quote_literal(word) || {}").format(
        sql.Literal(f":{weight}" if weight else ""))
    candidates = sql.SQL(
        "SELECT word FROM {words} WHERE word %% {word} AND levenshtein(word, {word}) <= {dist}"
        " AND left(word, {prefix}) = left({word}, {prefix}) ORDER BY word LIMIT {most}").format(
            words=sql.SQL(f"{SCHEMA}.words"), word=word, dist=sql.Literal(q.maxdist),
            prefix=sql.Literal(q.prefixlength), most=sql.Literal(MAX_FUZZY_TERMS))
    joined = sql.SQL("coalesce(string_agg({}, ' | '), '')").format(lexeme)
    return sql.SQL("(SELECT {} FROM ({}) AS near)").format(
        sql.SQL(" || ").join(sql.SQL("to_tsquery({}, {})").format(sql.Literal(config), joined)
                             for config in CONFIGS), candidates)


def _lexeme(word: str) -> str:
    """A word as one quoted lexeme of to_tsquery's syntax."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _date_condition(q: query.Query) -> _Condition:
    """``date:2016`` and ``date:[2015 to 2016]``: the article's ISO date, compared as text."""
    start = getattr(q, "startdate", None) or getattr(q, "start", None)
    end = getattr(q, "enddate", None) or getattr(q, "end", None)
    parts = [sql.SQL("date <> ''")]
    if start is not None:
        parts.append(sql.SQL("date >= {}").format(sql.Literal(start.isoformat()[:10])))
    if end is not None:
        parts.append(sql.SQL("left(date, 10) <= {}").format(sql.Literal(end.isoformat()[:10])))
    return _Condition(sql.SQL("({})").format(sql.SQL(" AND ").join(parts)))


# -- the passages in a hit ----------------------------------------------------------


def _query_words(q: query.Query) -> list[tuple[str, ...]]:
    """The positive words and phrases of the text fields, each as a tuple of
    words; a prefix as ("prefix*",)."""
    found: list[tuple[str, ...]] = []
    for leaf in positive_leaves(q):
        if getattr(leaf, "fieldname", None) not in _TEXT_FIELDS:
            continue
        if type(leaf) is query.Term:
            found.append((leaf.text,))
        elif type(leaf) is query.Phrase:
            found.append(tuple(leaf.words))
        elif type(leaf) is query.Prefix:
            found.append((leaf.text + "*",))
    return found


@functools.lru_cache(maxsize=16)
def _analyzer(language: str) -> FastAnalyzer:
    return FastAnalyzer(make_analyzer(), language)


def passages(text: str, language: str, words: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """The spans of ``text`` where the query's words and phrases occur, by
    Reader's analyser in the article's language (the local index's terms)."""
    analyzer = _analyzer(language)
    terms, starts, ends = analyzer.tokens(text)
    spans = set()
    for group in words:
        if len(group) == 1 and group[0].endswith("*"):
            prefix = group[0][:-1]
            lowered = [t.lower() for t in (text[s:e] for s, e in zip(starts, ends))]
            spans.update((starts[i], ends[i]) for i, word in enumerate(lowered)
                         if word.startswith(prefix))
            continue
        wanted = [analyzer.tokens(word)[0] for word in group]
        if not all(wanted):
            continue
        wanted_terms = [w[0] for w in wanted]
        n = len(wanted_terms)
        for i in range(len(terms) - n + 1):
            if terms[i:i + n] == wanted_terms:
                spans.add((starts[i], ends[i + n - 1]))
    return sorted(spans)


def team_highlights(article: Article, text: str) -> list[tuple[int, int]]:
    """Where a query's words and phrases are in a team article (``passages``)."""
    q = parse_query(text, _query_schema(), _TEXT_FIELDS, ARTICLE_FIELDS)
    return passages(article.text, article.language, _query_words(q))
