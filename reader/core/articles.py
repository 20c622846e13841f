"""Article loaders: turn a ``.txt``, ``.md`` or saved ``.html`` file into an Article.

Every format ends up as a list of ``Block``s (see ``model.py``): one block per
paragraph-level unit, its text cleaned to a single line (whitespace runs
collapsed, control characters removed, never a ``"\\n"``), so that
``Article.text`` and every offset into it are stable and the reading pane can
show one text block per ``Block``.

Decisions every format shares:

* The title heading (level 1, text == ``Article.title``) is the first
  non-boilerplate block.  Site chrome that precedes it (``Skip to main
  content``) keeps its place before it, in document order.  When the source
  has its own heading equal to the title, that heading *is* the title block
  (moved to the front if something preceded it), never a duplicate.  When no
  title is found, the title is the file stem and no heading is invented.
* Site chrome (subscribe prompts, paywalls, comment forms, "Related
  Articles", syndication notices) becomes ``boilerplate`` blocks: kept in
  the text and shown dimmed, but not indexed.  It is recognised by a short
  list of patterns applied to whole short lines and blocks
  (``_CHROME_OPENINGS``, ``_CHROME_ANYWHERE``), never per site.
* Dates are ISO 8601: ``2016-11-24`` or ``2016-11-24T23:21`` with the clock
  time as the source gives it (a time zone, when given, is dropped).
* ``<br>`` in HTML splits a paragraph into separate blocks.
"""
from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown

from reader.core.model import ArticleError
from reader.core.model import (
    BOILERPLATE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    QUOTE,
    Article,
    Block,
    article_id_for,
)

log = logging.getLogger("reader.articles")

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
MAX_FILE_BYTES: int = 20 * 1024 * 1024

_BINARY_SNIFF_BYTES = 8192
_MAX_CONTROL_RATIO = 0.05
_MAX_TITLE_CHARS = 200
_MAX_CHROME_CHARS = 400
_HEADER_BLOCKS = 12  # dates and bylines are looked for this near the top
_WRAP_WIDTH = 100  # lines longer than this are not hard-wrapped


# --------------------------------------------------------------------------
# Public API


def is_supported(path: Path) -> bool:
    """Whether the library should try to load this file, judged by its name only."""
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def warm_up() -> None:
    """Load what the first Markdown article would: python-markdown's extensions.

    Importing them costs about 25 ms, once per process; the app does it on a
    worker thread at start, so the first article the analyst opens does not.
    """
    markdown.Markdown(extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_CONFIG)


def load_article(path: Path) -> Article:
    """Read and parse one file; every failure is an ``ArticleError``.

    The size is checked before reading so a huge file is never pulled into
    memory, and at most one byte more than the limit is read in case the file
    grew in between.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(size)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as err:
        raise ArticleError("vanished before it could be read") from err
    except OSError as err:
        raise ArticleError(f"unreadable: {err.strerror or err}") from err
    return parse_article(path, data)


def parse_article(path: Path, data: bytes) -> Article:
    """Turn a file's bytes into an Article; ``path`` picks the format and the id."""
    path = Path(path)
    parse = _FORMATS.get(path.suffix.lower())
    if parse is None:
        raise ArticleError(f"unsupported file type {path.suffix or '(no suffix)'}")
    text = _checked_text(data)
    article = _finish(path, parse(text))
    log.debug("parsed %s: %d blocks, title %r", path, len(article.blocks), article.title)
    return article


def decode_text(data: bytes) -> str:
    """Decode a text file whatever its encoding, without ever raising.

    UTF-8 (with or without BOM) and BOM-marked UTF-16 are decoded as such;
    anything else that is not valid UTF-8 is a legacy Windows file (cp1252)
    or, failing that, Latin-1, which accepts every byte.  Newlines become
    ``"\\n"`` and the text is NFC-normalised so that the same word always has
    the same code points (search and note anchoring compare strings).
    """
    text = _decode(data)
    for newline in _NEWLINES:
        text = text.replace(newline, "\n")
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------
# Bytes to text

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NEWLINES = ("\r\n", "\r", "\u2028", "\u2029", "\x85")  # "\r\n" first: one newline, not two
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        log.debug("not UTF-8; decoded as cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        log.debug("not UTF-8 or cp1252; decoded as latin-1")
    return text


def _checked_text(data: bytes) -> str:
    """The decoded text; ``ArticleError`` says why when the bytes are no article."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    if not data:
        raise ArticleError("empty file")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES] and not data.startswith(_UTF16_BOMS):
        raise ArticleError("binary file")
    text = decode_text(data)
    if not text.strip():
        raise ArticleError("empty file")
    sample = text[:_BINARY_SNIFF_BYTES]
    if len(_CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample):
        raise ArticleError("binary file")
    return text


def _too_large(size: int) -> ArticleError:
    return ArticleError(f"file too large ({_human_size(size)}, limit {_human_size(MAX_FILE_BYTES)})")


def _human_size(size: int) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


# --------------------------------------------------------------------------
# Text helpers shared by every format

# A run of two or more whitespace characters, or a single one of these (the
# rest, " " and the no-break spaces, are kept alone).  Written to start with
# \s rather than as "\s{2,}|[...]", so that the regex engine skips to the
# next whitespace character instead of trying both branches at every one.
_SPACES = re.compile(r"\s(?:\s+|(?<=[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]))")
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’»)\]]*\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TAIL_WORD = re.compile(r"([^\W\d_]+)(-?)$")
_HEAD_WORD = re.compile(r"[^\W\d_]+")
_MAX_WORD = 64  # longer "words" at a line end are not worth rejoining


def _clean(text: str) -> str:
    """One block's text: no control characters, whitespace runs collapsed, stripped.

    A lone non-breaking space is text and is kept; a run of whitespace of any
    kind becomes one ordinary space.
    """
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _starts_lower(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and text[0].islower()


class _Vocabulary:
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
            self._counts = Counter(map(str.lower, _WORD.findall(self._text)))
        return self._counts[word]


def _joined(pieces: list[str], words: _Vocabulary) -> str:
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


def _line_break(left: str, right: str, words: _Vocabulary) -> tuple[str, str]:
    """How the break between ``left`` and ``right`` is rejoined: ``(left, glue)``.

    ``co-`` + ``operation`` loses its hyphen only when the document spells
    ``cooperation`` elsewhere; otherwise the hyphen stays, and either way no
    space is inserted.  A word broken without a hyphen (``T`` + ``his``) is
    rejoined when the first piece is no word of the document but the whole
    is.  Anything else is joined with a space.
    """
    if not (left and right):
        return left, ""
    tail, head = _TAIL_WORD.search(left[-_MAX_WORD:]), _HEAD_WORD.match(right)
    if not (tail and head):
        return left, " "
    first, hyphen = tail.groups()
    second = head.group()
    whole = (first + second).lower()
    if hyphen:
        drop = second[0].islower() and words[whole] > 0
        return (left[:-1] if drop else left), ""
    if second[0].islower() and words[whole] > 0 and words[first.lower()] <= 1:
        return left, ""
    return left, " "


# --------------------------------------------------------------------------
# Site chrome, datelines, bylines, attributions

# Chrome, as patterns for a whole short line or block.  Most must match
# at its start (a prompt opens with "Subscribe"); a few may match anywhere,
# starting at a word boundary (a look-behind, which is much faster than \b).
_CHROME_OPENINGS = (
    r"skip to (?:main )?(?:content|navigation)\b",
    r"(?:subscribe|sign up|sign in|log ?in|register|donate|share|print|e-?mail|comments?"
    r"|menu|search|advertisement|back to top(?: button)?)\W*$",
    r"leave a (?:reply|comment)\b",
    r"related(?: (?:articles?|stories|posts|content|coverage|reading))?\s*:?$",
    r"(?:read more|read also|see also|recommended|watch|listen)\s*:",
    r"(?:the )?\S+(?: \S+)? podcast\s*:",
    r"to continue reading\b",
    r"want more from\b",
    r"(?:only )?[$€£]\s?\d+(?:[.,]\d+)?\s*(?:per|a|/)\s*(?:year|month|week|day)\b",
    r"(?:sign up|subscribe) (?:for|to) our\b.{0,30}\bnewsletters?\b",
    r"(?:this|the) (?:post|article|story|piece) (?:was )?(?:first|originally) (?:appeared|published)\b",
    r"originally (?:published|appeared)\b",
    r"source\s*:",
    r"our comment(?:ing)? (?:rules|policy)\b",
    r"join our (?:community|newsletter|mailing list)\b",
    r"access (?:the|all|our)\b[^.!?]*$",
    r"follow us\b",
    r"share (?:this (?:article|story|post|page)|on (?:facebook|twitter|x|linkedin|whatsapp))\b",
    r"click here\b",
    r"(?:copyright|©|\(c\))\s*\d{4}\b",
)
_CHROME_ANYWHERE = (
    r"your email address will not be published",
    r"required fields are marked",
    r"subscriber[- ]only\b",
    r"subscribe (?:now|today|to (?:get|access|unlock|continue|read))\b",
    r"go ad[- ]free\b",
    r"free to republish\b",
    r"licensed (?:under )?(?:a )?creative commons\b",
    r"try .{1,40}? free for \d+ (?:days?|weeks?|months?)\b",
    r"all rights reserved\b",
    r"we use cookies\b",
)
_CHROME_OPENING = re.compile("|".join(_CHROME_OPENINGS), re.IGNORECASE)
_CHROME_INSIDE = re.compile(rf"(?<!\w)(?:{'|'.join(_CHROME_ANYWHERE)})", re.IGNORECASE)


def _is_chrome(text: str) -> bool:
    """Whether a whole line or block is site chrome rather than the article's prose.

    Only short blocks qualify: a long paragraph that happens to mention a
    subscription is prose.
    """
    return len(text) <= _MAX_CHROME_CHARS and _is_short_chrome(text)


@lru_cache(maxsize=2048)
def _is_short_chrome(text: str) -> bool:
    """``_is_chrome`` of a short text, remembered: most lines are asked about
    twice (as a line, then as a block), and the patterns are slow to search."""
    return bool(_CHROME_OPENING.match(text) or _CHROME_INSIDE.search(text))


_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS |= {name[:3]: number for name, number in _MONTHS.items()} | {"sept": 9}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"""
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
    (?:
        (?P<mon1>{_MONTH})\.?\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year1>\d{{4}})
      | (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH})\.?,?\s+(?P<year2>\d{{4}})
      | (?P<year3>\d{{4}})[-/](?P<mon3>\d{{1,2}})[-/](?P<day3>\d{{1,2}})
    )
    (?:
        (?:\s*,\s*|\s+at\s+|\s*T|\s+|\s*[-–—]\s*)
        (?P<hour>\d{{1,2}})[:.](?P<minute>\d{{2}})(?::\d{{2}}(?:\.\d+)?)?
        \s*(?P<ampm>[ap]\.?m\.?)?
        (?:\s*(?:Z|[+-]\d{{2}}(?::?\d{{2}})?|\(?(?-i:[A-Z]{{2,5}})\)?))?
    )?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DATE_PREFIX = re.compile(
    r"^(?:(?:(?:first|last)\s+)?(?:published|updated|posted|modified)|date)(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:(?:written|words|story)\s+)?by\s*:?\s+(?P<names>[^,;|(]+)", re.IGNORECASE)
_NAME_PARTICLES = frozenset("and & de van von der den da di la le du bin ibn al el y".split())
_FIELD_SEPARATOR = re.compile(r"\s+[|·•]\s+")
_SEPARATOR_CHARS = "|·•"  # one of them is in every _FIELD_SEPARATOR
_MAX_FIELD_CHARS = 60


def _parse_date(text: str) -> str:
    """An ISO date (with the time when given) if ``text`` is just a date, else ""."""
    match = _DATE.fullmatch(_DATE_PREFIX.sub("", text.strip()))
    if not match:
        return ""
    parts = match.groupdict()
    year = parts["year1"] or parts["year2"] or parts["year3"]
    month = parts["mon1"] or parts["mon2"] or parts["mon3"]
    day = parts["day1"] or parts["day2"] or parts["day3"]
    month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
    try:
        date = dt.date(int(year), month_number, int(day))
    except ValueError:
        return ""
    clock = _clock(parts["hour"], parts["minute"], parts["ampm"])
    return f"{date.isoformat()}T{clock}" if clock else date.isoformat()


def _clock(hour: str | None, minute: str | None, ampm: str | None) -> str:
    """"HH:MM" in 24-hour time, or "" when absent or impossible."""
    if hour is None or minute is None:
        return ""
    h, m = int(hour), int(minute)
    if ampm and h <= 12:
        h = h % 12 + (12 if ampm[0].lower() == "p" else 0)
    return f"{h:02d}:{m:02d}" if h < 24 and m < 60 else ""


def _byline_author(text: str) -> str:
    """The names in a byline ("By Jane Doe and John Roe, Reuters"), else ""."""
    match = _BYLINE.match(text.strip())
    if not match:
        return ""
    names = match.group("names").strip()
    words = names.split()
    looks_like_names = 0 < len(words) <= 8 and all(
        w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words
    )
    return names if looks_like_names and words[0][0].isupper() else ""


def _line_metadata(text: str) -> tuple[str, str] | None:
    """``(date, author)`` when a line is only a dateline and/or byline, else None.

    Fields may be separated by " | "; every field must be short, so a date
    mentioned inside a sentence or a photo caption does not count.
    """
    text = text.strip()
    if len(text) > _MAX_FIELD_CHARS and not any(c in text for c in _SEPARATOR_CHARS):
        return None  # one field, too long: most lines, found without a split
    fields = _FIELD_SEPARATOR.split(text)
    if any(len(f) > _MAX_FIELD_CHARS for f in fields):
        return None
    date = next((d for d in map(_parse_date, fields) if d), "")
    author = next((a for a in map(_byline_author, fields) if a), "")
    return (date, author) if date or author else None


_ATTRIBUTIONS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(?:this|the) (?:post|article|story|piece|report) (?:was )?(?:first|originally)"
        r" (?:appeared|published) (?:on|in|at|by) (?P<source>.+)$",
        r"^originally (?:published|appeared) (?:by|in|on|at) (?P<source>.+)$",
        r"^source\s*:\s*(?P<source>.+)$",
    )
)
_SOURCE_END = re.compile(r",|\s[|–—-]\s|\s+(?:on|at)\s+")


def _source_from(blocks: Iterable[Block]) -> str:
    """The publisher named by a syndication notice ("This post first appeared on X")."""
    for block in blocks:
        for pattern in _ATTRIBUTIONS:
            match = pattern.match(block.text)
            if match:
                return _tidy_source(match.group("source"))
    return ""


def _tidy_source(text: str) -> str:
    if re.match(r"https?://", text):
        return urlsplit(text).netloc.removeprefix("www.")
    source = _SOURCE_END.split(text, maxsplit=1)[0].strip().rstrip(".!:;")
    return source if len(source) <= 80 else ""


# --------------------------------------------------------------------------
# Assembling an Article


@dataclass
class _Parsed:
    """What a format parser found; ``_finish`` turns it into an Article."""

    blocks: list[Block]
    title: str = ""
    date: str = ""
    author: str = ""
    source: str = ""


def _finish(path: Path, parsed: _Parsed) -> Article:
    """Apply the rules all formats share: chrome, metadata fallbacks, title placement."""
    blocks = [_marked_if_chrome(b) for b in parsed.blocks]
    top = [b.text for b in blocks if b.kind != BOILERPLATE][:_HEADER_BLOCKS]
    header = [m for m in map(_line_metadata, top) if m]
    date = parsed.date or next((d for d, _ in header if d), "")
    author = parsed.author or next((a for _, a in header if a), "")
    source = parsed.source or _source_from(blocks)
    title = _clean(parsed.title)
    if title:
        blocks = _with_title_first(blocks, title)
    if all(b.kind == BOILERPLATE for b in blocks):
        raise ArticleError("no readable text")
    return Article(
        id=article_id_for(path),
        path=path,
        title=title or path.stem,
        blocks=tuple(blocks),
        date=date,
        author=author,
        source=source,
    )


def _marked_if_chrome(block: Block) -> Block:
    if block.kind != BOILERPLATE and _is_chrome(block.text):
        return Block(BOILERPLATE, block.text)
    return block


def _with_title_first(blocks: list[Block], title: str) -> list[Block]:
    """Make the title heading the first non-boilerplate block, without duplicating it."""
    rest = list(blocks)
    key = title.casefold()
    own = next((i for i, b in enumerate(rest) if b.kind == HEADING and b.text.casefold() == key), None)
    if own is not None:
        del rest[own]
    at = next((i for i, b in enumerate(rest) if b.kind != BOILERPLATE), len(rest))
    return [*rest[:at], Block(HEADING, title, 1), *rest[at:]]


# --------------------------------------------------------------------------
# Plain text

_BULLET = re.compile(r"^\s*[-*•·–]\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(?=\S)")
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


def _parse_plain(text: str) -> _Parsed:
    """Reflow hard-wrapped text into blocks; the headline is the title.

    A blank line always ends a paragraph.  Within a run of lines, a line
    starts a new block when it is site chrome, a dateline or byline, a list
    item, indented deeper than the line before, or (in text that is not
    hard-wrapped, where every line is a paragraph) when the line before ended
    a sentence.  A paragraph that stops mid-sentence and is followed, after
    blank lines, by one starting in lower case is the same paragraph.
    """
    lines = text.split("\n")
    chunks = _chunks(lines)
    wrapped = _is_hard_wrapped(lines)
    words = _Vocabulary(text)
    headline = _find_headline(chunks)
    blocks: list[Block] = []
    for index, chunk in enumerate(chunks):
        heading_lines = headline[1] if headline and headline[0] == index else range(0)
        for segment in _segments(chunk, wrapped, heading_lines):
            block = _segment_block(segment, words)
            if block:
                blocks.append(block)
    blocks = _merge_broken_paragraphs(blocks, words)
    title = next((b.text for b in blocks if b.kind == HEADING), "")
    return _Parsed(blocks, title=title)


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
            text = _clean(line)
            if not text or _is_chrome(text) or _line_metadata(text):
                continue
            if _BULLET.match(line):
                return None  # a document that opens with a list has no headline
            count = _headline_line_count(chunk[start:])
            title = _clean(" ".join(chunk[start : start + count]))
            return (index, range(start, start + count)) if len(title) <= _MAX_TITLE_CHARS else None
    return None


def _headline_line_count(lines: list[str]) -> int:
    """How many lines the headline spans when it is itself hard-wrapped.

    A continuation line starts in lower case or, under a Title Case first
    line, is Title Case too ("How Terror Attacks Gift Russia Foreign" /
    "Policy Opportunity"); a sentence-case line after it is the standfirst.
    """
    count = 1
    while count < len(lines) and not _ends_sentence(lines[count - 1]):
        following = lines[count]
        title_case = _is_title_case(lines[0]) and _is_title_case(following)
        if not (title_case or _starts_lower(following)):
            break
        count += 1
    return count


def _is_title_case(line: str) -> bool:
    words = _WORD.findall(line)
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
        starts_unit = current is None or not current.open or _ends_sentence(prev)
        continued = i + 1 < len(chunk) and _starts_lower(chunk[i + 1])
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
    text = _clean(line)
    if _is_chrome(text):
        return BOILERPLATE
    if _line_metadata(text):
        return PARAGRAPH
    return None


def _starts_block(line: str, prev: str, current: _Segment, wrapped: bool) -> bool:
    if not current.open:
        return True
    if current.kind == PARAGRAPH and _indent(line) > _indent(prev):
        return True
    return not wrapped and _ends_sentence(prev)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _segment_block(segment: _Segment, words: _Vocabulary) -> Block | None:
    text = _clean(_joined(segment.lines, words))
    return Block(segment.kind, text, segment.level) if text else None


def _merge_broken_paragraphs(blocks: list[Block], words: _Vocabulary) -> list[Block]:
    """Rejoin a paragraph that a stray blank line cut mid-sentence."""
    runs: list[list[Block]] = []
    for block in blocks:
        prev = runs[-1][-1] if runs else None
        if (
            prev
            and prev.kind == block.kind == PARAGRAPH
            and not _ends_sentence(prev.text)
            and _starts_lower(block.text)
        ):
            runs[-1].append(block)
        else:
            runs.append([block])
    return [
        run[0] if len(run) == 1 else Block(PARAGRAPH, _clean(_joined([b.text for b in run], words)))
        for run in runs
    ]


# --------------------------------------------------------------------------
# HTML: a small tree, the content root, then blocks

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
_BLOCK_TAGS = _HEADINGS | frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset"
    " figcaption figure footer header hgroup hr html legend li main menu ol p pre section summary"
    " table tbody td tfoot th thead tr ul".split()
)
_DROPPED = frozenset(
    "script style noscript template svg nav form button iframe head title select textarea"
    " canvas object embed audio video math".split()
)
_PAGE_CHROME = frozenset({"header", "footer", "aside"})
_PAGE_CHROME_ROLES = frozenset({"banner", "contentinfo", "complementary"})
_RAW_TEXT = frozenset({"script", "style"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MAX_DEPTH = 512  # deeper tag soup is flattened, keeping every stack scan short
_LISTS = frozenset({"ul", "ol", "menu"})
# An opening tag closes an open element of the same family inside the same container.
_SIBLING_CLOSERS = {
    "li": ({"li"}, _LISTS),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
}


class _Node:
    """An element of the parsed page: enough of a DOM to choose and walk the content."""

    __slots__ = ("tag", "attrs", "children", "depth", "text_len")

    def __init__(self, tag: str, attrs: dict[str, str], depth: int) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []
        self.depth = depth
        self.text_len = 0  # characters of text inside, to find where the article is


class _TreeBuilder(HTMLParser):
    """Builds a ``_Node`` tree, closing elements the way browsers do for common tag soup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#document", {}, 0)
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        if len(self._stack) > _MAX_DEPTH and tag not in _VOID:
            return  # its text goes to the deepest open element
        node = _Node(tag, {k: v or "" for k, v in attrs}, len(self._stack))
        self._stack[-1].children.append(node)
        if tag not in _VOID:
            self._stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, 0, -1):
            if self._stack[index].tag == tag:
                self._pop_to(index)
                return

    def handle_data(self, data: str) -> None:
        current = self._stack[-1]
        current.children.append(data)
        if current.tag not in _RAW_TEXT:
            current.text_len += len(data.strip())

    def close(self) -> None:
        super().close()
        self._pop_to(1)

    def _close_implied(self, tag: str) -> None:
        if tag in _BLOCK_TAGS and self._stack[-1].tag == "p":
            self._pop_to(len(self._stack) - 1)
        if tag in _SIBLING_CLOSERS:
            closes, containers = _SIBLING_CLOSERS[tag]
            for index in range(len(self._stack) - 1, 0, -1):
                open_tag = self._stack[index].tag
                if open_tag in containers:
                    return
                if open_tag in closes:
                    self._pop_to(index)
                    return

    def _pop_to(self, index: int) -> None:
        """Close the open elements from the innermost down to ``index``, adding up text sizes."""
        while len(self._stack) > index:
            node = self._stack.pop()
            self._stack[-1].text_len += node.text_len


def _parse_html_tree(text: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def _iter_nodes(root: _Node) -> Iterator[_Node]:
    """Every element under ``root`` in document order (iteratively: pages nest deep)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed([c for c in node.children if isinstance(c, _Node)]))


def _text_of(node: _Node) -> str:
    parts: list[str] = []
    stack: list[_Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif item.tag not in _RAW_TEXT:
            stack.extend(reversed(item.children))
    return _clean("".join(parts))


def _content_root(doc: _Node) -> tuple[_Node, bool]:
    """The element holding the article, and whether it is an explicit one.

    Among ``<article>``, ``<main>`` and role="main" elements, take the most
    specific one that still holds at least half the text of the largest, so
    an article inside a main wins but a teaser card does not.
    """
    candidates = [
        n for n in _iter_nodes(doc)
        if n.tag in ("article", "main") or n.attrs.get("role") in ("main", "article")
    ]
    largest = max((c.text_len for c in candidates), default=0)
    if largest:
        best = max((c for c in candidates if 2 * c.text_len >= largest), key=lambda c: c.depth)
        return best, True
    body = next((n for n in _iter_nodes(doc) if n.tag == "body"), doc)
    return body, False


def _is_dropped(node: _Node, keep_page_chrome: bool) -> bool:
    """Elements whose text is never article text (scripts, navigation, hidden parts)."""
    attrs = node.attrs
    role = attrs.get("role", "")
    page_chrome = node.tag in _PAGE_CHROME or role in _PAGE_CHROME_ROLES
    return (
        node.tag in _DROPPED
        or role == "navigation"
        or (page_chrome and not keep_page_chrome)
        or "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE.search(attrs.get("style", "")))
    )


class _BlockCollector:
    """Turns the walk over a tree into blocks: block elements and ``<br>`` end a block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._open: list[str] = []

    def start(self, tag: str) -> None:
        if tag in _BLOCK_TAGS or tag == "br":
            self.flush()
        self._open.append(tag)

    def end(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.flush()
        self._open.pop()

    def text(self, data: str) -> None:
        if "pre" not in self._open:
            self._parts.append(data)
            return
        first, *rest = data.split("\n")
        self._parts.append(first)
        for line in rest:
            self.flush()
            self._parts.append(line)

    def flush(self) -> None:
        text = _clean("".join(self._parts))
        self._parts.clear()
        if text:
            kind, level = self._context()
            self.blocks.append(Block(kind, text, level))

    def _context(self) -> tuple[str, int]:
        for tag in reversed(self._open):
            if tag in _HEADINGS:
                return HEADING, int(tag[1])
            if tag == "li":
                return LIST_ITEM, max(1, sum(t in _LISTS for t in self._open))
            if tag == "blockquote":
                return QUOTE, 0
        return PARAGRAPH, 0


def _extract_blocks(root: _Node, keep_page_chrome: bool) -> list[Block]:
    collector = _BlockCollector()
    stack: list[tuple[_Node, Iterator[_Node | str]]] = [(root, iter(root.children))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                collector.end(node.tag)
        elif isinstance(child, str):
            collector.text(child)
        elif not _is_dropped(child, keep_page_chrome):
            collector.start(child.tag)
            stack.append((child, iter(child.children)))
    collector.flush()
    return collector.blocks


def _parse_html(text: str) -> _Parsed:
    """A saved web page: the content element's blocks, metadata from the meta tags."""
    doc = _parse_html_tree(text)
    root, explicit = _content_root(doc)
    blocks = _extract_blocks(root, keep_page_chrome=explicit)
    metas = _meta_tags(doc)
    site = metas.get("og:site_name") or metas.get("application-name", "")
    first_h1 = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), "")
    title_tag = next((_text_of(n) for n in _iter_nodes(doc) if n.tag == "title"), "")
    return _Parsed(
        blocks,
        title=_html_title(metas, title_tag, site, first_h1),
        date=_html_date(metas, root, doc),
        author=_html_author(metas, doc),
        source=site,
    )


def _meta_tags(doc: _Node) -> dict[str, str]:
    """``<meta>`` contents by lower-cased property/name/itemprop; the first one wins."""
    metas: dict[str, str] = {}
    for node in _iter_nodes(doc):
        if node.tag == "meta":
            attrs = node.attrs
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            value = _clean(attrs.get("content", ""))
            if key and value:
                metas.setdefault(key, value)
    return metas


def _html_title(metas: dict[str, str], title_tag: str, site: str, first_h1: str) -> str:
    for key in ("og:title", "twitter:title"):
        if metas.get(key):
            return _without_site_name(metas[key], site)
    if title_tag:
        if first_h1 and title_tag.casefold().startswith(first_h1.casefold()):
            return first_h1
        return _without_site_name(title_tag, site)
    return first_h1


_SITE_SEPARATOR = r"\s+(?:[|\-–—·•:]|::)\s+"


def _without_site_name(title: str, site: str) -> str:
    """``"Headline | Site"`` or ``"Site - Headline"`` minus the site name."""
    if not site:
        return title
    site = site.casefold()
    last = re.fullmatch(rf"(.+){_SITE_SEPARATOR}(.+)", title)
    if last and last.group(2).strip().casefold() == site:
        return last.group(1).strip()
    first = re.fullmatch(rf"(.+?){_SITE_SEPARATOR}(.+)", title)
    if first and first.group(1).strip().casefold() == site:
        return first.group(2).strip()
    return title


_DATE_METAS = (
    "article:published_time",
    "og:article:published_time",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "pubdate",
    "datepublished",
)


def _html_date(metas: dict[str, str], root: _Node, doc: _Node) -> str:
    for key in _DATE_METAS:
        date = _parse_date(metas.get(key, ""))
        if date:
            return date
    for scope in (root, doc):
        for node in _iter_nodes(scope):
            if node.tag == "time" and node.attrs.get("datetime"):
                date = _parse_date(node.attrs["datetime"])
                if date:
                    return date
    return ""


def _html_author(metas: dict[str, str], doc: _Node) -> str:
    for key in ("author", "article:author", "dc.creator"):
        value = metas.get(key, "")
        if value and not re.match(r"https?://", value):
            return value
    for node in _iter_nodes(doc):
        if node.tag == "a" and "author" in node.attrs.get("rel", "").lower().split():
            name = _text_of(node)
            if name:
                return name
    return ""


# --------------------------------------------------------------------------
# Markdown

_MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
_MARKDOWN_CONFIG = {"extra": {"footnotes": {"BACKLINK_TEXT": ""}}}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")
_FRONT_MATTER_ITEM = re.compile(r"\s*-\s+(.*)")


def _parse_markdown(text: str) -> _Parsed:
    """Markdown rendered by python-markdown, then read like any HTML fragment.

    A YAML-style front matter block (``---`` lines) may give the title, date,
    author and source; without a title there, the first ``# heading`` is it.
    """
    fields, body = _split_front_matter(text)
    html = markdown.markdown(body, extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_CONFIG)
    blocks = _extract_blocks(_parse_html_tree(html), keep_page_chrome=True)
    first_h1 = next((b.text for b in blocks if b.kind == HEADING and b.level == 1), "")
    return _Parsed(
        blocks,
        title=fields.get("title") or first_h1,
        date=_parse_date(fields.get("date", "")),
        author=fields.get("author") or fields.get("authors", ""),
        source=fields.get("source", ""),
    )


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(fields, the rest)``; no fields when the text has no valid front matter."""
    match = _FRONT_MATTER.match(text)
    fields = _front_matter_fields((match.group(1) or "").split("\n")) if match else None
    if fields is None:
        return {}, text
    return fields, text[match.end():]


def _front_matter_fields(lines: list[str]) -> dict[str, str] | None:
    """Simple ``key: value`` YAML (lists joined with ", "); None if it is not that."""
    fields: dict[str, str] = {}
    key = ""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pair = _FRONT_MATTER_KEY.fullmatch(line)
        item = _FRONT_MATTER_ITEM.fullmatch(line)
        if pair:
            key = pair.group(1).lower()
            fields[key] = _yaml_scalar(pair.group(2))
        elif item and key:
            fields[key] = ", ".join(filter(None, [fields[key], _yaml_scalar(item.group(1))]))
        elif line[0].isspace() and key:
            fields[key] = f"{fields[key]} {line.strip()}".strip()
        else:
            return None
    return {k: _clean(v) for k, v in fields.items()}


def _yaml_scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    if value.startswith("[") and value.endswith("]"):
        return ", ".join(_yaml_scalar(v) for v in value[1:-1].split(",") if v.strip())
    return value


_FORMATS = {
    ".txt": _parse_plain,
    ".md": _parse_markdown,
    ".markdown": _parse_markdown,
    ".html": _parse_html,
    ".htm": _parse_html,
}
