"""Web pages saved as one file (.mhtml, .mht) by Chrome, Edge and Internet Explorer.

An MHTML file is a MIME message (``multipart/related``) holding the page's
HTML and its images and styles; the standard library's ``email`` package
takes it apart.  The HTML part (the one the ``start`` parameter names, else
the first) is read as a saved web page is, through ``html.parse_html``:
main text, chrome dimmed, title, author, date and site name.  Chrome and
Edge record the page's address in ``Snapshot-Content-Location`` (older
writers in the part's ``Content-Location``): when the page names no site,
the address's host ("rbc.ru") is its source.

The part is decoded by its MIME ``charset``; a part without one goes
through the page's own ``<meta charset>`` and the guessing every web page
gets (``decoding``).
"""
from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

from reader.core.articles.blocks import Parsed
from reader.core.articles.decoding import checked_text, normalised
from reader.core.articles.formats import html
from reader.core.model import ArticleError

SUFFIXES = (".mhtml", ".mht")


def parse(path: Path, data: bytes) -> Parsed:
    """The saved page's HTML part, read as a web page; its address as the fallback source."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise ArticleError("not an MHTML page (no MIME parts)")
    part = _html_part(message)
    if part is None:
        raise ArticleError("MHTML without an HTML page")
    parsed = html.parse_html(_part_text(part))
    address = str(message["Snapshot-Content-Location"] or part["Content-Location"] or "")
    if not parsed.source:
        parsed.source = _host(address)
    return parsed


def _html_part(message: EmailMessage) -> EmailMessage | None:
    """The part ``start`` names (by Content-ID), else the first text/html part."""
    start = message.get_param("start")
    parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
    if isinstance(start, str):
        wanted = start.strip("<>")
        for candidate in parts:
            if str(candidate["Content-ID"] or "").strip("<>") == wanted:
                return candidate
    return parts[0] if parts else None


def _part_text(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset:
        try:
            return normalised(payload.decode(charset, errors="replace"))
        except LookupError:
            pass  # an unknown charset name: the page's own declaration, or a guess
    return checked_text(payload, markup=True)


def _host(address: str) -> str:
    """The host of a page's address, without "www.": how an analyst names a site."""
    host = urlsplit(address).hostname or ""
    return host.removeprefix("www.")
