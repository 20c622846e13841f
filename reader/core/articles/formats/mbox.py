"""Mailboxes (.mbox): every message an article, and its attachments too.

An mbox file is messages one after the other, each starting with a
``From `` line (the envelope sender and the time it arrived).  The standard
library's ``mailbox.mbox`` splits a file the same way, but reads it from
disk itself; here the file's bytes are already read (hashed and checked
against the size limit), so the split is done on them, at the same lines.

Each message is read as an ``.eml`` file is (``mail.message_parts``).  Its
part key is its Message-ID, which stays the same when mail is added to or
removed from the mailbox, so its notes stay with it; a message without one
is keyed by its place.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from reader.core.articles.blocks import Parsed, Part
from reader.core.articles.formats import mail
from reader.core.articles.text import clean
from reader.core.model import ArticleError

SUFFIXES = (".mbox",)

_FROM_LINE = re.compile(rb"^From [^\n]*\n", re.MULTILINE)
# A body line starting "From " is written ">From " (and ">From " ">>From ",
# in the mboxrd variant); one ">" comes off again when it is read.
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def parse(path: Path, data: bytes) -> Parsed:
    """Only reached for a mailbox attached to a message, which is not opened."""
    raise ArticleError("a mailbox inside a message is not read")


def parts(path: Path, data: bytes) -> Iterator[Part]:
    """Each message and its attachments, in the mailbox's order."""
    if not data.startswith(b"From "):
        raise ArticleError('not a mailbox (it does not start with a "From " line)')
    keys: set[str] = set()
    for number, raw in enumerate(_messages(data), start=1):
        label = f"message {number}"
        try:
            message = mail.read_message(raw)
        except ArticleError as exc:
            yield Part(f"#{number}", label, partial(_unreadable, exc), "mbox")
            continue
        key = clean(str(message["Message-ID"] or "")) or f"#{number}"
        if key in keys:
            key = f"{key}#{number}"
        keys.add(key)
        yield from mail.message_parts(message, key=key, label=label)


def _messages(data: bytes) -> Iterator[bytes]:
    """The bytes of each message, its ``From `` line left out and its quoted
    ``>From `` lines unquoted."""
    starts = list(_FROM_LINE.finditer(data))
    for here, after in zip(starts, starts[1:] + [None]):
        yield _QUOTED_FROM.sub(rb"\1", data[here.end(): after.start() if after else len(data)])


def _unreadable(reason: ArticleError) -> Parsed:
    """A message that is none: skipped with its reason, as a part that fails is."""
    raise reason
