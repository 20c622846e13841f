"""The plain value and error types every layer shares.

The window and the command line see the core through ``reader.core.library``
and these types only (docs/ARCHITECTURE.md, "The contracts that keep it so").  Nothing here does
I/O or knows about Whoosh, SQLite or Qt.
"""
from .article import (BLOCK_KINDS, BOILERPLATE, BOLD, CODE, HEADING, ITALIC, LINK, LIST_ITEM,
                      PARAGRAPH, QUOTE, SPAN_KINDS, Article, Block, Span, article_id_for,
                      text_fingerprint)
from .changes import Changes, Elsewhere, ImportConflict, UndoStatus
from .dates import format_date, format_moment
from .errors import (ArticleError, ExportError, IndexerProcessError, LibraryError,
                     NoteNotFoundError, NotesError, NotesLockedError, QueryError,
                     SearchCancelled, TeamError, TeamPasswordNeeded, TeamUnreachable)
from .indexing import (Cancelled, ChangedArticle, FileRecord, FolderStatus, IndexSummary,
                       Progress, ReanchorSummary, Skipped)
from .languages import LANGUAGE_NAMES, language_code, language_name
from .links import Link, article_link, is_link, parse_link, search_link
from .pathnames import restored, shown, stored
from .note import (BUILTIN_TEMPLATES, COLORS, DEFAULT_TEMPLATE, EXPORT_FORMATS, FUZZY, INTACT,
                   MOVED, ORPHANED, REATTACHED, STATUSES, Draft, EarlierAnchor, ExportTemplate,
                   KeptVersion, Note, NoteFilter, TrashedNote, normalise_tags, reanchored, tag_key)
from .team import (NO_TEAM, OFFLINE, SYNCED, TEAM_ENV, WAITING, SyncReport, TeamEntry,
                   TeamStatus)
from .results import SCOPES, SORTS, ArticleInfo, Copy, Hit, NoteHit, Results

__all__ = [
    "BLOCK_KINDS", "BOILERPLATE", "HEADING", "LIST_ITEM", "PARAGRAPH", "QUOTE", "Article",
    "Block", "article_id_for", "text_fingerprint",
    "BOLD", "CODE", "ITALIC", "LINK", "SPAN_KINDS", "Span",
    "Changes", "Elsewhere", "ImportConflict", "UndoStatus",
    "ArticleError", "ExportError", "IndexerProcessError", "LibraryError", "NoteNotFoundError",
    "NotesError", "NotesLockedError", "QueryError", "SearchCancelled", "TeamError",
    "TeamPasswordNeeded", "TeamUnreachable",
    "Cancelled", "ChangedArticle", "FileRecord", "FolderStatus", "IndexSummary", "Progress", "ReanchorSummary",
    "Skipped",
    "LANGUAGE_NAMES", "language_code", "language_name",
    "Link", "article_link", "is_link", "parse_link", "search_link",
    "restored", "shown", "stored",
    "BUILTIN_TEMPLATES", "COLORS", "DEFAULT_TEMPLATE", "EXPORT_FORMATS", "Draft", "EarlierAnchor",
    "ExportTemplate", "FUZZY", "INTACT", "KeptVersion", "MOVED", "ORPHANED",
    "REATTACHED", "STATUSES", "Note", "NoteFilter", "TrashedNote", "normalise_tags", "reanchored",
    "tag_key",
    "SCOPES", "SORTS", "ArticleInfo", "Copy", "Hit", "NoteHit", "Results",
    "format_date", "format_moment",
    "NO_TEAM", "OFFLINE", "SYNCED", "TEAM_ENV", "WAITING", "SyncReport", "TeamEntry", "TeamStatus",
]
