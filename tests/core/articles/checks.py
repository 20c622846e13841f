"""Helpers the article tests share: the seeds, short parses, and the text-model invariant."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.articles import load_article, parse_article
from reader.core.library import Library
from reader.core.model import BOILERPLATE, HEADING, Article, IndexSummary

SEEDS = Path(__file__).resolve().parents[3] / "resources" / "articles"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")


def seed(prefix: str) -> Article:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return load_article(path)


def txt(text: str, name: str = "a.txt") -> Article:
    return parse_article(Path(name), text.encode("utf-8"))


def kinds_and_texts(article: Article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in article.blocks]


def assert_text_model(article: Article) -> None:
    """The invariant everything else rests on (DESIGN.md, "The text model")."""
    blocks = article.blocks
    assert blocks
    assert article.text == "\n".join(b.text for b in blocks)
    assert len(article.block_starts) == len(blocks)
    for block, start in zip(blocks, article.block_starts):
        assert block.text
        assert block.text == block.text.strip()
        assert "\n" not in block.text and "  " not in block.text
        assert block.text.splitlines() == [block.text]  # no \r, \x0c, U+2029...: one Qt block
        assert article.text[start : start + len(block.text)] == block.text
    assert article.title and article.title == article.title.strip() and "\n" not in article.title
    assert article.date == "" or ISO_DATE.fullmatch(article.date)
    first = next(b for b in blocks if b.kind != BOILERPLATE)
    titled = first.kind == HEADING and first.level == 1 and first.text == article.title
    assert titled or article.title == article.path.stem


def html(page: str, name: str = "page.html") -> Article:
    return parse_article(Path(name), page.encode("utf-8"))


@contextmanager
def indexed_library(tmp_path: Path, files: dict[str, bytes]) -> Iterator[tuple[Library, IndexSummary]]:
    """A library of one folder holding ``files`` (name -> bytes), indexed."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with Library(tmp_path / "home") as library:
        library.remove_folder(library.folders[0])
        library.add_folders([folder])
        yield library, library.update_index()[0]
