"""The library: the one object the CLI and the GUI both talk to.

It owns the data directory: the list of article folders, the search index
(a cache) and the notes file (the truth), and keeps them consistent: after
every index update the notes of changed or vanished articles are
re-anchored.  Everything the GUI can do to notes goes through here, so the
CLI can do it too and tests need no screen.  Every change to notes returns
the ``Changes`` it made and is one step of the undo history the library owns.
"""
from __future__ import annotations

import dataclasses
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .deletion import NoteDeletion
from .editing import NoteEditing, check_color
from .exchange import NotesExchange
from .folders import FolderList
from .index import BigUpdate, Cancelled, FileRecord, IndexSummary, Progress, SearchIndex
from .model import (INTACT, SCOPES, Article, ArticleError, ArticleInfo, Changes, Draft, Elsewhere,
                    FolderStatus, LibraryError, Note, REATTACHED, ReanchorSummary, UndoStatus,
                    is_link, parse_link, restored, stored)
from .notes import History, NoteStore
from .notes.history import Step
from .notes.store import Snapshots
from .paths import DataPaths
from .preload import preload_modules
from .preload import warm_up as warm_up_first_use
from .search import NoteHit, Results
from .team.access import TeamAccess

if TYPE_CHECKING:
    from .articles.cache import ArticleCache
    from .search.notes import NoteSearcher

log = logging.getLogger("reader.library")

#: Parsed articles kept in memory, checked against the file's size, mtime
#: and inode on every use: opening one again, or highlighting in it, must
#: not parse 100 KB of Markdown again.
ARTICLE_CACHE_SIZE = 8
#: Updates with at least this many files to read or drop run in a separate
#: process when the caller asks for isolation; smaller ones are not worth
#: starting a process for (about 0.3 s).
ISOLATE_MIN_FILES = 200
#: Up to this many articles with notes, re-anchoring looks their records up
#: one by one; past it, it lists the whole index once.
_RECORDS_LOOKED_UP = 2000


class Library(NotesExchange, NoteEditing, NoteDeletion, TeamAccess):
    """A data directory opened for use: folders, index and notes."""

    #: Loads what commands import on first use, once, for a process that forks one per command.
    preload = staticmethod(preload_modules)
    #: Loads what the first article and the first search need (the window, on a worker thread).
    warm_up = staticmethod(warm_up_first_use)

    def __init__(self, home: str | os.PathLike[str] | None = None) -> None:
        self.paths = DataPaths.resolve(home).ensure()
        self._folders = FolderList(self.paths.config_file)
        self.index = SearchIndex(self.paths.index_dir)
        try:
            self._notes = NoteStore(self.paths.notes_file, self.paths.backups_dir)
        except Exception:
            self.index.close()
            raise
        self._history = History(self._notes)
        self._note_searcher: NoteSearcher | None = None  # (made by the first note search)
        self._article_cache: ArticleCache | None = None
        # Said once, here: the first index update would otherwise repeat the index's.
        self.messages: list[str] = [*self._folders.messages, *self.index.take_messages(),
                                    *self._notes.messages]

    @property
    def _parsed(self) -> ArticleCache:
        """The parsed-article cache, made (and the article readers imported) on first
        use: a process that only searches, as ``reader-cli search``, never pays for them."""
        if self._article_cache is None:
            from .articles.cache import ArticleCache

            self._article_cache = ArticleCache(ARTICLE_CACHE_SIZE)
        return self._article_cache

    def close(self) -> None:
        self._notes.close()
        self.index.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- folders ----------------------------------------------------------------

    @property
    def folders(self) -> list[Path]:
        return list(self._folders)

    def add_folders(self, folders: Iterable[str | os.PathLike[str]]) -> list[Path]:
        """Add folders to the library (not yet indexed); returns the ones that were new."""
        return self._folders.add(folders)

    def remove_folder(self, folder: str | os.PathLike[str]) -> None:
        """Out of the list; its articles leave the index at the next ``update_index``."""
        self._folders.remove(folder)

    def folder_statuses(self) -> list[FolderStatus]:
        """Each folder with its article count, last complete check and skipped files."""
        return self.index.folder_statuses(self._folders)

    # -- indexing ---------------------------------------------------------------

    def update_index(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None, *,
        isolated: bool = False,
    ) -> tuple[IndexSummary, ReanchorSummary]:
        """Index new and changed files, drop vanished ones, then re-anchor notes.

        ``isolated`` (the desktop app): an update that turns out to have at
        least ``ISOLATE_MIN_FILES`` files to read or drop runs in a separate
        process (index/process.py), so the window's process keeps its GIL,
        its garbage collector and its memory to itself.  Only the comparison
        of sizes and mtimes is done twice then; small updates run here.
        """
        try:
            summary = self.index.update(self._folders, progress, cancelled,
                                        max_changes=ISOLATE_MIN_FILES if isolated else None)
        except BigUpdate:
            from .index.process import update_in_child

            try:  # IndexerProcessError says what went wrong, for the user
                summary = update_in_child(self.paths.index_dir, self._folders, progress, cancelled)
            finally:
                self.index.reload()
        return summary, self.reanchor_notes()

    def changes_elsewhere(self) -> Elsewhere:
        """What other processes changed since the last call (the first only looks);
        the search index is reloaded if they updated it."""
        index = self.index.reload_if_changed()
        found = self._notes.changed_elsewhere()
        if found is None:
            return Elsewhere(index=index)
        added, changed, removed, articles = map(frozenset, found)
        return Elsewhere(Changes(added, changed, removed, articles, undo=self._history.status()),
                         index)

    def index_busy(self) -> bool:
        """True while another process updates the index: an update now waits for it."""
        return self.index.writer_busy()

    def reanchor_notes(self) -> ReanchorSummary:
        """Re-anchor every note whose article's text is not the text it was made on.

        Notes of articles that left the library become orphans; they keep their
        quote and body and can be re-attached.
        """
        return self._reanchor(self._notes.list(), orphan=True)

    def _reanchor(self, notes: Iterable[Note], *, orphan: bool) -> ReanchorSummary:
        """Re-anchor ``notes`` made on another text than their article's now.

        ``orphan``: also orphan notes whose article is not in the index.  Not
        a step of the undo history (the system's doing), but the history is
        rebased onto the new anchors, so that undo stays right.
        """
        notes = list(notes)
        if not notes:
            return ReanchorSummary()
        articles = {note.article_id for note in notes}
        if len(articles) > _RECORDS_LOOKED_UP:
            records = {r.article_id: r for r in self.index.records()}
        else:  # (a library of 100,000 articles takes a second to list)
            records = {key: record for key in articles
                       if (record := self.index.record(key)) is not None}
        records.update(self._kept.records(articles - records.keys()))  # team articles
        if orphan and len(records) < len(articles):  # (a team article not fetched yet is not lost)
            team = self._notes.team.entries()
            notes = [n for n in notes if n.article_id in records or n.id not in team]
        from .anchoring.notes import reanchor_updates

        changes, counts = reanchor_updates(notes, records, lambda key: self.article(key).text,
                                           orphan=orphan, when=self._notes.now())
        result = ReanchorSummary(counts)
        if changes:
            with self._history.lock:
                changed = self._notes.update_many(changes)
                self._history.rebase(changed)
            result.note_ids = {n.id for n in changed}
            result.article_ids = {n.article_id for n in changed}
        return result

    # -- articles ---------------------------------------------------------------

    def note_counts(self) -> dict[str, int]:
        """Article id -> how many notes it has (articles without notes are absent)."""
        return self._notes.counts_by_article()

    def articles(self) -> list[ArticleInfo]:
        counts, records = self.note_counts(), self.index.records()
        texts = Counter(r.fingerprint for r in records if r.fingerprint)  # exact copies
        return [
            ArticleInfo(r.article_id, r.path, r.title, r.date, r.source, r.author,
                        counts.get(r.article_id, 0), r.language or "", texts[r.fingerprint] - 1
                        if r.fingerprint else 0)
            for r in records
        ]

    def record(self, key: str) -> FileRecord | None:
        """The index record of an article, by id, path or ``reader://`` link."""
        if is_link(key):
            try:
                key = parse_link(key).article_id
            except ValueError as exc:
                raise LibraryError(str(exc)) from None
        record = self.index.record(key)
        if record is None and key:
            record = self.index.record(str(Path(key).expanduser().resolve()))
        return record

    def article(self, key: str) -> Article:
        """Load an article by id, link or path (any readable file; of a file of several, the first)."""
        record = self.record(key)
        path = Path(record.path) if record else Path(restored(key)).expanduser()
        if record is None and not path.is_file():
            team = self._team_article(key)
            if team is None:
                raise LibraryError(f"No article with id or path '{key}'.")
            return team
        try:
            found = self._parsed.load(path).articles
        except ArticleError as exc:
            raise LibraryError(f"Cannot open {path}: {exc.reason}") from None
        if record is None:
            return found[0]
        article = next((a for a in found if a.id == record.article_id), None)
        if article is None:  # the file changed since it was indexed, and lost the part
            raise LibraryError(f"{path} no longer holds “{record.title}”.")
        return article

    @staticmethod
    def markdown_quote(article: Article, start: int, end: int) -> str:
        """``article.text[start:end]`` as a Markdown quote with its source (Copy as Quote).

        Escaped by the exports' rules (export.mdescape), so the window's
        clipboard and the exported notes agree on what a quote looks like.
        """
        from . import export  # the exporters are imported when first used, not at start

        try:
            return export.markdown_quote(article, start, end)
        except ValueError as exc:
            raise LibraryError(f"Cannot quote that passage: {exc}.") from None

    # -- search -----------------------------------------------------------------

    def search(self, text: str, *, limit: int = 20, page: int = 1, sort: str = "relevance",
               sources: Iterable[str] | None = None, years: Iterable[int] | None = None,
               scope: str = "articles", languages: Iterable[str] | None = None,
               cancelled: Callable[[], bool] | None = None, team: bool = False) -> Results:
        """Search articles, notes or both; raises search.QueryError for a bad query.

        ``sources``, ``years`` and ``languages`` (ISO codes) narrow the
        articles to the facet values chosen.  ``cancelled()`` is asked as the
        search goes; once it says so, SearchCancelled is raised.  Exact copies
        are one hit, shown as a copy with notes if one has (search.copies).
        ``team``: the team library's articles too, in the same list (``Hit.team``)."""
        if scope not in SCOPES:
            raise LibraryError(f"Unknown scope '{scope}'; use one of: {', '.join(SCOPES)}.")
        if scope == "notes":
            results = Results(query=text, pagelen=limit, sort=sort)
        else:
            from .search import search_articles  # (NumPy and the evaluator: first use)

            results = search_articles(self.index, text, limit=limit, page=page, sort=sort,
                                      sources=sources, years=years, languages=languages,
                                      cancelled=cancelled, noted=self.note_counts)
        if scope != "articles":
            note_hits, results.notes_total = self._search_notes(text, limit)
            results.hits.extend(note_hits)
            results.total += results.notes_total
        if team and scope != "notes":
            self._add_team_hits(results, limit=limit, page=page,
                                narrowed=bool(sources or years or languages))
        return results

    def search_notes(self, text: str, limit: int = 50) -> list[NoteHit]:
        return self._search_notes(text, limit)[0]

    def _search_notes(self, text: str, limit: int) -> tuple[list[NoteHit], int]:
        """The best notes for ``text`` and how many match (Whoosh's query side is
        loaded here, not by commands that never search)."""
        if self._note_searcher is None:
            from .search.notes import NoteSearcher

            self._note_searcher = NoteSearcher()
        return self._note_searcher.search(self._notes.list, self._notes.revision, text,
                                          limit=limit)

    def highlights(self, article_id: str, query: str) -> list[tuple[int, int]]:
        if self.is_team_article(article_id):
            return self.team_highlights(self.article(article_id), query)
        from .search import article_highlights

        return article_highlights(self.index, article_id, query)

    # -- notes ------------------------------------------------------------------

    # -- drafts: a note being written survives a crash (notes/drafts.py) --------

    def save_draft(self, draft: Draft) -> None:
        self._notes.save_draft(draft)

    def drafts(self) -> list[Draft]:
        """The drafts a crash (or a kill) left behind, the oldest first."""
        return self._notes.drafts()

    def drop_draft(self, key: str) -> None:
        self._notes.drop_draft(key)

    def resolve_note_id(self, given: str) -> str:
        """A note's whole id from ``given``: the id, or a prefix of at least four characters."""
        return self._notes.resolve_id(given)

    def note(self, note_id: str) -> Note:
        """The note with this id; NoteNotFoundError if there is none."""
        return self._notes.get(note_id)

    def tags(self) -> list[tuple[str, int]]:
        """(tag, number of notes), most used first: for completion and filters."""
        return self._notes.tags()

    def add_note(
        self, key: str, *, start: int | None = None, end: int | None = None,
        quote: str | None = None, occurrence: int = 1, body: str = "",
        tags: Sequence[str] = (), color: str = "yellow", fingerprint: str | None = None,
        shared: bool | None = None,
    ) -> Changes:
        """Anchor a new note to a passage given by offsets or by its text.

        ``fingerprint``: the text the offsets were taken from (the window's),
        refused if the file no longer has it.  A note on a team article goes
        to the team library at the next sync, ``shared`` with the team or
        private (the default).  One undo step: "Add Note", or "Highlight
        (colour)" for a note without a body.
        """
        article = self._article_as_seen(key, fingerprint)
        team = self.is_team_article(article.id)
        if shared and not team:
            raise LibraryError("Only notes on team articles can be shared; this one is local.")
        start, end = self._passage(article, start, end, quote, occurrence)
        from .anchoring import describe  # (loaded when a note is made, not to search)

        sel = describe(article.text, start, end)
        note = Note(
            id="", article_id=article.id, article_path=stored(str(article.path)),
            article_title=article.title, fingerprint=article.fingerprint,
            exact=sel.exact, prefix=sel.prefix, suffix=sel.suffix, start=start, end=end,
            color=check_color(color), tags=list(tags), body=body,
        )
        with self._history.lock:
            added = self._notes.add(note, team_shared=bool(shared) if team else None)
            label = "Add Note" if body.strip() else f"Highlight ({added.color})"
            return self._record(label, {added.id: None}, {added.id: added}, added)

    def _article_as_seen(self, key: str, fingerprint: str | None) -> Article:
        article = self.article(key)
        if fingerprint is not None and article.fingerprint != fingerprint:
            raise LibraryError(
                "The article changed on disk since it was opened, so the selection no longer "
                "matches it. Re-open the article and select the passage again.")
        return article

    @staticmethod
    def _passage(article: Article, start, end, quote, occurrence) -> tuple[int, int]:
        if quote is not None:
            try:
                from .anchoring import find_quote

                return find_quote(article.text, quote, occurrence)
            except ValueError as exc:
                raise LibraryError(str(exc)) from None
        if start is None or end is None:
            raise LibraryError("Give the passage as a quote or as start and end offsets.")
        if not 0 <= start < end <= len(article.text):
            raise LibraryError(
                f"Offsets {start}..{end} are outside the article (its text has "
                f"{len(article.text)} characters)."
            )
        return start, end

    def list_notes(self, key: str | None = None, *, tag: str | None = None,
                   status: str | None = None, color: str | None = None) -> list[Note]:
        article_id = None
        if key:
            record = self.record(key)
            article_id = record.article_id if record else key
        return self._notes.list(article_id, tag=tag, status=status, color=color)

    def reattach_note(self, note_id: str, start: int | None = None, end: int | None = None,
                      key: str | None = None, *, fingerprint: str | None = None,
                      quote: str | None = None, occurrence: int = 1) -> Changes:
        """Attach a note (typically an orphan) to a new passage of its own article,
        or of the article ``key`` names (when its article was renamed or replaced).

        The passage is ``start``/``end``, or the ``occurrence``-th ``quote``;
        ``fingerprint`` as for ``add_note``.
        """
        note = self._notes.get(note_id)
        if key is None:
            key = note.article_id if self.record(note.article_id) else note.article_path
        article = self._article_as_seen(key, fingerprint)
        start, end = self._passage(article, start, end, quote, occurrence)
        from .anchoring import describe  # (loaded when a note is made, not to search)

        sel = describe(article.text, start, end)
        with self._history.lock:
            old = self._notes.get(note_id)
            anchor = dict(article_id=article.id, exact=sel.exact, prefix=sel.prefix,
                          suffix=sel.suffix, start=start, end=end)
            if any(getattr(old, name) != value for name, value in anchor.items()):
                # the passage it leaves is kept, so the original quote is never lost
                anchor["anchor_history"] = old.anchor_moved(REATTACHED, self._notes.now())
            new = self._notes.update(
                note_id, **anchor, article_path=stored(str(article.path)), article_title=article.title,
                fingerprint=article.fingerprint, status=INTACT, score=1.0)
            return self._record("Re-attach Note", {note_id: old}, {note_id: new}, new)

    def _record(self, label: str, before: dict[str, Note | None], after: dict[str, Note | None],
                note: Note | None) -> Changes:
        self._history.record(label, before, after)
        return Changes.between(before, after, self._history.status(), note)

    # -- undo -------------------------------------------------------------------

    def undo_status(self) -> UndoStatus:
        """What Undo and Redo would do now (their labels), for menus and buttons."""
        return self._history.status()

    def undo(self) -> Changes:
        """Undo the last change to notes; nothing happens (empty Changes) if there is none."""
        return self._after_history_move(self._history.undo())

    def redo(self) -> Changes:
        """Redo the last undone change; nothing happens if there is none."""
        return self._after_history_move(self._history.redo())

    def _after_history_move(self, moved: tuple[Step, Snapshots, Snapshots] | None) -> Changes:
        if moved is None:
            return Changes(undo=self._history.status())
        _step, before, after = moved
        # A snapshot of a passage from before the article last changed (a
        # deleted note, an orphan a re-attach replaced): put it on today's
        # text, as the index update would have done had the note been there.
        reanchored = self._reanchor([n for n in after.values() if n is not None], orphan=False)
        now = {note_id: self._notes.find(note_id) for note_id in after}
        changes = Changes.between(before, now, self._history.status(),
                                  next(iter(now.values())) if len(now) == 1 else None)
        return dataclasses.replace(changes, articles=changes.articles | reanchored.article_ids)

    # -- for the window and the self-test -------------------------------------

    @staticmethod
    def supported_suffixes() -> frozenset[str]:
        """The file suffixes the library reads (the self-test counts the samples with them)."""
        from .articles import SUPPORTED_SUFFIXES

        return SUPPORTED_SUFFIXES

    def check_index_in_child(self) -> IndexSummary:
        """Bring the index up to date in a separate indexer process, whatever its size.

        ``update_index(isolated=True)`` starts that process only for big
        updates; the self-test calls this to prove that the process can be
        started at all (a frozen bundle may fail to), on a small folder.
        """
        from .index.process import update_in_child

        try:
            return update_in_child(self.paths.index_dir, self._folders)
        finally:
            self.index.reload()

