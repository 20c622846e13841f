"""The registry of article formats: which module reads which file suffix.

Modelled on MusicBrainz Picard's ``formats/``: every format is a module of
``reader.core.articles.formats`` with a ``SUFFIXES`` tuple and an entry point
``parse(path, data) -> Parsed``, which takes the file's bytes (a PDF or a
Word file is no text) and returns the blocks and metadata it found;
``blocks.finish`` then applies the rules every format shares.  A format
whose files hold several articles (a mailbox, an e-mail with attachments)
has ``parts(path, data)`` as well, which yields a ``blocks.Part`` for each.

A format module is imported on first use, not here: formats bring their
libraries (python-markdown, an HTML parser, and soon PDF, Word and EPUB
readers), and neither ``reader-cli --version`` nor a library of plain text
files should wait for them.  That is why the suffixes are declared in this
table as well as in each module (a test checks that the two agree).
"""
from __future__ import annotations

import importlib
import logging
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from reader.core.articles.blocks import Parsed, Part, finish
from reader.core.model import Article, ArticleError

log = logging.getLogger("reader.articles")

#: The largest text file read (plain text, Markdown, web pages, e-mails):
#: an article is a few hundred KB at most; 20 MB of text is a log or a dump.
MAX_FILE_BYTES: int = 20 * 1024 * 1024
#: The largest document read (PDF, Word, OpenDocument, EPUB): their size is
#: mostly images and fonts, and a 60 MB report holds a normal article's text.
MAX_DOCUMENT_BYTES: int = 200 * 1024 * 1024


@dataclass(frozen=True)
class FileArticles:
    """The articles a file holds (most files: one), and why any part of the
    file was left out ("attachment annex.pdf: no text layer (scanned)")."""

    articles: tuple[Article, ...]
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    """One article format: its module (under ``formats``), the suffixes it
    reads, and whether its files are documents (the larger size limit)."""

    module: str
    suffixes: tuple[str, ...]
    document: bool = False

    def load(self) -> ModuleType:
        """The format's module, imported on the first call."""
        return importlib.import_module(f"reader.core.articles.formats.{self.module}")


FORMATS: tuple[Format, ...] = (
    Format("plain", (".txt",)),
    Format("markdown", (".md", ".markdown")),
    Format("html", (".html", ".htm", ".xhtml", ".xht")),
    Format("pdf", (".pdf",), document=True),
    Format("docx", (".docx",), document=True),
    Format("odt", (".odt",), document=True),
    # E-mails are documents: their attachments (PDF, Word ...) are read with them.
    Format("mail", (".eml",), document=True),
    Format("mbox", (".mbox",), document=True),
    Format("epub", (".epub",), document=True),
    Format("mhtml", (".mhtml", ".mht"), document=True),
    Format("rtf", (".rtf",), document=True),
)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_BY_SUFFIX)


def suffix_of(path: str | os.PathLike[str]) -> str:
    """``PurePath(path).suffix``, without building a path: an update asks it of
    every file of the library (a second for 100,000 files through pathlib)."""
    name = os.path.basename(os.fspath(path))
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def format_for(path: str | os.PathLike[str]) -> Format | None:
    """The format that reads ``path``, judged by its suffix alone; None if there is none."""
    return _BY_SUFFIX.get(suffix_of(path).lower())


def size_limit(path: str | os.PathLike[str]) -> int:
    """The largest file of ``path``'s format that is read, in bytes."""
    return MAX_DOCUMENT_BYTES if is_document(path) else MAX_FILE_BYTES


def is_document(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is of a document format (PDF, Word, EPUB ...): read by
    native code or from an archive, so in a process of its own (index.isolated)."""
    fmt = format_for(path)
    return fmt is not None and fmt.document


def too_large(size: int, limit: int) -> str:
    """Why a file is skipped for its size, as the user reads it."""
    return f"file too large ({_human_size(size)}, limit {_human_size(limit)})"


def warm_up() -> None:
    """Import every format and load what its first article would need.

    The app calls it on a worker thread at start, so the first article the
    analyst opens does not pay for the imports (python-markdown's extensions
    alone cost about 25 ms).
    """
    for fmt in FORMATS:
        module = fmt.load()
        if hasattr(module, "warm_up"):  # optional: only formats with a costly first use have one
            module.warm_up()


def load_article(path: Path) -> Article:
    """The article in a file (of a file of several, the first); see ``load_articles``."""
    return load_articles(path).articles[0]


def load_articles(path: Path) -> FileArticles:
    """Read and parse one file; every failure is an ``ArticleError``."""
    return parse_articles(Path(path), read_file(path))


class Vanished(ArticleError):
    """The file was gone when it was to be read (deleted, renamed, a drive unmounted)."""


def read_file(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, for parsing: every reader of article files goes through here.

    Only a regular file is read: a FIFO would block for ever, a device
    (``/dev/zero`` behind a link) never ends, so the file is opened without
    blocking and its kind checked on the open descriptor (no race with a
    rename).  The size limit holds for the bytes read, not only for what
    ``stat`` said: at most one byte more than the limit is read, so a file
    that grew, or lied, is refused without filling memory.  Failures are
    ``ArticleError`` with the reason the user reads.
    """
    limit = size_limit(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as err:
        raise Vanished("vanished before it could be read") from err
    except OSError as err:
        raise ArticleError(f"unreadable: {err.strerror or err}") from err
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise ArticleError(f"not a regular file ({file_kind(status.st_mode)})")
        if status.st_size > limit:
            raise ArticleError(too_large(status.st_size, limit))
        os.set_blocking(fd, True)
        chunks, wanted = [], limit + 1
        while wanted > 0 and (chunk := os.read(fd, min(wanted, 1 << 20))):
            chunks.append(chunk)
            wanted -= len(chunk)
        data = b"".join(chunks)
    except OSError as err:
        raise ArticleError(f"unreadable: {err.strerror or err}") from err
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ArticleError(too_large(len(data), limit))
    return data


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, as the user reads it: "a FIFO"."""
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a file"


def parse_article(path: Path, data: bytes) -> Article:
    """The article in a file's bytes (of a file of several, the first)."""
    return parse_articles(path, data).articles[0]


def parse_articles(path: Path, data: bytes) -> FileArticles:
    """Turn a file's bytes into its Articles; ``path`` picks the format and the ids.

    Of a file of several articles, a part that cannot be read is skipped
    with its reason and the rest are kept; the file itself fails only when
    no part of it can be read.
    """
    path = Path(path)
    fmt = format_for(path)
    if fmt is None:
        raise ArticleError(f"unsupported file type {path.suffix or '(no suffix)'}")
    if len(data) > size_limit(path):
        raise ArticleError(too_large(len(data), size_limit(path)))
    module = fmt.load()
    if not hasattr(module, "parts"):  # (optional: only formats of several articles have it)
        whole = Part("", path.name, partial(module.parse, path, data), fmt.module)
        return FileArticles((_finished(path, whole),))
    found: list[Article] = []
    skipped: list[str] = []
    for part in _guarded(fmt.module, path, lambda: list(module.parts(path, data))):
        try:
            found.append(_finished(path, part))
        except ArticleError as exc:
            skipped.append(f"{part.label}: {exc.reason}")
    if not found:
        raise ArticleError("; ".join(skipped) or "no readable text")
    return FileArticles(tuple(found), tuple(skipped))


def _finished(path: Path, part: Part) -> Article:
    article = finish(path, _guarded(part.reader, path, part.parse), part.key)
    log.debug("parsed %s %s: %d blocks, title %r", path, part.key, len(article.blocks),
              article.title)
    return article


_Result = TypeVar("_Result", Parsed, list[Part])


def _guarded(reader: str, path: Path, work: Callable[[], _Result]) -> _Result:
    """``work()``, its library's failures turned into an ``ArticleError``."""
    try:
        return work()
    except ArticleError:
        raise
    except (ArithmeticError, AttributeError, LookupError, OSError, RecursionError, TypeError,
            ValueError, AssertionError, NotImplementedError, MemoryError) as exc:
        # A library met a file its authors never saw (a damaged zip, a PDF
        # object of the wrong type).  The file is skipped with a sentence and
        # the index goes on; the traceback goes to the log, for a bug report.
        log.warning("the %s reader failed on %s", reader, path, exc_info=True)
        raise ArticleError(f"could not be read: the {reader.upper()} reader failed "
                           f"({type(exc).__name__})") from exc


def _human_size(size: int) -> str:
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"
