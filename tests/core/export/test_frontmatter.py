"""Front matter: PyYAML writes it, and it reads back exactly."""
from __future__ import annotations

import re
from pathlib import Path


def test_export_writes_with_pyyaml_but_reads_nothing_the_tests_use():
    """PyYAML writes the front matter; markdown-it, which the tests read it back with, stays out."""
    sources = [p.read_text("utf-8") for p in
               Path(__file__).parents[3].joinpath("reader/core/export").glob("*.py")]
    imported = {m for s in sources for m in re.findall(r"^(?:from|import) ([\w.]+)", s, re.M)}
    assert "yaml" in imported
    assert not {m for m in imported if m.split(".")[0] in ("PySide6", "markdown_it")}
