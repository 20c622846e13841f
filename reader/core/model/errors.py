"""The errors the core raises to its callers.  Every message is a sentence for the user."""
from __future__ import annotations


class LibraryError(Exception):
    """A request the library cannot carry out; the message is for the user."""


class ArticleError(Exception):
    """A file that cannot be loaded as an article; ``reason`` says why, briefly.

    The library skips such files and shows the reason to the user, so it is a
    short human phrase ("empty file"), never a traceback.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class QueryError(ValueError):
    """A query that cannot be run; ``str(err)`` is a sentence for the user."""


class NotesError(Exception):
    """A problem with the notes file.  The message is shown to the user as is."""

    # Without this, NoteNotFoundError would inherit KeyError's __str__, which
    # wraps the message in quotes.
    __str__ = Exception.__str__


class NotesLockedError(NotesError):
    """The notes file is already open in another copy of Reader."""


class NoteNotFoundError(NotesError, KeyError):
    """No note has the given id (also a KeyError, for mapping-style callers)."""


class ExportError(ValueError):
    """Input that cannot be exported or imported; the message says why."""


class IndexerProcessError(Exception):
    """The indexer process failed or died; the message says why, for the user."""


class TeamError(LibraryError):
    """The team library cannot do what was asked: the server cannot be reached,
    refuses the role, or is too old; the message says which, for the user."""


class TeamUnreachable(TeamError):
    """The team server cannot be reached (down, no network, a name that does not
    resolve, TLS refused): the desktop works offline until it can."""


class TeamPasswordNeeded(TeamError):
    """The team server wants a password for the role, and libpq found none
    (in .pgpass, PGPASSWORD or the URL) or a wrong one."""


class SearchCancelled(Exception):
    """A search given up half-way: a newer one replaced it, or the window is closing."""
