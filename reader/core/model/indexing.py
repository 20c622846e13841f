"""What an index update reports: files indexed, skipped and changed, and notes re-anchored."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

#: ``progress(done, total)`` and ``cancelled()``: the callbacks every long core job takes.
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class FileRecord:
    """What the manifest knows of one indexed article: its file's stamp and
    hash (shared by the articles of a file of several) and its metadata."""

    path: str
    article_id: str
    folder: str
    size: int
    mtime_ns: int
    hash: str
    fingerprint: str
    title: str
    date: str
    author: str
    source: str
    language: str = ""  # ISO 639-1, "" when unknown
    part: str = ""  # Article.part: which article of its file this is


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class FolderStatus:
    """One folder of the library as the Folders view shows it."""

    path: str
    articles: int  # in the index now
    checked_at: str  # when the last complete update looked at it (ISO 8601); "" if none has
    skipped: tuple[Skipped, ...]  # what that update could not read under it, with the reasons
    found: bool  # the folder is there (a drive that is not mounted is not)


@dataclass(frozen=True)
class ChangedArticle:
    """An article whose text is new or changed: its notes may need re-anchoring."""

    article_id: str
    path: str
    fingerprint: str


@dataclass
class IndexSummary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)
    cancelled: bool = False
    changed: list[ChangedArticle] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["changed"] = [c.article_id for c in self.changed]
        return data

    def describe(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.removed} removed",
            f"{self.unchanged} unchanged",
            f"{len(self.skipped)} skipped",
        ]
        if self.ignored:
            parts.append(f"{len(self.ignored)} ignored (not an article type)")
        text = ", ".join(parts) + f" in {self.seconds:.2f} s"
        return ("Cancelled: " + text) if self.cancelled else text


@dataclass
class ReanchorSummary:
    counts: Counter = field(default_factory=Counter)  # status -> number of notes re-anchored
    # What changed, so the window refreshes those notes and articles only.
    note_ids: set[str] = field(default_factory=set)
    article_ids: set[str] = field(default_factory=set)

    def describe(self) -> str:
        if not self.counts:
            return "no notes needed re-anchoring"
        order = ("intact", "moved", "fuzzy", "orphaned")
        return "notes re-anchored: " + ", ".join(f"{self.counts[s]} {s}" for s in order)
