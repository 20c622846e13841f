"""Whoosh's analyzer chain (``make_analyzer``) computed in bulk.

One regex split, offsets by a running sum, and a cache from each surface
word to its term: stemming is most of what a word not seen yet costs (a
fresh library, a fresh worker process), and the cache pays it once per word.
A property test holds it to the chain's own tokens.
"""
from __future__ import annotations

import re
from itertools import accumulate, islice

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer

from ..analysis import SnowballStemFilter, algorithm_for, stemmer
from .formats import term_hash


#: Surface words remembered per analyser; past this the cache starts over.
_TERM_CACHE_LIMIT = 400_000


class _Terms(dict):
    """surface word -> indexed term, computed on first sight."""

    def __init__(self, compute) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> bytes:
        if len(self) >= _TERM_CACHE_LIMIT:
            self.clear()
        term = self[word] = self._compute(word)
        return term


class _Hashes(dict):
    """term -> term_hash(term), remembered."""

    def __missing__(self, term: bytes) -> int:
        if len(self) >= _TERM_CACHE_LIMIT:
            self.clear()
        value = self[term] = term_hash(term)
        return value


class FastAnalyzer:
    """``make_analyzer()``'s tokens, computed in bulk, for one language.

    Built from the analyzer itself (its pattern, character map and stemmer),
    so the two cannot drift apart; a chain of another shape is refused.
    Tokens are never dropped by that chain, so a token's position is its
    index among the regex matches.  Terms come as UTF-8 bytes, as Whoosh
    stores them.  ``language`` (an ISO code) is the articles' language, as
    the chain's ``language`` keyword would give it: "" stems in the chain's
    own language.
    """

    def __init__(self, analyzer, language: str = "") -> None:
        items = list(getattr(analyzer, "items", [analyzer]))
        kinds = [type(item) for item in items]
        if kinds[:3] != [RegexTokenizer, LowercaseFilter, CharsetFilter] or len(items) > 4 or (
                len(items) == 4 and kinds[3] is not SnowballStemFilter):
            raise ValueError(f"no fast path for the analyzer {analyzer!r}")
        if items[0].gaps:
            raise ValueError("no fast path for a gaps tokenizer")
        pattern = items[0].expression
        self._split = re.compile(f"({pattern.pattern})", pattern.flags).split
        self._charmap = items[2].charmap
        # Whether the map leaves lower-case ASCII alone (accent_map does): then
        # most words need no translate, a dictionary lookup per character.
        self._ascii_kept = all(chr(c).lower().translate(self._charmap) == chr(c).lower()
                               for c in range(128))
        # A stemmer of its own, without PyStemmer's cache: the word cache
        # below already remembers every word's term.
        algorithm = (algorithm_for(language) if language else items[3].language
                     ) if len(items) == 4 else None
        self._stem = stemmer(algorithm, cache=False) if algorithm else None
        self._cache = _Terms(self._term)
        self._hashes = _Hashes()

    def next_terms(self, terms: list[bytes]) -> list[int]:
        """The hash of the term after each token (0 after the last)."""
        hashes = list(map(self._hashes.__getitem__, islice(terms, 1, None)))
        hashes.append(0)
        return hashes

    def _term(self, word: str) -> bytes:
        term = word.lower()
        if not (self._ascii_kept and term.isascii()):
            term = term.translate(self._charmap)
        if self._stem is not None:
            term = self._stem(term)
        return term.encode("utf-8")

    def tokens(self, text: str) -> tuple[list[bytes], list[int], list[int]]:
        """(terms, start offsets, end offsets) of every token, in order."""
        parts = self._split(text)
        if len(parts) == 1:
            return [], [], []
        bounds = list(accumulate(map(len, parts)))
        terms = list(map(self._cache.__getitem__, parts[1::2]))
        return terms, bounds[:-1:2], bounds[1::2]
