"""A session with the team's PostgreSQL server, and its failures as sentences.

Passwords are never Reader's business: libpq reads them from ``.pgpass``,
``PGPASSWORD`` or the URL (and the command line asks for one when the server
wants it and none was found: ``password`` below).  TLS is libpq's too:
``sslmode=verify-full`` and ``sslrootcert`` in the URL work as for psql.
"""
from __future__ import annotations

import logging
import re

import psycopg

from ..model import TeamError, TeamPasswordNeeded, TeamUnreachable

log = logging.getLogger("reader.team")

#: The oldest server the schema is written for (generated columns of a text
#: search vector, MERGE, and row-level security as used in migrations.py).
MIN_SERVER_VERSION = 150000
#: How long a connection attempt may take before the desktop goes on without it.
CONNECT_SECONDS = 10
#: ... when a search waits on it: the local results are held up meanwhile.
SEARCH_CONNECT_SECONDS = 3
#: libpq's words when the server asks for a password and none was given.
_NO_PASSWORD = re.compile(r"no password supplied|password authentication failed", re.I)


def connect(url: str, password: str | None = None, *,
            timeout: int = CONNECT_SECONDS) -> psycopg.Connection:
    """A connection to the team database at ``url`` (a libpq URL or key=value
    string), checked to be PostgreSQL 15 or newer; TeamError otherwise.
    ``timeout``: the seconds a connection attempt may take."""
    # Autocommit: every change is made in an explicit ``conn.transaction()``,
    # which then really commits, and a read leaves no transaction open.
    options: dict = {"connect_timeout": timeout, "application_name": "reader",
                     "autocommit": True}
    if password is not None:
        options["password"] = password
    try:
        conn = psycopg.connect(url, **options)
    except psycopg.OperationalError as exc:
        raise _sentence(exc, url) from None
    except psycopg.ProgrammingError as exc:  # a URL libpq cannot parse
        raise TeamError(f"The team address is not a PostgreSQL URL ({first_line(exc)}).") from None
    if conn.info.server_version < MIN_SERVER_VERSION:
        version = conn.info.server_version
        conn.close()
        raise TeamError(f"The team server runs PostgreSQL {version // 10000}; Reader needs "
                        f"{MIN_SERVER_VERSION // 10000} or newer.")
    return conn


def _sentence(exc: psycopg.OperationalError, url: str) -> TeamError:
    message = first_line(exc)
    log.info("team connection to %s failed: %s", redacted(url), message)
    if _NO_PASSWORD.search(message):
        return TeamPasswordNeeded("The team server wants a password for this role (from .pgpass, "
                              "PGPASSWORD, or typed when asked).")
    return TeamUnreachable(f"Could not reach the team server: {message}")


def first_line(exc: Exception) -> str:
    """The first line of an error's message (psycopg's run on with detail and hints),
    or its kind when it says nothing."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def redacted(url: str) -> str:
    """``url`` without its password, for logs and messages."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", re.sub(r"(password=)\S+", r"\1***", url))
