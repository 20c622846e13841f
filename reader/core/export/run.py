"""One export: the chosen format, written to a file or a folder, or returned as text."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from reader.core.model import EXPORT_FORMATS, ExportError, Note
from reader.core.util.atomic import write_atomic

from .common import ArticleMeta
from .csv_table import to_csv
from .folder import write_markdown_folder
from .markdown import to_markdown
from .w3c_write import to_w3c


def run_export(fmt: str, notes: Sequence[Note], articles: Mapping[str, ArticleMeta],
               destination: Path | None, *, per_article: bool = False) -> tuple[str | None, list[Path]]:
    """Export ``notes`` as ``fmt``; returns (the text when there is no destination, files written).

    Markdown goes one file per article when ``per_article`` is asked or the
    destination is an existing folder; every file is written atomically.
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Unknown format '{fmt}'; use one of: {', '.join(EXPORT_FORMATS)}.")
    now = datetime.now(timezone.utc)
    if fmt == "markdown" and (per_article or (destination is not None and destination.is_dir())):
        if destination is None:
            raise ExportError("Exporting one file per article needs a folder (-o FOLDER).")
        return None, write_markdown_folder(notes, articles, destination, exported_at=now)
    if fmt == "markdown":
        text = to_markdown(notes, articles, exported_at=now)
    elif fmt == "w3c":
        text = json.dumps(to_w3c(notes, articles, exported_at=now), indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_csv(notes, articles)
    if destination is None:
        return text, []
    write_atomic(destination, text)
    return None, [destination]
