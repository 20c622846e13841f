"""Postings read in bulk over several segments, deleted documents left out:
the search still gives what Whoosh's collectors give."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader.core.index import SearchIndex
from tests.core.search.whoosh_reference import QUERIES, compare, generate, generated_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"))


def test_same_results_over_several_segments_with_deletions(corpus, tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(corpus, folder)
    ix = SearchIndex(tmp_path / "ix")
    ix.update([folder])
    # Edit some articles and add others: a second segment, deletions in the first.
    for path in sorted(folder.glob("gen-1-00[0-4]*.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\nIslamic State again.\n",
                        encoding="utf-8")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    generate(folder, 40, 2)
    ix.update([folder])
    searcher = ix.searcher()
    assert len(searcher.leaf_searchers()) >= 2 and searcher.reader().has_deletions()
    for text in QUERIES[:12] + ['"Islamic State again"', "again"]:
        compare(ix, text, limit=30)
        compare(ix, text, sort="date", limit=5, page=3)
    ix.close()
