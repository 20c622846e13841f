"""Fixtures of the core tests."""
from __future__ import annotations

import pytest

from reader.core.index import SearchIndex


@pytest.fixture(scope="module")
def ix(corpus, tmp_path_factory):
    """The module's ``corpus`` folder, indexed once for all its tests."""
    index = SearchIndex(tmp_path_factory.mktemp("ix"))
    index.update([corpus])
    yield index
    index.close()
