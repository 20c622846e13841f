"""Text helpers every format shares: cleaning a block's text, and reflowing hard-wrapped lines.

A block's text is one line (see ``model.py``, "The text model"): ``clean``
makes it so.  Hard-wrapped text (e-mails, old news wires) breaks words and
sentences at line ends; ``joined`` puts them back together, deciding each
break from the two pieces around it and from the words the document itself
uses (``Vocabulary``), never from a dictionary: the articles are in any
language.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

# Control characters that are no text (C0 but tab, newlines and separators;
# C1 but NEL, which ``decoding`` turns into a newline).
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# A run of two or more whitespace characters, or a single one of these (the
# rest, " " and the no-break spaces, are kept alone).  Written to start with
# \s rather than as "\s{2,}|[...]", so that the regex engine skips to the
# next whitespace character instead of trying both branches at every one.
SPACES = re.compile(r"\s(?:\s+|(?<=[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]))")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_ENDS = tuple(".!?…:")
_SENTENCE_CLOSERS = "\"'”’»)]"  # quotes and brackets a sentence may end inside
_HEAD_WORD = re.compile(r"[^\W\d_]+")
_MAX_WORD = 64  # longer "words" at a line end are not worth rejoining


def clean(text: str) -> str:
    """One block's text: no control characters, whitespace runs collapsed, stripped.

    A lone non-breaking space is text and is kept; a run of whitespace of any
    kind becomes one ordinary space.
    """
    if text.isprintable() and "  " not in text:
        # Most lines: no control character, and no whitespace but single
        # spaces (anything else is unprintable); the two substitutions
        # would scan the text to change nothing.
        return text.strip()
    return SPACES.sub(" ", CONTROL.sub("", text)).strip()


def clean_mapped(text: str, marks: list[int]) -> tuple[str, list[int]]:
    """``clean(text)``, and where each position in ``marks`` lands in it.

    Inline markup (bold, links) is recorded as positions in the raw text of
    a block; cleaning deletes and collapses characters before and inside
    it.  A position inside a collapsed whitespace run lands after the one
    space kept; one in stripped whitespace, at the edge of the text.
    """
    stage, marks = _sub_mapped(CONTROL, "", text, marks)
    stage, marks = _sub_mapped(SPACES, " ", stage, marks)
    cleaned = stage.strip()
    lead = len(stage) - len(stage.lstrip())
    return cleaned, [min(max(m - lead, 0), len(cleaned)) for m in marks]


def _sub_mapped(pattern: re.Pattern[str], repl: str, text: str,
                marks: list[int]) -> tuple[str, list[int]]:
    """``pattern.sub(repl, text)``, with ``marks`` moved along."""
    starts: list[int] = []
    ends: list[int] = []
    shifts: list[int] = []  # characters removed up to the end of each match
    out: list[str] = []
    last = removed = 0
    for match in pattern.finditer(text):
        out += [text[last:match.start()], repl]
        last = match.end()
        removed += match.end() - match.start() - len(repl)
        starts.append(match.start())
        ends.append(last)
        shifts.append(removed)
    if not starts:
        return text, marks
    out.append(text[last:])
    moved = []
    for mark in marks:
        i = bisect_right(starts, mark) - 1  # the last match starting at or before the mark
        if i < 0:
            moved.append(mark)
        elif mark >= ends[i]:
            moved.append(mark - shifts[i])
        else:  # inside the match: at most past what replaced it
            before = shifts[i - 1] if i else 0
            moved.append(starts[i] - before + min(mark - starts[i], len(repl)))
    return "".join(out), moved


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a sentence's end, maybe inside quotes or
    brackets, maybe followed by whitespace.  (Stripped from the end: a regex
    anchored at the end is tried from every full stop in the text.)"""
    return text.rstrip().rstrip(_SENTENCE_CLOSERS).endswith(_SENTENCE_ENDS)


def starts_lower(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and text[0].islower()


class Vocabulary:
    """How often each word occurs: decides how a word broken across lines is rejoined.

    Counted on first use: text with each paragraph on one line (most saved
    articles) never breaks a word, and counting every word of it would be a
    fifth of the time its parse takes.
    """

    __slots__ = ("_text", "_counts")

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: Counter[str] | None = None

    def __getitem__(self, word: str) -> int:
        if self._counts is None:
            self._counts = Counter(map(str.lower, WORD.findall(self._text)))
        return self._counts[word]


def joined(pieces: list[str], words: Vocabulary) -> str:
    """Join the pieces of one paragraph that line breaks separated.

    Each break is decided by the two pieces around it alone, so joining is
    linear in the paragraph's length however many lines it has.
    """
    out: list[str] = []
    for left, right in zip(pieces, pieces[1:]):
        kept, glue = _line_break(left.strip(), right.strip(), words)
        out += [kept, glue]
    out.append(pieces[-1].strip())
    return "".join(out)


def _line_break(left: str, right: str, words: Vocabulary) -> tuple[str, str]:
    """How the break between ``left`` and ``right`` is rejoined: ``(left, glue)``.

    ``co-`` + ``operation`` loses its hyphen only when the document spells
    ``cooperation`` elsewhere; otherwise the hyphen stays, and either way no
    space is inserted.  A word broken without a hyphen (``T`` + ``his``) is
    rejoined when the first piece is no word of the document but the whole
    is.  Anything else is joined with a space.
    """
    if not (left and right):
        return left, ""
    first, hyphen = _tail_word(left)
    head = _HEAD_WORD.match(right)
    if not (first and head):
        return left, " "
    second = head.group()
    whole = (first + second).lower()
    if hyphen:
        drop = second[0].islower() and words[whole] > 0
        return (left[:-1] if drop else left), ""
    if second[0].islower() and words[whole] > 0 and words[first.lower()] <= 1:
        return left, ""
    return left, " "


def _tail_word(line: str) -> tuple[str, str]:
    """The letters that end ``line`` (at most ``_MAX_WORD``), and its end hyphen, if any.

    Walked back from the end: a regex anchored at the end of the line is
    tried from every position before it, and this runs at every line break
    of every PDF and e-mail.
    """
    hyphen = "-" if line.endswith("-") else ""
    end = len(line) - len(hyphen)
    start, stop = end, max(0, end - _MAX_WORD)
    while start > stop and _is_letter(line[start - 1]):
        start -= 1
    return line[start:end], hyphen


def _is_letter(char: str) -> bool:
    """What ``[^\\W\\d_]`` matches: a word character but a digit or the underscore."""
    return char.isalnum() and not char.isdecimal()
