"""E-mail messages (.eml), read with the standard library's ``email`` package.

The Subject is the title, the sender (their name, else their address) the
author and the Date header the date.  The body is the message's plain-text
part, read as a plain-text article (hard-wrapped lines become paragraphs),
or, for a message sent as HTML only, its HTML part, read as a web page is.
Encodings are the message's own (MIME charsets, quoted-printable, base64).
"""
from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from reader.core.articles.blocks import Parsed
from reader.core.articles.formats import html, plain
from reader.core.articles.text import clean
from reader.core.model import ArticleError

SUFFIXES = (".eml",)


def parse(path: Path, data: bytes) -> Parsed:
    """The message's body as blocks; its headers as title, author and date."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (message["From"] or message["Subject"]):
        raise ArticleError("not an e-mail message (no From or Subject header)")
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
    name, address = parseaddr(str(message["From"] or ""))
    parsed.title = clean(str(message["Subject"] or "")) or parsed.title
    parsed.author = clean(name or address)
    parsed.date = _date(message)
    return parsed


def _date(message: EmailMessage) -> str:
    """The Date header as ISO 8601 to the minute, in the sender's own time; "" if unreadable."""
    try:
        moment = message["Date"].datetime if message["Date"] is not None else None
    except (AttributeError, TypeError, ValueError):
        return ""
    return moment.strftime("%Y-%m-%dT%H:%M") if moment else ""
