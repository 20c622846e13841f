"""Query parsing, checked first so that a malformed query gets a sentence.

The query language is Whoosh's (words, "phrases", AND/OR/NOT, -term,
field:value, wildcards, term~ fuzzy, date:2016, date:[2015 to 2016], lang:ru,
folder:briefs, path:*.pdf).
Whoosh's parser is lenient: it silently guesses at an unclosed quote or an
unknown field, so ``check_syntax`` explains those mistakes before it runs.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime

from whoosh import fields as wfields
from whoosh import qparser, query
from whoosh.qparser.dateparse import DateParserPlugin

from reader.core.model import QueryError

log = logging.getLogger("reader.search")

ARTICLE_FIELDS = ("title", "body", "author", "source", "date", "lang", "path", "folder")
NOTE_FIELDS = ("quote", "note", "tag", "color", "status", "title")

DATE_HINT = "Could not understand the date. Try date:2016, date:2016-11 or date:[2015 to 2016]."

_FIELD_RE = re.compile(r'(?<![\w"])([A-Za-z_]\w*):')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
#: The most edits ``word~N`` may ask for (Lucene's limit): more matches almost
#: every word, and expanding them would keep a search busy for minutes.
MAX_EDITS = 2
_FUZZY_RE = re.compile(r"(?<=\w)~(\d+)")  # word~N; not "a phrase"~N (its slop)


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
    for match in _FUZZY_RE.finditer(bare):
        if int(match.group(1)) > MAX_EDITS:
            raise QueryError(
                f"'{match.group(0)}' asks for {int(match.group(1))} edits; fuzzy search allows at "
                f"most {MAX_EDITS}, as Lucene does: word~ (one edit) or word~2.")
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
    if "pathname" in schema:  # `path:` asks the file's path or name (its own field: the
        parser.add_plugin(qparser.FieldAliasPlugin({"pathname": ["path"]}))  # stored path)
    # -term and +term only at the start of a word: "anti-Hitler" stays one phrase.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<!\S)\+(?=\S)", minusexpr=r"(?<!\S)-(?=\S)"))
    if "date" in schema and "date" in text.lower():  # (only a date: field uses it; its
        # seventy patterns take a command line's first search 11 ms to compile)
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
