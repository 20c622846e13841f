"""Each segment's words of its text fields, in one small file: fuzzy terms expanded in memory.

Whoosh expands a fuzzy term (``Krelmin~``) by walking a Levenshtein automaton
over the segment's term index on disk: every step is a binary search of the
ordered hash file, some forty small reads through the compound file's
wrappers, and a fuzzy term takes over a thousand steps (bench: 20-40 ms at
2,000 to 20,000 articles, nine tenths of it in those reads).  The fast
writer also writes the words of every text field, sorted, as one file of the
segment (``.lex``); the walk is then the same automaton, stepping by bisection
over a list in memory.  A segment never changes once written, so its words
are read once (a read and a split) and kept, by segment, for the next query.

A segment written without the file (by an older Reader) is expanded as
Whoosh does it; the answer is the same.
"""
from __future__ import annotations

import threading
from bisect import bisect_left
from collections import OrderedDict

from whoosh.automata import lev

LEXICON_EXT = ".lex"
#: Separates fields, and the field name from its words, in the file.
_FIELD_END = b"\x01"
_NAME_END = b"\x02"
#: Separates the words of a field.  The tokenizer's words never hold these;
#: a field with a word that did would be left out of the file.
_WORD_END = b"\x00"
#: Segments whose words are kept in memory (the most recently used).
_KEPT_SEGMENTS = 64


def lexicon_bytes(words: dict[str, list[bytes]]) -> bytes:
    """The file: each field's words, already sorted, as UTF-8 (a field whose
    words hold a separator is left out: it is expanded as Whoosh does it)."""
    parts = []
    for name, terms in words.items():
        joined = _WORD_END.join(terms)
        if joined.count(_WORD_END) != len(terms) - 1 or _FIELD_END in joined or (
                _NAME_END in joined):
            continue
        parts.append(name.encode("utf-8") + _NAME_END + joined)
    return _FIELD_END.join(parts)


def _parsed(data: bytes) -> dict[str, list[str]]:
    fields = {}
    for part in data.split(_FIELD_END) if data else ():
        name, _, joined = part.partition(_NAME_END)
        fields[name.decode("utf-8")] = joined.decode("utf-8").split("\x00") if joined else []
    return fields


class Lexicons:
    """The words of recently used segments, by segment and field (thread-safe)."""

    def __init__(self, kept: int = _KEPT_SEGMENTS) -> None:
        self._kept = kept
        self._segments: OrderedDict[str, dict[str, list[str]] | None] = OrderedDict()
        self._lock = threading.Lock()

    def words(self, reader, fieldname: str) -> list[str] | None:
        """The sorted words of ``fieldname`` in a segment reader's segment, or
        None when its segment has no word file (or no segment: a multi-reader)."""
        segment = getattr(reader, "_segment", None)
        storage = getattr(reader, "_storage", None)
        if segment is None or storage is None:
            return None
        # A segment's id is random, made when it is written, and it is never
        # written again: the same id is the same words (a copied index
        # included), whichever index folder or reader it is read through.
        key = segment.segment_id()
        with self._lock:
            if key in self._segments:
                self._segments.move_to_end(key)
                fields = self._segments[key]
                return None if fields is None else fields.get(fieldname)
        fields = _read(segment, storage)
        with self._lock:
            self._segments[key] = fields
            while len(self._segments) > self._kept:
                self._segments.popitem(last=False)
        return None if fields is None else fields.get(fieldname)


def _read(segment, storage) -> dict[str, list[str]] | None:
    name = segment.make_filename(LEXICON_EXT)
    if not storage.file_exists(name):
        return None
    handle = storage.open_file(name)
    try:
        return _parsed(handle.read())
    finally:
        handle.close()


def words_within(words: list[str], text: str, maxdist: int, prefix: int = 0) -> list[str]:
    """The words within ``maxdist`` edits of ``text`` (sharing its first
    ``prefix`` characters): Whoosh's Levenshtein automaton, stepped over a
    sorted list as Whoosh steps it over the term index (codec.base.Automata)."""
    if not words:
        return []
    dfa = lev.levenshtein_automaton(text, maxdist, prefix).to_dfa()
    found = []
    at = 0
    end = len(words)
    match = dfa.next_valid_string(words[0])
    while match:
        at = bisect_left(words, match, at)
        if at == end:
            break
        word = words[at]
        if word == match:
            found.append(word)
            word += "\x00"
        match = dfa.next_valid_string(word)
    return found


#: The process's kept words: a segment's file is read once, whichever searcher asks.
LEXICONS = Lexicons()
