"""Notes and highlights, and the filter that picks some of them (export, bulk actions)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

COLORS = ("yellow", "green", "blue", "pink", "purple")
INTACT, MOVED, FUZZY, ORPHANED = "intact", "moved", "fuzzy", "orphaned"
STATUSES = (INTACT, MOVED, FUZZY, ORPHANED)
#: What notes can be exported as (Library.export_notes); a plain value, so
#: the command line can offer the choices without loading the core.
EXPORT_FORMATS = ("markdown", "w3c", "csv")
#: The Markdown export's built-in templates, the default first: ``report``
#: (quotes and citations for a report), ``obsidian`` (callouts, block ids,
#: #tags for a vault), ``detailed`` (everything Reader knows, with the
#: markers that let a re-export keep the analyst's own text).  Templates
#: the analyst writes sit beside them (``Library.export_templates``).
BUILTIN_TEMPLATES = ("report", "obsidian", "detailed")
DEFAULT_TEMPLATE = BUILTIN_TEMPLATES[0]
#: Why a note's anchor changed: the analyst re-attached it, or an index update
#: re-anchored it after its article changed (``reanchored(MOVED)``...).
REATTACHED = "re-attached"


@dataclass(frozen=True)
class ExportTemplate:
    """A Markdown export template the analyst can choose: a built-in one or their own."""

    name: str
    summary: str  # one line, for the export dialog and ``--list-templates``
    path: str = ""  # the analyst's template file; "" for a built-in


def reanchored(status: str) -> str:
    """The reason an index update gives when it moves a note: 're-anchored: moved'."""
    return f"re-anchored: {status}"


@dataclass(frozen=True)
class EarlierAnchor:
    """Where a note's passage was before something moved it, and when and why.

    A re-attach or a re-anchoring replaces the note's selectors; the ones it
    replaced are kept here, so the passage the analyst first marked (its
    quote, its place, its article) is never lost.
    """

    when: str  # ISO 8601 UTC, as notes are stamped
    reason: str  # REATTACHED, or reanchored(status)
    article_id: str
    article_title: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass
class Note:
    """A highlight (empty ``body``) or a note on a passage of one article.

    The passage is kept as W3C Web Annotation selectors: ``exact``/``prefix``/
    ``suffix`` (TextQuoteSelector) and ``start``/``end`` (TextPositionSelector,
    offsets into ``Article.text``).  ``fingerprint`` is the text's fingerprint
    when the selectors were last known good, so an edit to the article is
    noticed and the note re-anchored.
    """

    id: str  # a UUID4 string, without the "urn:uuid:" prefix
    article_id: str
    article_path: str
    article_title: str
    fingerprint: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    color: str = "yellow"
    tags: list[str] = field(default_factory=list)
    body: str = ""
    created: str = ""  # ISO 8601 with timezone, e.g. "2026-11-21T01:22:39+00:00"
    modified: str = ""
    status: str = INTACT
    score: float = 1.0  # anchoring confidence, 0..1; 1.0 unless fuzzy or orphaned
    #: The anchors this note had before, the oldest first.
    anchor_history: tuple[EarlierAnchor, ...] = ()

    def anchor_moved(self, reason: str, when: str) -> tuple[EarlierAnchor, ...]:
        """``anchor_history`` once this note's present anchor is replaced, for ``reason``."""
        return (*self.anchor_history, EarlierAnchor(
            when, reason, self.article_id, self.article_title, self.exact, self.prefix,
            self.suffix, self.start, self.end))

    def to_dict(self) -> dict:
        """Every field as plain JSON values (the Trash keeps a note so)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> Note:
        """The note ``to_dict`` gave; TypeError if ``data`` is not one (a newer
        Reader's, with fields this one does not know, is not read half)."""
        values = dict(data)
        values["anchor_history"] = tuple(
            EarlierAnchor(**entry) for entry in values.get("anchor_history", ()))
        return cls(**values)


@dataclass(frozen=True)
class NoteFilter:
    """Which notes to export.  ``None`` means "no constraint on this field".

    An empty set is a real constraint that no note satisfies: a UI that lets
    the user untick every colour should export nothing, not everything.
    """

    article_ids: frozenset[str] | None = None
    tags: frozenset[str] | None = None  # ANY of these, case-insensitive
    colors: frozenset[str] | None = None
    since: date | None = None  # the note's created date, inclusive
    until: date | None = None  # inclusive
    note_ids: frozenset[str] | None = None  # e.g. the hits of a text query


def tag_key(tag: str) -> str:
    """The form two spellings of one tag share: "Policy" and " policy" are one tag."""
    return tag.strip().casefold()


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Strip, drop empty ones, drop case-insensitive duplicates; keep order and spelling.

    A pure function on values, so the note editor and the export dialog clean
    what the user typed exactly as the notes file will store it.
    """
    seen: set[str] = set()
    result = []
    for tag in tags:
        tag = tag.strip()
        if tag and tag_key(tag) not in seen:
            seen.add(tag_key(tag))
            result.append(tag)
    return result


@dataclass(frozen=True)
class Draft:
    """A note being written, kept in the notes file while the editor is open,
    so that a crash or a power cut loses nothing of it."""

    key: str  # the edited note's id; "new:<article id>:<start>:<end>" for a new note
    article_id: str
    start: int
    end: int
    quote: str
    body: str = ""
    tags: tuple[str, ...] = ()
    color: str = "yellow"
    note_id: str = ""  # the note it edits; "" for a new note
    saved: str = ""  # when it was last kept, ISO 8601 UTC

    @staticmethod
    def key_for(article_id: str, start: int, end: int, note_id: str = "") -> str:
        return note_id or f"new:{article_id}:{start}:{end}"


@dataclass(frozen=True)
class TrashedNote:
    """A deleted note in the Trash, and when it was deleted (ISO 8601 UTC)."""

    note: Note
    trashed: str


@dataclass(frozen=True)
class KeptVersion:
    """A version of a note that an import did not keep, kept here instead:
    when (ISO 8601 UTC) and why ("older than this one, in the import of x.json")."""

    note: Note
    saved: str
    reason: str
