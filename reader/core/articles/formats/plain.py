"""Plain text: reflow hard-wrapped lines into blocks; the headline is the title.

A blank line always ends a paragraph.  Within a run of lines, a line starts
a new block when it is site chrome, a dateline or byline, a list item,
indented deeper than the line before, or (in text that is not hard-wrapped,
where every line is a paragraph) when the line before ended a sentence.  A
paragraph that stops mid-sentence and is followed, after blank lines, by one
starting in lower case is the same paragraph.

Character references left by the tool that saved the text (``&#163;1.8m``,
``AT&amp;T``) are read as the characters they stand for: numeric ones, and
the few named ones such tools write.  Other ``&name;`` text is left as it is.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from reader.core.articles.blocks import Parsed
from reader.core.articles.chrome import is_chrome
from reader.core.articles.decoding import checked_text
from reader.core.articles.metadata import line_metadata
from reader.core.articles.text import WORD, Vocabulary, clean, ends_sentence, joined, starts_lower
from reader.core.model import BOILERPLATE, HEADING, LIST_ITEM, PARAGRAPH, Block

SUFFIXES = (".txt",)

_MAX_TITLE_CHARS = 200
_WRAP_WIDTH = 100  # lines longer than this are not hard-wrapped
_BULLET = re.compile(r"^\s*[-*•·–]\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(?=\S)")
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|amp|quot|apos|lt|gt|nbsp|pound|euro|mdash|ndash);")
_TITLE_MINOR_WORDS = frozenset(  # words a Title Case headline leaves in lower case
    "a an the and but or nor for so yet at by in of on to up as is it vs via with from into onto"
    " over than that per".split()
)


@dataclass
class _Segment:
    """Consecutive source lines that become one block."""

    kind: str
    lines: list[str]
    level: int = 0
    open: bool = True  # whether following lines may still join it


def parse(path: Path, data: bytes) -> Parsed:
    """The blocks of a text file; its title is the headline, when it has one."""
    text = _CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group()), checked_text(data))
    blocks = text_blocks(text, find_headline=True)
    title = next((b.text for b in blocks if b.kind == HEADING), "")
    return Parsed(blocks, title=title)


def text_blocks(text: str, *, find_headline: bool) -> list[Block]:
    """Plain text as blocks: paragraphs reflowed, lists and quotes recognised.

    ``find_headline``: a short first line may be the text's headline (a
    saved article); an e-mail body has its title in the Subject instead.
    """
    lines = text.split("\n")
    chunks = _chunks(lines)
    wrapped = _is_hard_wrapped(lines)
    words = Vocabulary(text)
    headline = _find_headline(chunks) if find_headline else None
    blocks: list[Block] = []
    for index, chunk in enumerate(chunks):
        heading_lines = headline[1] if headline and headline[0] == index else range(0)
        for segment in _segments(chunk, wrapped, heading_lines):
            block = _segment_block(segment, words)
            if block:
                blocks.append(block)
    return _merge_broken_paragraphs(blocks, words)


def _chunks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines (blank lines separate paragraphs)."""
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Whether line ends are mere wrapping (as in an e-mail) rather than paragraph ends."""
    lengths = [len(line.strip()) for line in lines if line.strip()]
    return sum(n > _WRAP_WIDTH for n in lengths) <= 0.05 * len(lengths)


def _find_headline(chunks: list[list[str]]) -> tuple[int, range] | None:
    """Where the headline is: ``(chunk index, line range)``, or None.

    The headline is the first line that is not chrome, a dateline or byline,
    plus the lines that continue it when the headline itself is wrapped.
    """
    for index, chunk in enumerate(chunks):
        for start, line in enumerate(chunk):
            text = clean(line)
            if not text or is_chrome(text) or line_metadata(text):
                continue
            if _BULLET.match(line):
                return None  # a document that opens with a list has no headline
            count = _headline_line_count(chunk[start:])
            title = clean(" ".join(chunk[start : start + count]))
            return (index, range(start, start + count)) if len(title) <= _MAX_TITLE_CHARS else None
    return None


def _headline_line_count(lines: list[str]) -> int:
    """How many lines the headline spans when it is itself hard-wrapped.

    A continuation line starts in lower case or, under a Title Case first
    line, is Title Case too ("How Terror Attacks Gift Russia Foreign" /
    "Policy Opportunity"); a sentence-case line after it is the standfirst.
    """
    count = 1
    while count < len(lines) and not ends_sentence(lines[count - 1]):
        following = lines[count]
        title_case = _is_title_case(lines[0]) and _is_title_case(following)
        if not (title_case or starts_lower(following)):
            break
        count += 1
    return count


def _is_title_case(line: str) -> bool:
    words = WORD.findall(line)
    return bool(words) and all(w[0].isupper() or w.lower() in _TITLE_MINOR_WORDS for w in words)


def _segments(chunk: list[str], wrapped: bool, heading_lines: range) -> list[_Segment]:
    """Split a run of non-blank lines into blocks-to-be."""
    segments: list[_Segment] = []
    for i, line in enumerate(chunk):
        prev = chunk[i - 1] if i else ""
        current = segments[-1] if segments else None
        if i in heading_lines:
            if current and current.kind == HEADING:
                current.lines.append(line)
            else:
                segments.append(_Segment(HEADING, [line], 1, open=False))
            continue
        starts_unit = current is None or not current.open or ends_sentence(prev)
        continued = i + 1 < len(chunk) and starts_lower(chunk[i + 1])
        standalone = _standalone_kind(line) if starts_unit and not continued else None
        if standalone:
            segments.append(_Segment(standalone, [line], open=False))
        elif _BULLET.match(line) or (
            _NUMBERED.match(line) and (starts_unit or current.kind == LIST_ITEM)
        ):
            indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
            segments.append(_Segment(LIST_ITEM, [_BULLET.sub("", line)], 1 + indent // 2))
        elif current is None or _starts_block(line, prev, current, wrapped):
            segments.append(_Segment(PARAGRAPH, [line]))
        else:
            current.lines.append(line)
    return segments


def _standalone_kind(line: str) -> str | None:
    """The kind of a line that must never merge with its neighbours, else None."""
    text = clean(line)
    if is_chrome(text):
        return BOILERPLATE
    if line_metadata(text):
        return PARAGRAPH
    return None


def _starts_block(line: str, prev: str, current: _Segment, wrapped: bool) -> bool:
    if not current.open:
        return True
    if current.kind == PARAGRAPH and _indent(line) > _indent(prev):
        return True
    return not wrapped and ends_sentence(prev)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _segment_block(segment: _Segment, words: Vocabulary) -> Block | None:
    text = clean(joined(segment.lines, words))
    return Block(segment.kind, text, segment.level) if text else None


def _merge_broken_paragraphs(blocks: list[Block], words: Vocabulary) -> list[Block]:
    """Rejoin a paragraph that a stray blank line cut mid-sentence."""
    runs: list[list[Block]] = []
    for block in blocks:
        prev = runs[-1][-1] if runs else None
        if (
            prev
            and prev.kind == block.kind == PARAGRAPH
            and not ends_sentence(prev.text)
            and starts_lower(block.text)
        ):
            runs[-1].append(block)
        else:
            runs.append([block])
    return [
        run[0] if len(run) == 1 else Block(PARAGRAPH, clean(joined([b.text for b in run], words)))
        for run in runs
    ]
