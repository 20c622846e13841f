"""One export: the chosen format, written to a file or a folder, or returned as text."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from reader.core.model import DEFAULT_TEMPLATE, EXPORT_FORMATS, ExportError, Note

from .common import ArticleMeta, timestamp
from .csv_table import to_csv
from .folder import write_changed, write_markdown_folder
from .templating import load_template
from .w3c_write import to_w3c


def run_export(fmt: str, notes: Sequence[Note], articles: Mapping[str, ArticleMeta],
               destination: Path | None, *, per_article: bool = False,
               template: str = DEFAULT_TEMPLATE, with_colour: bool = False,
               templates_dir: Path | None = None) -> tuple[str | None, list[Path]]:
    """Export ``notes`` as ``fmt``; returns (the text when there is no destination, files written).

    Markdown is rendered by the template called ``template`` (built-in, or
    the analyst's in ``templates_dir``), with the highlight colours when
    ``with_colour``; it goes one file per article when ``per_article`` is
    asked or the destination is an existing folder.  A file that would not
    change is left alone (``folder.write_changed``); every other one is
    written atomically.
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Unknown format '{fmt}'; use one of: {', '.join(EXPORT_FORMATS)}.")
    now = datetime.now(timezone.utc)
    if fmt == "markdown":
        chosen = load_template(template, templates_dir)
        if per_article or (destination is not None and destination.is_dir()):
            if destination is None:
                raise ExportError("Exporting one file per article needs a folder (-o FOLDER).")
            return None, write_markdown_folder(notes, articles, destination, exported_at=now,
                                               template=chosen, with_colour=with_colour)

        def render(stamp: str) -> str:
            return chosen.document(notes, articles, stamp, with_colour)
    elif fmt == "w3c":
        def render(stamp: str) -> str:
            return json.dumps(to_w3c(notes, articles, exported_at=datetime.fromisoformat(stamp)),
                              indent=2, ensure_ascii=False) + "\n"
    else:
        def render(stamp: str) -> str:
            return to_csv(notes, articles)
    if destination is None:
        return render(timestamp(now)), []
    write_changed(destination, render, timestamp(now))
    return None, [destination]
