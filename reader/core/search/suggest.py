"""Did you mean: a misspelt query word replaced by the nearest indexed word."""
from __future__ import annotations

import re

from whoosh.support.levenshtein import distance

from .query import _OPERATORS

SURFACE_SAMPLE_DOCS = 10

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
        # The most frequent first; a word that survives only in deleted
        # articles (its postings not yet merged away) has no form to show.
        for best in sorted(candidates, key=lambda c: -searcher.doc_frequency("body", c)):
            form = _surface_form(searcher, best, typed)
            if form is not None:
                return form
    return None


def _surface_form(searcher, stem: str, typed: str) -> str | None:
    """The spelling of ``stem`` in the first article that has it, closest to ``typed``;
    None when no live article has it."""
    matcher = searcher.postings("body", stem)
    forms: set[str] = set()
    for _ in range(SURFACE_SAMPLE_DOCS):
        if not matcher.is_active():
            break
        text = searcher.stored_fields(matcher.id())["text"]
        forms.update(text[s:e] for _, s, e in matcher.value_as("characters"))
        matcher.next()
    if not forms:
        return None
    best = min(sorted(forms), key=lambda f: distance(f.lower(), typed.lower()))
    return best if typed[:1].isupper() else best.lower()
