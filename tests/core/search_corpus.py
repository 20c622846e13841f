"""The corpus the search tests share: the sample articles plus an accented one."""
from __future__ import annotations

import shutil
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "resources" / "articles"


def write_search_corpus(folder: Path) -> Path:
    """Copy the seeds into ``folder`` and add a Polish article (accent folding)."""
    shutil.copytree(SEEDS, folder, dirs_exist_ok=True)
    (folder / "polish.md").write_text(
        "# Władimir and the café\n\nWładimir Putin met Lech Wałęsa at a café in Gdańsk.\n",
        encoding="utf-8")
    return folder
