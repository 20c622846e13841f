"""How text becomes index terms: words, lower-cased, normalised, stemmed in
the article's language.

Stemming is Snowball's, by PyStemmer (C).  Each article is stemmed in the
language detected for it (``articles.language``), passed down as an ISO
639-1 code: a token carries it as its ``language`` attribute (Whoosh hands
the analyzer's keyword arguments to every token), and the fast analyzer is
built per language (``fast.analysis``).  The index keeps one body field; a
query is analysed in every language present (``search.languages``).

Normalisation works on token text only, so character offsets stay exact:
lower case, accents folded (Władimir -> wladimir), ё -> е, and the marks a
reader may or may not type deleted (Arabic harakat and tatweel, Hebrew
points, combining accents and stress marks).
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator

import Stemmer
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer
from whoosh.analysis.acore import Token
from whoosh.support.charset import accent_map

#: Combining marks that belong inside a word.  Python's ``\w`` matches no
#: mark (category M), so without them "ка́к" (a stress mark) or an Arabic
#: word with harakat would be split into pieces.  The blocks of the scripts
#: Reader's readers use: combining diacritics (and their supplements),
#: Cyrillic, Hebrew points, Arabic marks; punctuation in those blocks is left out.
MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
         "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
         "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f")
TATWEEL = "\u0640"

#: Words, and dotted words such as "U.S" or "3.141", as one token each; marks
#: stay inside their word.  A word starts with a letter or digit other than
#: tatweel (a run of tatweel alone would normalise to an empty term).
#: Whoosh's default pattern keeps "*" inside words (for wildcard queries); in
#: text, "**bold**" must index as "bold".
_WORD = rf"(?:(?!{TATWEEL})\w)[\w{MARKS}]*"
TOKEN_PATTERN = rf"{_WORD}(?:\.{_WORD})*"


def _fold_map() -> dict[int, str | None]:
    """Whoosh's accent map, plus ё -> е and the marks above (and tatweel) deleted."""
    folded: dict[int, str | None] = dict(accent_map)
    folded.update({ord("ё"): "е", ord("Ё"): "е", ord(TATWEEL): None})
    for part in _ranges(MARKS):
        for code in part:
            folded[code] = None
    return folded


def _ranges(spec: str) -> Iterator[range]:
    """The code points of a character-class spec such as "a-cx"."""
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            yield range(ord(spec[i]), ord(spec[i + 2]) + 1)
            i += 3
        else:
            yield range(ord(spec[i]), ord(spec[i]) + 1)
            i += 1


FOLD_MAP = _fold_map()

#: A token per line: the analyzer of the fields of lines (schema.py).
LINE_PATTERN = r"[^\n]+"

#: The index field that holds an article's language (an ISO 639-1 code);
#: the preparer analyses the document's text fields in it.
LANGUAGE_FIELD = "lang"

#: What an article of unknown language is stemmed as: the English stemmer
#: changes only Latin-script endings, so an English article too short to be
#: recognised is indexed as before, and other scripts are left as they are.
DEFAULT_LANGUAGE = "english"

#: ISO 639-1 code -> the PyStemmer algorithm for it.  Ukrainian has no
#: Snowball stemmer; it gets the Russian one, because the two share most
#: adjective and verb endings (українських/українська -> українськ,
#: атакували/атакував -> атакува) and the Russian stemmer leaves the endings
#: it does not know (війні, містом) alone, so it conflates no more than a
#: stemmer should and finds more than exact words would.
ALGORITHMS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
    "uk": "russian",
}


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


def algorithm_for(code: str) -> str | None:
    """The stemmer algorithm for an ISO 639-1 code: the default for "" (not
    known), None for a language Snowball cannot stem (its words are kept as
    they are: an English stemmer would only damage them)."""
    if not code:
        return DEFAULT_LANGUAGE
    algorithm = ALGORITHMS.get(code)
    return algorithm if algorithm in _available() else None


@functools.cache
def _available() -> frozenset[str]:
    return frozenset(Stemmer.algorithms())


_local = threading.local()


def _stem_function(algorithm: str | None) -> Callable[[str], str] | None:
    """One stemmer per algorithm and thread: a PyStemmer object is not
    thread-safe, and the window searches on a pool of threads."""
    if not algorithm:
        return None
    made = getattr(_local, "stemmers", None)
    if made is None:
        made = _local.stemmers = {}
    stem = made.get(algorithm)
    if stem is None:
        stem = made[algorithm] = stemmer(algorithm)
    return stem


def stems(word: str, languages: Iterable[str]) -> list[str]:
    """The distinct stems of an analysed (normalised, unstemmed) word in each
    language (ISO codes; "" for unknown), in the order first found."""
    found: dict[str, None] = {}
    for code in languages:
        stem = _stem_function(algorithm_for(code))
        found[stem(word) if stem else word] = None
    return list(found)


class SnowballStemFilter(Filter):
    """Stems tokens with the Snowball stemmer of their article's language.

    A token's ``language`` (an ISO code, from the analyzer's keyword
    arguments) picks the stemmer; without one, ``language`` (an algorithm
    name) does.  Whoosh pickles the schema, and with it this filter, into
    the index: only the language name is pickled, and the stemmer is made
    again on load.  (Whoosh's own PyStemmerFilter cannot be compared with
    ``==``, which Whoosh does with the analyzers of two schemas.)
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
        for token in tokens:
            code = getattr(token, "language", "")
            stem = _stem_function(algorithm_for(code)) if code else self._stem
            if stem is not None and not token.stopped:
                token.text = stem(token.text)
            yield token


def make_analyzer(stem: bool = True, language: str = DEFAULT_LANGUAGE):
    """Words, lower-cased, normalised (see above), stemmed in ``language`` or
    in each token's own.

    No stop words: dropping them breaks phrase queries such as "war on terror"
    and costs little at the sizes Reader handles.
    """
    chain = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(FOLD_MAP)
    return chain | SnowballStemFilter(language) if stem else chain
