"""Notes in and out of the library: exports for reports, and W3C imports.

A part of ``Library`` (its base class ``NotesExchange``), in a module of its
own so that the facade stays one screenful per concern.  It uses the
library's notes store, index, parsed-article cache, history and re-anchoring
as ``Library`` sets them up.
"""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .model import (DEFAULT_TEMPLATE, Changes, ExportError, ExportTemplate, KeptVersion,
                    LibraryError, NoteFilter, article_id_for)

if TYPE_CHECKING:
    from .export import ArticleMeta


class NotesExchange:
    """``Library.export_notes``, ``export_templates`` and ``import_notes``."""

    def export_notes(
        self, fmt: str = "markdown", destination: str | os.PathLike[str] | None = None, *,
        flt: NoteFilter | None = None, query: str | None = None,
        per_article: bool = False, template: str = DEFAULT_TEMPLATE, with_colour: bool = False,
    ) -> tuple[str | None, list[Path], int]:
        """Export the notes that pass the filters.

        ``template`` names the Markdown template (``export_templates``);
        ``with_colour`` adds the highlight colours where the template leaves
        them out unless asked.  Returns (text, files of the export, number of
        notes): text is the export when no destination is given (the CLI
        prints it).
        """
        flt = flt or NoteFilter()
        if query:
            ids = frozenset(h.note_id for h in self.search_notes(query, limit=1_000_000))
            flt = NoteFilter(**{**flt.__dict__, "note_ids": ids})
        from . import export

        notes = export.apply_filter(self._notes.list(), flt)
        dest = Path(destination).expanduser() if destination else None
        try:
            metas = export.with_pages(self._article_metas(), notes, self._parsed.load)
            text, files = export.run_export(fmt, notes, metas, dest, per_article=per_article,
                                            template=template, with_colour=with_colour,
                                            templates_dir=self.paths.templates_dir)
        except ExportError as exc:
            raise LibraryError(str(exc)) from None
        return text, files, len(notes)

    def export_templates(self) -> list[ExportTemplate]:
        """The Markdown templates to choose from: the built-in ones (the default first), then
        the analyst's Jinja2 files in ``<data dir>/templates/``, by name."""
        from .export import available_templates

        return available_templates(self.paths.templates_dir)

    def _article_metas(self) -> dict[str, ArticleMeta]:
        from .export import ArticleMeta

        return {
            r.article_id: ArticleMeta(r.article_id, r.path, r.title, r.date, r.author,
                                             r.source)
            for r in self.index.records()
        }

    def import_notes(self, file: str | os.PathLike[str]) -> Changes:
        """Import W3C Web Annotation JSON (as exported): one "Import Notes" step.

        ``Changes.added`` and ``changed`` are the notes new and updated.
        """
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise LibraryError(f"No such file: {file}") from None
        except json.JSONDecodeError as exc:
            raise LibraryError(
                f"{file} is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                "Reader imports W3C Web Annotation JSON, as it exports it.") from None
        except UnicodeDecodeError:
            raise LibraryError(f"{file} is not a text file; Reader imports W3C Web Annotation "
                               "JSON, as it exports it.") from None
        except RecursionError:  # [[[[... thousands deep: no export of notes looks like that
            raise LibraryError(f"{file} is nested too deeply to be an export of notes; Reader "
                               "imports W3C Web Annotation JSON, as it exports it.") from None
        except OSError as exc:
            raise LibraryError(f"Cannot read {file}: {exc.strerror or exc}") from None
        try:
            from .export import from_w3c

            notes = from_w3c(data)
        except ExportError as exc:
            raise LibraryError(f"{file} is not a Web Annotation file Reader can import: {exc}") from None
        for note in notes:
            if not self.index.record(note.article_id) and note.article_path:
                note.article_id = article_id_for(Path(note.article_path))
        with self._history.lock:
            before, after, conflicts = self._notes.upsert(notes, f"the import of {Path(file).name}")
            self._history.record("Import Notes", before, after)
        reanchored = self.reanchor_notes()
        changes = Changes.between(before, after, self._history.status())
        return dataclasses.replace(changes, articles=changes.articles | reanchored.article_ids,
                                   conflicts=tuple(conflicts))

    def note_versions(self, note_id: str) -> list[KeptVersion]:
        """The versions of a note that an import or a team sync did not keep (the
        newer edit won), latest first."""
        return self._notes.versions(note_id)

    def note_version_counts(self) -> dict[str, int]:
        """note id -> how many other versions of it are kept (for the notes' cards)."""
        return self._notes.version_counts()
