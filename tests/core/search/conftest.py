"""The corpus the search tests index (tests/core/conftest.py's ``ix`` indexes it)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.search_corpus import write_search_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = write_search_corpus(tmp_path_factory.mktemp("corpus"))
    # One long article: the only match sits far beyond Whoosh's 32K fragment limit.
    filler = " ".join(["The committee discussed routine matters at length."] * 1500)
    (folder / "long.txt").write_text(
        f"A very long report\n\n{filler}\n\nFinally the quokka appeared.\n", encoding="utf-8")
    return folder

