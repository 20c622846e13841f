"""Queries: parsing, ranked hits, snippets, facets and exact hit offsets.

The query language is Whoosh's (words, "phrases", AND/OR/NOT, -term,
field:value, wildcards, term~ fuzzy, date:2016, date:[2015 to 2016]), checked
first so that a malformed query gets a sentence, not a traceback.

Hit offsets come from the character offsets stored in the postings
(``chars=True``), so every match is found however long the article is and in
whatever form the stemmer matched it, without re-analysing the text.
Every ``import whoosh`` of the project lives here and in ``index.py``.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

from whoosh import fields as wfields
from whoosh import qparser, query, sorting
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.support.levenshtein import distance

from .index import SearchIndex, make_analyzer
from .model import Note

log = logging.getLogger("reader.search")

SORTS = ("relevance", "date")
ARTICLE_FIELDS = ("title", "body", "author", "source", "date")
NOTE_FIELDS = ("quote", "note", "tag", "color", "status", "title")
SNIPPET_FRAGMENTS = 3
FRAGMENT_CHARS = 180
SURFACE_SAMPLE_DOCS = 10


DATE_HINT = "Could not understand the date. Try date:2016, date:2016-11 or date:[2015 to 2016]."


class QueryError(ValueError):
    """A query that cannot be run; ``str(err)`` is a sentence for the user."""


# -- parsing --------------------------------------------------------------------

_FIELD_RE = re.compile(r'(?<![\w"])([A-Za-z_]\w*):')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _mask_phrases(text: str) -> str:
    """Blank out the inside of "phrases" (same length) so their words are not syntax."""
    return re.sub(r'"[^"]*"', lambda m: '"' + "x" * (len(m.group()) - 2) + '"', text)


def check_syntax(text: str, fields: Sequence[str]) -> None:
    """Explain the mistakes Whoosh's lenient parser would silently guess at."""
    if text.count('"') % 2:
        raise QueryError('A phrase is missing its closing quote (").')
    bare = _mask_phrases(text)
    for opening, closing in ("()", "[]", "{}"):
        depth = 0
        for char in bare:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                break
        if depth:
            raise QueryError(f"Unbalanced brackets: check the {opening} and {closing} in the query.")
    for match in _FIELD_RE.finditer(bare):
        name = match.group(1).lower()
        if name not in fields:
            raise QueryError(f"Unknown field '{match.group(1)}:'. Fields you can use: {', '.join(fields)}.")
        rest = bare[match.end():]
        if not rest or rest[0].isspace():
            raise QueryError(f"'{match.group(0)}' needs a value, for example {name}:word.")
    words = bare.split()
    if words and (words[0] in _OPERATORS - {"NOT"} or words[-1] in _OPERATORS):
        raise QueryError(f"'{words[0] if words[0] in _OPERATORS else words[-1]}' needs a word on each side.")
    for left, right in zip(words, words[1:]):
        if left in _OPERATORS and right in _OPERATORS - {"NOT"}:
            raise QueryError(f"'{left} {right}': two operators in a row.")


def parse_query(text: str, schema: wfields.Schema, default_fields: Sequence[str],
                fields: Sequence[str]) -> query.Query:
    """Parse ``text`` into a Whoosh query over ``default_fields``, or raise QueryError."""
    check_syntax(text, fields)
    date_errors: list = []
    parser = qparser.MultifieldParser(list(default_fields), schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    # -term and +term only at the start of a word: "anti-Hitler" stays one phrase.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<!\S)\+(?=\S)", minusexpr=r"(?<!\S)-(?=\S)"))
    if "date" in schema:
        parser.add_plugin(DateParserPlugin(basedate=datetime.now(), callback=date_errors.append))
    try:
        parsed = parser.parse(text)
    except Exception as exc:  # the parser's own failures are the user's typos
        log.debug("query %r failed to parse", text, exc_info=True)
        if "date:" in text.lower():
            raise QueryError(DATE_HINT) from None
        raise QueryError(f"Could not understand the query ({exc}).") from None
    if date_errors:
        raise QueryError(DATE_HINT)
    if parsed is query.NullQuery and text.strip():
        raise QueryError("The query has no words to search for.")
    return parsed


# -- hit offsets ----------------------------------------------------------------


def _positive_leaves(q: query.Query) -> Iterable[query.Query]:
    """Leaf queries that must or may match; negated parts are skipped."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_leaves(q.a)
        return
    if isinstance(q, query.Phrase) or not q.is_leaf():
        if isinstance(q, query.Phrase):
            yield q
            return
        for child in q.children():
            yield from _positive_leaves(child)
        return
    yield q


@dataclass(frozen=True)
class _Plan:
    """What to highlight for one parsed query."""

    phrases: tuple[tuple[str, tuple[str, ...], int], ...]  # (field, words, slop)
    phrase_words: frozenset[str]
    loose_words: frozenset[str]  # exact Term leaves, highlighted even if also in a phrase


def _plan(q: query.Query) -> _Plan:
    phrases, phrase_words, loose = [], set(), set()
    for leaf in _positive_leaves(q):
        if isinstance(leaf, query.Phrase):
            words = tuple(leaf.words)
            phrases.append((leaf.fieldname, words, leaf.slop))
            phrase_words.update(words)
        elif isinstance(leaf, query.Term):
            loose.add(leaf.text)
    return _Plan(tuple(phrases), frozenset(phrase_words), frozenset(loose))


def _postings_chars(searcher, fieldname: str, word: str, docnum: int) -> list[tuple[int, int, int]]:
    """(position, start, end) of every occurrence of ``word`` in one document."""
    try:
        matcher = searcher.postings(fieldname, word)
    except Exception:  # the term is not in the index (TermNotFound)
        return []
    matcher.skip_to(docnum)
    if not matcher.is_active() or matcher.id() != docnum:
        return []
    return matcher.value_as("characters")


def _phrase_spans(occurrences: list[list[tuple[int, int, int]]], slop: int) -> list[tuple[int, int]]:
    """Whole-phrase spans from the per-word occurrence lists."""
    if not occurrences or any(not o for o in occurrences):
        return []
    by_pos = [dict((p, (s, e)) for p, s, e in occ) for occ in occurrences]
    spans = []
    for pos, start, end in occurrences[0]:
        current, last_end = pos, end
        for table in by_pos[1:]:
            nxt = next((p for p in range(current + 1, current + slop + 1) if p in table), None)
            if nxt is None:
                break
            current, last_end = nxt, table[nxt][1]
        else:
            spans.append((start, last_end))
    return spans


def _within(spans: Iterable[tuple[int, int]], bounds: tuple[int, int] | None) -> list[tuple[int, int]]:
    if bounds is None:
        return []
    lo, hi = bounds
    return [(s, e) for s, e in spans if s >= lo and e <= hi]


def hit_spans(searcher, docnum: int, plan: _Plan, matched: Iterable[tuple[str, str]],
              title_span: tuple[int, int] | None) -> list[tuple[int, int]]:
    """Every match of the query in one document, as sorted, non-overlapping offsets.

    The title is the article's first heading, so it is part of the body's text
    and its offsets; a ``title:`` match is shown where the body has it inside
    the title heading.
    """
    spans: list[tuple[int, int]] = []
    for fieldname, word in matched:
        if fieldname not in ("title", "body"):
            continue
        if word in plan.phrase_words and word not in plan.loose_words:
            continue
        found = [(s, e) for _, s, e in _postings_chars(searcher, "body", word, docnum)]
        spans.extend(found if fieldname == "body" else _within(found, title_span))
    for fieldname, words, slop in plan.phrases:
        if fieldname not in ("title", "body"):
            continue
        occurrences = [_postings_chars(searcher, "body", w, docnum) for w in words]
        found = _phrase_spans(occurrences, max(slop, 1))
        spans.extend(found if fieldname == "body" else _within(found, title_span))
    return merge_spans(spans)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that overlap (a phrase and one of its words)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


# -- snippets -------------------------------------------------------------------


def _fragments(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Up to SNIPPET_FRAGMENTS windows of text, richest in matches, in text order."""
    if not spans:
        return []
    windows: list[tuple[int, int, int]] = []  # (start, end, number of spans)
    i = 0
    while i < len(spans):
        start = max(0, spans[i][0] - FRAGMENT_CHARS // 3)
        limit = start + FRAGMENT_CHARS
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] <= limit:
            j += 1
        windows.append((start, max(limit, spans[j][1]), j - i + 1))
        i = j + 1
    best = sorted(windows, key=lambda w: (-w[2], w[0]))[:SNIPPET_FRAGMENTS]
    return [_snap(text, s, e) for s, e, _ in sorted(best)]


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move fragment edges to word boundaries so no word is cut in half."""
    end = min(end, len(text))
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space != -1 else end
    return start, end


def render_snippet(text: str, spans: Sequence[tuple[int, int]], lead_from: int = 0) -> str:
    """HTML: fragments joined by an ellipsis, matches wrapped in <mark>.

    With no spans (a date-only query, say) the article's opening is shown.
    """
    fragments = _fragments(text, spans) or [_snap(text, lead_from, lead_from + FRAGMENT_CHARS)]
    parts = []
    for frag_start, frag_end in fragments:
        pieces, pos = [], frag_start
        for s, e in spans:
            if s >= frag_start and e <= frag_end:
                pieces.append(html.escape(text[pos:s]))
                pieces.append(f"<mark>{html.escape(text[s:e])}</mark>")
                pos = e
        pieces.append(html.escape(text[pos:frag_end]))
        body = "".join(pieces).replace("\n", " ").strip()
        prefix = "… " if frag_start > lead_from else ""
        suffix = " …" if frag_end < len(text) else ""
        parts.append(prefix + body + suffix)
    return " ".join(parts).replace("… …", "…")


# -- article search -------------------------------------------------------------


@dataclass
class Hit:
    """One matching article."""

    id: str
    path: str
    title: str
    date: str
    source: str
    author: str
    score: float
    snippet: str  # HTML, matches in <mark>
    highlights: list[tuple[int, int]]
    kind: str = "article"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["highlights"] = [list(span) for span in self.highlights]
        return data


@dataclass
class Results:
    query: str
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    page: int = 1
    pagelen: int = 20
    sort: str = "relevance"

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "sort": self.sort,
            "hits": [h.to_dict() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
        }


def _facet_counts(results, name: str) -> dict[str, int]:
    try:
        groups = results.groups(name)
    except Exception:  # no document has a value for this facet
        return {}
    counts = {str(k): int(v) for k, v in groups.items() if k not in (None, "")}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _facet_filter(sources: Iterable[str] | None, years: Iterable[int] | None) -> query.Query | None:
    parts = []
    if sources:
        parts.append(query.Or([query.Term("source_facet", s) for s in sources]))
    if years:
        parts.append(query.Or([query.Term("year", str(y)) for y in years]))
    return query.And(parts) if parts else None


def search_articles(
    index: SearchIndex,
    text: str,
    *,
    limit: int = 20,
    page: int = 1,
    sort: str = "relevance",
    sources: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> Results:
    """Run a query; raises QueryError for a malformed one."""
    if sort not in SORTS:
        raise QueryError(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}.")
    results = Results(query=text, page=page, pagelen=limit, sort=sort)
    if not text.strip():
        return results
    q = parse_query(text, index.schema, ("title", "body"), ARTICLE_FIELDS)
    searcher = index.searcher()
    facets = {
        "source": sorting.FieldFacet("source_facet", maptype=sorting.Count),
        "year": sorting.FieldFacet("year", maptype=sorting.Count),
    }
    sortedby = sorting.FieldFacet("date_order", reverse=True) if sort == "date" else None
    found = searcher.search(
        q, limit=page * limit, terms=True, groupedby=facets, sortedby=sortedby,
        filter=_facet_filter(sources, years),
    )
    results.total = len(found)
    results.facets = {"source": _facet_counts(found, "source"), "year": _facet_counts(found, "year")}
    plan = _plan(q)
    for hit in found[(page - 1) * limit: page * limit]:
        results.hits.append(_make_hit(searcher, hit, plan))
    if results.total == 0:
        results.suggestion = _suggest(searcher, text)
    return results


def _decoded_terms(searcher, terms) -> list[tuple[str, str]]:
    """Matched (field, word) pairs of the text fields; dates and numbers are not shown."""
    schema = searcher.schema
    return [(f, schema[f].from_bytes(t)) for f, t in terms if f in ("title", "body")]


def _make_hit(searcher, hit, plan: _Plan) -> Hit:
    stored = hit.fields()
    text = stored["text"]
    title_span = stored.get("title_span")
    spans = hit_spans(searcher, hit.docnum, plan, _decoded_terms(searcher, hit.matched_terms()),
                      title_span)
    lead = title_span[1] + 1 if title_span else 0
    return Hit(
        id=stored["id"], path=stored["path"], title=stored.get("title", ""),
        date=stored.get("datestr", ""), source=stored.get("source", ""),
        author=stored.get("author", ""), score=round(float(hit.score or 0.0), 4),
        snippet=render_snippet(text, spans, lead_from=min(lead, len(text))),
        highlights=spans,
    )


_WORD_RE = re.compile(r'(?<![\w:*?~])([^\W\d_]{3,})(?![\w:*?~])')


def _suggest(searcher, text: str) -> str | None:
    """A "did you mean" built from the index vocabulary, or None.

    Each plain word of the query that the index does not know is replaced by
    the nearest indexed word (then the most frequent), shown in a form that
    really occurs in the articles: "terorism" becomes "terrorism", not the
    stem "terror".
    """
    analyzer = searcher.schema["body"].analyzer
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        stems = [t.text for t in analyzer(word)]
        if word in _OPERATORS or len(stems) != 1 or searcher.doc_frequency("body", stems[0]):
            return word
        best = _closest_word(searcher, stems[0], word)
        if best is None:
            return word
        changed = True
        return best

    # Only bare words are corrected; "phrases" are kept as typed.
    parts = re.split(r'("[^"]*")', text)
    suggestion = "".join(p if i % 2 else _WORD_RE.sub(replace, p) for i, p in enumerate(parts))
    return suggestion if changed else None


def _closest_word(searcher, stem: str, typed: str) -> str | None:
    reader = searcher.reader()
    for maxdist in (1, 2):
        candidates = sorted(reader.terms_within("body", stem, maxdist, prefix=1))
        if candidates:
            best = max(candidates, key=lambda c: searcher.doc_frequency("body", c))
            return _surface_form(searcher, best, typed)
    return None


def _surface_form(searcher, stem: str, typed: str) -> str:
    """The spelling of ``stem`` in the first article that has it, closest to ``typed``."""
    matcher = searcher.postings("body", stem)
    forms: set[str] = set()
    for _ in range(SURFACE_SAMPLE_DOCS):
        if not matcher.is_active():
            break
        text = searcher.stored_fields(matcher.id())["text"]
        forms.update(text[s:e] for _, s, e in matcher.value_as("characters"))
        matcher.next()
    best = min(sorted(forms), key=lambda f: distance(f.lower(), typed.lower()))
    return best if typed[:1].isupper() else best.lower()


def article_highlights(index: SearchIndex, article_id: str, text: str) -> list[tuple[int, int]]:
    """Offsets of every match of ``text`` in one article ([] if it does not match)."""
    if not text.strip():
        return []
    q = parse_query(text, index.schema, ("title", "body"), ARTICLE_FIELDS)
    searcher = index.searcher()
    found = searcher.search(q, limit=1, terms=True, filter=query.Term("id", article_id))
    if not found.scored_length():
        return []
    hit = found[0]
    return hit_spans(searcher, hit.docnum, _plan(q), _decoded_terms(searcher, hit.matched_terms()),
                     hit.fields().get("title_span"))


# -- note search ----------------------------------------------------------------


@dataclass
class NoteHit:
    """One matching note."""

    note_id: str
    article_id: str
    article_title: str
    score: float
    snippet: str
    kind: str = "note"

    def to_dict(self) -> dict:
        return asdict(self)


def _notes_schema() -> wfields.Schema:
    text = make_analyzer()
    return wfields.Schema(
        id=wfields.ID(stored=True, unique=True),
        quote=wfields.TEXT(analyzer=text),
        note=wfields.TEXT(analyzer=text),
        title=wfields.TEXT(analyzer=text),
        tag=wfields.KEYWORD(lowercase=True, commas=True, scorable=True),
        color=wfields.ID(),
        status=wfields.ID(),
    )


class NoteSearcher:
    """Full-text search over notes with the article query language.

    The notes are few (thousands, not millions), so the index is built in
    memory from the store and rebuilt when the store's revision changes.
    """

    def __init__(self) -> None:
        self._ix = None
        self._revision: int | None = None

    def search(self, load_notes: Callable[[], Sequence[Note]], revision: int, text: str,
               limit: int = 50) -> list[NoteHit]:
        """``load_notes`` is called only when ``revision`` says the notes changed."""
        if not text.strip():
            return []
        q = parse_query(text, _notes_schema(), ("quote", "note", "tag"), NOTE_FIELDS)
        if self._ix is None or revision != self._revision:
            self._build(load_notes(), revision)
        by_id = self._notes
        hits = []
        with self._ix.searcher() as searcher:
            for hit in searcher.search(q, limit=limit):
                note = by_id[hit["id"]]
                hits.append(NoteHit(
                    note_id=note.id, article_id=note.article_id,
                    article_title=note.article_title, score=round(float(hit.score or 0), 4),
                    snippet=html.escape(_excerpt(note.exact)),
                ))
        return hits

    def _build(self, notes: Sequence[Note], revision: int) -> None:
        ix = RamStorage().create_index(_notes_schema())
        writer = ix.writer()
        for note in notes:
            writer.add_document(
                id=note.id, quote=note.exact, note=note.body, title=note.article_title,
                tag=",".join(note.tags), color=note.color, status=note.status,
            )
        writer.commit()
        self._ix, self._revision = ix, revision
        self._notes = {note.id: note for note in notes}


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
