"""E-mail messages (.eml), read with the standard library's ``email`` package.

The Subject is the title, the sender (their name, else their address) the
author and the Date header the date.  The body is the message's plain-text
part, read as a plain-text article (hard-wrapped lines become paragraphs),
or, for a message sent as HTML only, its HTML part, read as a web page is.
Encodings are the message's own (MIME charsets, quoted-printable, base64).

An attachment in a format Reader reads (a PDF report, a Word brief, a
forwarded message) is an article of its own, a part of the file
(``parts``), titled after the message and the attachment.  ``mbox`` reads
each message of a mailbox through ``message_parts``.
"""
from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import parseaddr
from functools import partial
from pathlib import Path

from reader.core.articles import registry
from reader.core.articles.blocks import Parsed, Part
from reader.core.articles.formats import html, plain
from reader.core.articles.text import clean
from reader.core.model import ArticleError

SUFFIXES = (".eml",)


def parse(path: Path, data: bytes) -> Parsed:
    """The message's body as blocks; its headers as title, author and date
    (the message alone: an attached message is read so)."""
    return _body(read_message(data))


def parts(path: Path, data: bytes) -> Iterator[Part]:
    """The message, then each attachment Reader can read."""
    return message_parts(read_message(data), key="", label="the message")


def read_message(data: bytes) -> EmailMessage:
    """The message in ``data``; an ``ArticleError`` if it is none."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (message["From"] or message["Subject"]):
        raise ArticleError("not an e-mail message (no From or Subject header)")
    return message


def message_parts(message: EmailMessage, key: str, label: str) -> Iterator[Part]:
    """The parts of one message: itself (``key``), then its attachments in a
    format Reader reads, each keyed by its file name under ``key``."""
    yield Part(key, label, partial(_body, message), "mail")
    names: set[str] = set()
    for attachment in message.iter_attachments():
        name, data = _attachment(attachment)
        fmt = registry.format_for(Path(name)) if name else None
        if fmt is None or data is None:
            continue  # a picture, a spreadsheet: no article
        name = _unique(name, names)
        where = f"attachment {name}" if not key else f"{label}, attachment {name}"
        yield Part(f"{key}/{name}" if key else name, where,
                   partial(_attached, message, fmt, name, data), fmt.module)


def _body(message: EmailMessage) -> Parsed:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise ArticleError("e-mail without a text body")
    try:
        content = body.get_content()
    except (LookupError, UnicodeError, ValueError):
        raise ArticleError("e-mail body in an unknown encoding") from None
    if body.get_content_subtype() == "html":
        parsed = Parsed(html.fragment_blocks(content))
    else:
        text = content.replace("\r\n", "\n").replace("\r", "\n")
        parsed = Parsed(plain.text_blocks(text, find_headline=False))
    parsed.title = _subject(message) or parsed.title
    parsed.author = _sender(message)
    parsed.date = _date(message)
    return parsed


def _attachment(part: EmailMessage) -> tuple[str, bytes | None]:
    """An attachment's file name and bytes; an attached message is an ``.eml``."""
    name = clean(part.get_filename() or "").replace("/", "_")
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return (name or "message") + ("" if name.lower().endswith(".eml") else ".eml"), (
            bytes(inner) if isinstance(inner, EmailMessage) else None)
    data = part.get_payload(decode=True)
    return name, data if isinstance(data, bytes) else None


def _attached(message: EmailMessage, fmt: registry.Format, name: str, data: bytes) -> Parsed:
    """An attachment, read by its own format, titled after the message and
    its file name; the message's sender and date stand in for its own."""
    if len(data) > registry.size_limit(Path(name)):
        raise ArticleError(registry.too_large(len(data), registry.size_limit(Path(name))))
    parsed = fmt.load().parse(Path(name), data)
    subject = _subject(message)
    parsed.title = f"{subject} — {name}" if subject else name
    parsed.author = parsed.author or _sender(message)
    parsed.date = parsed.date or _date(message)
    return parsed


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``... if the message has two attachments of that name."""
    stem, dot, suffix = name.rpartition(".")
    unique, n = name, 1
    while unique in taken:
        n += 1
        unique = f"{stem} ({n}).{suffix}" if dot else f"{name} ({n})"
    taken.add(unique)
    return unique


def _subject(message: EmailMessage) -> str:
    return clean(str(message["Subject"] or ""))


def _sender(message: EmailMessage) -> str:
    name, address = parseaddr(str(message["From"] or ""))
    return clean(name or address)


def _date(message: EmailMessage) -> str:
    """The Date header as ISO 8601 to the minute, in the sender's own time; "" if unreadable."""
    try:
        moment = message["Date"].datetime if message["Date"] is not None else None
    except (AttributeError, TypeError, ValueError):
        return ""
    return moment.strftime("%Y-%m-%dT%H:%M") if moment else ""
