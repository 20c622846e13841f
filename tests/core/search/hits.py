"""Helpers the search tests share to look at hits."""
from __future__ import annotations

from pathlib import Path

from reader.core import articles


def name(hit) -> str:
    """The file name of a hit's article."""
    return Path(hit.path).name


def texts(ix, hit) -> list[str]:
    """The article text under each of a hit's highlights."""
    text = articles.load_article(Path(hit.path)).text
    return [text[s:e] for s, e in hit.highlights]
