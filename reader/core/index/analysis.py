"""How text becomes index terms: words, lower-cased, accents folded, stemmed.

Stemming is Snowball's, by PyStemmer (C): a language name picks the
stemmer, so articles in other languages can get their own analysis (the
language a format module detects); for now everything is indexed as English.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import Stemmer
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer
from whoosh.analysis.acore import Token
from whoosh.support.charset import accent_map

#: Words, and dotted words such as "U.S" or "3.141", as one token each.
#: Whoosh's default token pattern keeps "*" inside words (for wildcard
#: queries); in text, "**bold**" must index as "bold".
TOKEN_PATTERN = r"\w+(?:\.\w+)*"

#: The language everything is analysed as, until analysis follows the
#: article's own language.
DEFAULT_LANGUAGE = "english"


def stemmer(language: str, *, cache: bool = True) -> Callable[[str], str]:
    """The Snowball stem function of a language (a PyStemmer algorithm name:
    "english", "russian", "arabic", "french", "german" ...).

    ``cache=False`` turns PyStemmer's own word cache off, for callers that
    remember every word's term themselves.
    """
    algorithm = Stemmer.Stemmer(language)
    if not cache:
        algorithm.maxCacheSize = 0
    return algorithm.stemWord


class SnowballStemFilter(Filter):
    """Stems tokens with the Snowball stemmer of ``language``.

    Whoosh pickles the schema, and with it this filter, into the index: only
    the language name is pickled, and the stemmer is made again on load.
    (Whoosh's own PyStemmerFilter cannot be compared with ``==``, which
    Whoosh does with the analyzers of two schemas.)
    """

    is_morph = True

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language
        self._stem = stemmer(language)

    def __getstate__(self) -> dict:
        return {"language": self.language}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["language"])

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.language == self.language

    def __hash__(self) -> int:
        return hash((type(self), self.language))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = self._stem
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def make_analyzer(stem: bool = True, language: str = DEFAULT_LANGUAGE):
    """Words, lower-cased, accents folded (Władimir -> wladimir), stemmed in
    ``language``.

    No stop words: dropping them breaks phrase queries such as "war on terror"
    and costs little at the sizes Reader handles.
    """
    chain = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
    return chain | SnowballStemFilter(language) if stem else chain
