"""Team articles kept on this desktop, so that they read offline.

A team article is fetched from the server the first time it is opened and
kept here (one JSON file each, under the data directory's ``team/``
folder, written atomically), so a person on a plane keeps reading it and
the notes on it, and re-anchoring finds its text without the server.  The
blocks are kept as the server keeps them (``blocks_json``), spans and
pages included: the text, and every offset into it, stay the team's.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from ..model import Article, Block, FileRecord, Span
from ..util.atomic import write_atomic

log = logging.getLogger("reader.team")

#: What an article id may be to name a file here (ids are hex digests).
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class KeptArticles:
    """The team articles kept in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, article_id: str) -> Path | None:
        return self.folder / f"{article_id}.json" if _SAFE_ID.match(article_id) else None

    def get(self, article_id: str) -> Article | None:
        """The kept article, or None (never kept, or a file that cannot be read)."""
        path = self._file(article_id)
        if path is None or not path.is_file():
            return None
        try:
            return article_from_row(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("kept team article %s cannot be read (%s); it is fetched again", path, exc)
            return None

    def keep(self, article: Article) -> None:
        path = self._file(article.id)
        if path is None:
            return
        row = {"id": article.id, "path": str(article.path), "part": article.part,
               "title": article.title, "author": article.author, "source": article.source,
               "date": article.date, "language": article.language,
               "blocks": blocks_json(article.blocks)}
        write_atomic(path, json.dumps(row, ensure_ascii=False))

    def has(self, article_id: str) -> bool:
        path = self._file(article_id)
        return path is not None and path.is_file()

    def records(self, article_ids: Iterable[str]) -> dict[str, FileRecord]:
        """Index-like records of the kept articles among ``article_ids``, for re-anchoring."""
        found = {}
        for article_id in article_ids:
            article = self.get(article_id) if self.has(article_id) else None
            if article is not None:
                found[article_id] = FileRecord(
                    path=str(article.path), article_id=article.id, folder="", size=0,
                    mtime_ns=0, hash="", fingerprint=article.fingerprint, title=article.title,
                    date=article.date, author=article.author, source=article.source,
                    language=article.language, part=article.part)
        return found


def blocks_json(blocks: Iterable[Block]) -> list[dict]:
    """Blocks as the server keeps them (JSON), spans and pages included."""
    out = []
    for block in blocks:
        item: dict = {"kind": block.kind, "text": block.text}
        if block.level:
            item["level"] = block.level
        if block.page:
            item["page"] = block.page
        if block.spans:
            item["spans"] = [[s.start, s.end, s.kind, s.href] if s.href else
                             [s.start, s.end, s.kind] for s in block.spans]
        out.append(item)
    return out


def blocks_from_json(items: list[dict] | str) -> tuple[Block, ...]:
    if isinstance(items, str):
        items = json.loads(items)
    return tuple(Block(item["kind"], item["text"], item.get("level", 0), item.get("page", 0),
                       tuple(Span(*span) for span in item.get("spans", ())))
                 for item in items)


def article_from_row(row: dict) -> Article:
    """The Article a row of ``reader_team.articles`` holds: the ingested text, as it was."""
    return Article(id=row["id"], path=Path(row["path"]), title=row["title"],
                   blocks=blocks_from_json(row["blocks"]), date=row["date"],
                   author=row["author"], source=row["source"], language=row["language"],
                   part=row["part"])


