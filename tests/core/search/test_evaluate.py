"""The bulk evaluation gives what Whoosh's collectors give, query by query."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.search.whoosh_reference import QUERIES, compare, generated_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("text", QUERIES)
def test_same_results_as_whooshs_collectors(ix, text):
    compare(ix, text)
    compare(ix, text, sort="date", limit=7, page=2)
    compare(ix, text, sources=["Russia Insider", "TASS"], limit=50)
    compare(ix, text, years=[2016, 2012], sort="date")

