"""The team's articles on the server: ingested once, read back the same on every desktop.

``ingest`` reads a folder with the same loaders as a local library
(``articles.parse_articles``, the same walk and skips as ``index.scan``, on
the index's worker processes when there is enough to read) and stores each
article's text, blocks and metadata in ``reader_team.articles``.
The text is never parsed again elsewhere: a desktop reads the blocks back
(``article_from_row``), so ``Article.text`` and every offset into it, hits
and notes alike, are the same for the whole team.  An article whose text
has not changed is left as it is; one whose text changed is replaced.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg.rows import dict_row, tuple_row
from psycopg.types.json import Jsonb

from .. import articles
from ..index import FastAnalyzer, make_analyzer
from ..index.progress import Ticker
from ..index.scan import changed_files, find_articles
from ..index.pool import PooledReads, worker_count
from ..model import Article, ArticleError, IndexSummary, Skipped, TeamError, shown
from .connection import first_line
from .migrations import SCHEMA
from .offline import article_from_row, blocks_json

log = logging.getLogger("reader.team")

#: Articles sent to the server in one round trip.
_BATCH = 200
#: Reader's analyser without its stemmer: the words as the query parser sees them.
_WORDS = FastAnalyzer(make_analyzer(stem=False))

_COLUMNS = ("id", "path", "part", "title", "author", "source", "date", "language",
            "fingerprint", "text", "blocks")
_UPSERT = (
    f"INSERT INTO {SCHEMA}.articles ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS[1:])
    + ", ingested_by = current_user, ingested_at = now() "
    f"WHERE ({SCHEMA}.articles.fingerprint, {SCHEMA}.articles.path) "
    "IS DISTINCT FROM (EXCLUDED.fingerprint, EXCLUDED.path) "
    "RETURNING id")


@dataclass
class IngestSummary:
    """What an ingest did: articles added, replaced (their text changed) and
    unchanged; files skipped, with the reason."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def describe(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped")


def ingest(conn: psycopg.Connection, folders: Iterable[Path],
           progress: Callable[[int, int], None] | None = None) -> IngestSummary:
    """Read every article under ``folders`` and store it on the team server."""
    scanned = IndexSummary()
    candidates = find_articles([Path(f) for f in folders], scanned)
    # (the scan's own stat pass: sizes for the pool's estimate, too large files skipped)
    to_read, _seen = changed_files(candidates, {}, {}, scanned, Ticker(None, None, 0))
    tasks = [(path,) for _folder, path, _size, _mtime in to_read]
    summary = IngestSummary(skipped=list(scanned.skipped))
    batch: list[tuple] = []
    words: set[str] = set()
    try:
        with _IngestReads(tasks, [item[2] for item in to_read], worker_count()) as reads:
            outcomes = (item for read in reads for item in read)
            for done, (path, outcome) in enumerate(outcomes, 1):
                if outcome[0] == "skip":
                    summary.skipped.append(Skipped(path, outcome[1]))
                else:
                    _, rows, file_words, skipped = outcome
                    batch.extend(rows)
                    words.update(file_words)
                    summary.skipped.extend(Skipped(path, reason) for reason in skipped)
                if len(batch) >= _BATCH:
                    _store(conn, batch, words, summary)
                    batch, words = [], set()
                if progress is not None:
                    progress(done, len(tasks))
        _store(conn, batch, words, summary)
    except psycopg.errors.InsufficientPrivilege:
        raise TeamError("This role may not add articles to the team library: ask an admin "
                        "to make it a member.") from None
    except psycopg.errors.UndefinedTable:
        raise TeamError("This database has no team schema yet: run 'team init' first.") from None
    except psycopg.OperationalError as exc:
        raise TeamError(f"The team server went away during the ingest: "
                        f"{first_line(exc)} (what was sent before is kept).") from None
    return summary


def read_file_rows(task: tuple[str]) -> tuple:
    """A file's articles as rows for the server, and their words, read in any
    process: ("rows", rows, words, parts skipped), or ("skip", reason)."""
    path = Path(task[0])
    try:
        found = articles.parse_articles(path, articles.read_file(path))
    except ArticleError as exc:
        return ("skip", exc.reason)
    return ("rows", [_row(a) for a in found.articles],
            _words(a.text for a in found.articles), list(found.skipped))


def _chunk_rows(tasks: list[tuple[str]]) -> list[tuple[str, tuple]]:
    """In a worker process: (path, outcome) of each of a chunk of files, in order."""
    return [(task[0], read_file_rows(task)) for task in tasks]


class _IngestReads(PooledReads[list[tuple[str, tuple]]]):
    """(path, outcome) of each file, in batches: on the index's worker processes
    when the estimated work pays for them (index.pool), else here, with
    documents (PDF, Word ...) read in a process of their own.  A worker that
    dies or hangs leaves the rest to be read one at a time in that process."""

    in_worker = staticmethod(_chunk_rows)
    in_isolation = staticmethod(read_file_rows)
    largest_chunk = 64

    def here(self, tasks: list[tuple]) -> Iterator[list[tuple[str, tuple]]]:
        for task in tasks:
            if articles.is_document(Path(task[0])):
                yield self.read_alone(task)
            else:
                yield [(task[0], read_file_rows(task))]

    def alone(self, task: tuple, result) -> list[tuple[str, tuple]]:
        return [(task[0], ("skip", result) if isinstance(result, str) else result)]


def _store(conn: psycopg.Connection, batch: list[tuple], words: set[str],
           summary: IngestSummary) -> None:
    """Send a batch, and its words, in one transaction; count what was new,
    replaced, or left alone."""
    if not batch:
        return
    # (plain tuples, whatever rows the caller's connection makes)
    with conn.transaction(), conn.cursor(row_factory=tuple_row) as cur:
        cur.execute(f"SELECT id FROM {SCHEMA}.articles WHERE id = ANY(%s)",
                    ([row[0] for row in batch],))
        known = {found for (found,) in cur.fetchall()}
        cur.executemany(_UPSERT, batch, returning=True)
        written = set()
        while True:
            written.update(found for (found,) in cur.fetchall())
            if not cur.nextset():
                break
        if written:
            cur.execute(f"INSERT INTO {SCHEMA}.words SELECT unnest(%s::text[]) "
                        "ON CONFLICT DO NOTHING", (sorted(words),))
    summary.added += len(written - known)
    summary.updated += len(written & known)
    summary.unchanged += len(batch) - len(written)


def _words(texts: Iterable[str]) -> list[str]:
    """The distinct words of some texts, lower-cased and folded as the local
    index folds them, unstemmed: the vocabulary fuzzy terms are matched in."""
    words: set[bytes] = set()
    for text in texts:
        words.update(_WORDS.tokens(text)[0])
    return sorted(word.decode("utf-8") for word in words)


def _row(article: Article) -> tuple:
    return (article.id, shown(str(article.path)), article.part, article.title, article.author,
            article.source, article.date, article.language or "", article.fingerprint,
            article.text, Jsonb(blocks_json(article.blocks)))


def fetch_article(conn: psycopg.Connection, key: str) -> Article | None:
    """The team article with id (or path) ``key``, as it was ingested; None if none."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(f"SELECT * FROM {SCHEMA}.articles WHERE id = %s OR path = %s "
                    "ORDER BY id = %s DESC, part LIMIT 1", (key, key, key))
        row = cur.fetchone()
    return None if row is None else article_from_row(row)


def fingerprints(conn: psycopg.Connection, article_ids: Iterable[str]) -> dict[str, str]:
    """The team's present text fingerprint of each of ``article_ids`` it has."""
    ids = list(article_ids)
    if not ids:
        return {}
    with conn.cursor(row_factory=tuple_row) as cur:
        cur.execute(f"SELECT id, fingerprint FROM {SCHEMA}.articles WHERE id = ANY(%s)", (ids,))
        return dict(cur.fetchall())


def article_list(conn: psycopg.Connection) -> list[dict]:
    """Every team article's metadata (not its text), by path."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(f"SELECT id, path, title, date, source, author, language "
                    f"FROM {SCHEMA}.articles ORDER BY path, part")
        return cur.fetchall()
