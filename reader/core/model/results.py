"""What a search hands back: article hits, note hits, a page of results, library rows."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

SORTS = ("relevance", "date")
SCOPES = ("articles", "notes", "both")


@dataclass(frozen=True)
class Copy:
    """Another file holding exactly the same text as a hit (the same article saved twice)."""

    id: str
    path: str


@dataclass
class Hit:
    """One matching article; ``copies``: the other articles with exactly its text
    that the query matched too, folded into this one result."""

    id: str
    path: str
    title: str
    date: str
    source: str
    author: str
    score: float
    snippet: str  # HTML, matches in <mark>
    highlights: list[tuple[int, int]]
    kind: str = "article"
    copies: tuple[Copy, ...] = ()
    #: From the team library (on the server), not from a local folder.
    team: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data["highlights"] = [list(span) for span in self.highlights]
        data["copies"] = list(data["copies"])
        return data


@dataclass
class Results:
    query: str
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    page: int = 1
    pagelen: int = 20
    sort: str = "relevance"
    #: Articles with no date, when the query asks ``date:``: none of them can match.
    undated: int = 0
    #: How many notes match in all (of ``total``), when notes are searched; the
    #: hits hold the best of them.
    notes_total: int = 0
    #: How many matching articles were exact copies of another result and are
    #: folded into it (``Hit.copies``); ``total`` counts each text once.
    folded: int = 0
    #: Of ``total``, how many are the team library's (``Hit.team``), when it was searched.
    team_total: int = 0
    #: Why the team library was not searched ("" when it was, or is not set).
    team_error: str = ""

    def undated_note(self) -> str:
        """The sentence that says why some articles cannot match a ``date:`` query; "" if none."""
        if not self.undated:
            return ""
        one = self.undated == 1
        return (f"{self.undated} article{'' if one else 's'} {'has' if one else 'have'} no date, "
                "so date: cannot match {}.".format("it" if one else "them"))

    def folded_note(self) -> str:
        """The words that say copies were folded ("2 copies folded"); "" if none."""
        if not self.folded:
            return ""
        return f"{self.folded} cop{'y' if self.folded == 1 else 'ies'} folded"

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "notes_total": self.notes_total,
            "folded": self.folded,
            "page": self.page,
            "sort": self.sort,
            "hits": [h.to_dict() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "undated": self.undated,
            "team_total": self.team_total,
            "team_error": self.team_error,
        }


@dataclass
class NoteHit:
    """One matching note."""

    note_id: str
    article_id: str
    article_title: str
    score: float
    snippet: str
    kind: str = "note"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ArticleInfo:
    """A row of the library table."""

    id: str
    path: str
    title: str
    date: str
    source: str
    author: str
    note_count: int
    language: str = ""  # ISO 639-1, "" when unknown; language_name() says it in words
    #: How many other articles hold exactly this text (a search shows them as one result).
    copies: int = 0
    #: In the team library (on the server), not in a local folder.
    team: bool = False
