"""Front matter: PyYAML writes it, and it reads back exactly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reader.core.export.frontmatter import front_matter


def test_export_writes_with_pyyaml_but_reads_nothing_the_tests_use():
    """PyYAML writes the front matter; markdown-it, which the tests read it back with, stays out."""
    sources = [p.read_text("utf-8") for p in
               Path(__file__).parents[3].joinpath("reader/core/export").glob("*.py")]
    imported = {m for s in sources for m in re.findall(r"^\s*(?:from|import) ([\w.]+)", s, re.M)}
    assert "yaml" in imported
    assert not {m for m in imported if m.split(".")[0] in ("PySide6", "markdown_it")}


@pytest.mark.parametrize("title", [
    "Plain", "Re: the plan # 2", "2016-11-24", "yes", "\u2028line\x85next\ufeff", "lone \udcff",
    "«Москва» — 'quoted' \"double\"", "x" * 300,
])
def test_values_load_back_exactly_whichever_dumper_wrote_them(title):
    fields = {"title": title, "count": 3, "tags": ["a b", "Re: x"], "empty": []}
    text = front_matter(fields)
    assert text.startswith("---\n") and text.endswith("\n---")
    assert yaml.safe_load(text[4:-4]) == fields
