"""The Markdown export's templates: the built-in ones and the analyst's own, in Jinja2.

``report`` (the default) and ``obsidian`` are Jinja2 templates shipped in
``templates/`` beside this module (package data, and data in the app
bundle); ``detailed`` is the Markdown Reader has always written
(``markdown.py``), kept in Python because its note markers are what lets a
folder re-export tell Reader's text from the analyst's.  Any ``*.j2``,
``*.jinja`` or ``*.jinja2`` file in ``<data dir>/templates/`` is offered by
its name (``brief.md.j2`` is ``brief``); one named like a built-in replaces
it.  A leading ``{# comment #}``'s first line is the template's summary.

The analyst's templates are code Reader runs, so they run in Jinja2's
``SandboxedEnvironment`` (no attribute tricks reach Python's internals),
with autoescape off (the output is Markdown, not HTML: ``template_vars``
gives escaped variants and filters) and ``StrictUndefined``, so a misspelt
variable is an error, not an empty string.  A template that cannot be
parsed or fails while rendering is an ``ExportError`` naming the template,
its line and what went wrong, never a traceback.  ``template_vars`` lists
the variables and filters a template receives.
"""
from __future__ import annotations

import re
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from reader.core.model import BUILTIN_TEMPLATES, ExportError, ExportTemplate, Note

from .common import ArticleMeta
from .markdown import KEEP_MARKER, article_document, to_markdown
from .template_vars import FILTERS, TEMPLATE_KEEP_MARKER, article_vars, document_vars

BUILTIN_DIR = Path(__file__).with_name("templates")
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
DETAILED = "detailed"
_DETAILED_SUMMARY = ("everything Reader knows: tags, colour, file, link, with markers that "
                     "keep your own text on re-export")
_SUMMARY = re.compile(r"\s*\{#-?\s*(.*?)\s*(?:\n|-?#\})", re.DOTALL)


class MarkdownTemplate(Protocol):
    """What the Markdown exports ask of a template, whatever renders it."""

    name: str
    #: The line that ends Reader's part of an article's file; the analyst's text follows it.
    keep_marker: str

    def document(self, notes: Sequence[Note], articles: Mapping[str, ArticleMeta], stamp: str,
                 with_colour: bool) -> str:
        """The whole export as one Markdown document."""

    def article(self, meta: ArticleMeta, notes: Sequence[Note], stamp: str,
                with_colour: bool) -> str:
        """Reader's part of one article's file, ending with ``keep_marker`` and a newline."""


@dataclass(frozen=True)
class DetailedTemplate:
    """``detailed``: the Markdown of ``markdown.py``, colour and all (``with_colour`` changes nothing)."""

    name: str = DETAILED
    keep_marker: str = KEEP_MARKER

    def document(self, notes: Sequence[Note], articles: Mapping[str, ArticleMeta], stamp: str,
                 with_colour: bool) -> str:
        return to_markdown(notes, articles, datetime.fromisoformat(stamp))

    def article(self, meta: ArticleMeta, notes: Sequence[Note], stamp: str,
                with_colour: bool) -> str:
        return article_document(meta, notes, stamp)


@dataclass(frozen=True)
class JinjaTemplate:
    """A Jinja2 template file, built-in or the analyst's, rendered in the sandbox."""

    name: str
    path: Path
    keep_marker: str = TEMPLATE_KEEP_MARKER

    def document(self, notes: Sequence[Note], articles: Mapping[str, ArticleMeta], stamp: str,
                 with_colour: bool) -> str:
        return self._render(document_vars(notes, articles, stamp, with_colour))

    def article(self, meta: ArticleMeta, notes: Sequence[Note], stamp: str,
                with_colour: bool) -> str:
        return f"{self._render(article_vars(meta, notes, stamp, with_colour))}\n{self.keep_marker}\n"

    def _render(self, variables: dict[str, Any]) -> str:
        """The output, its trailing blank lines trimmed to one newline."""
        template = self._compiled
        try:
            text = template.render(variables)
        except Exception as exc:  # anything the analyst's code raises: said, never a traceback
            raise ExportError(f"The template '{self.name}' failed{self._where(exc)}: "
                              f"{_reason(exc)}. ({self.path})") from None
        return text.rstrip("\n") + "\n"

    @cached_property
    def _compiled(self):
        """Read and compiled once per export, however many files a folder export writes."""
        from jinja2 import FunctionLoader, StrictUndefined, TemplateSyntaxError
        from jinja2.sandbox import SandboxedEnvironment

        try:
            source = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ExportError(f"The template '{self.name}' cannot be read ({self.path}): "
                              f"{getattr(exc, 'strerror', None) or exc}.") from None
        env = SandboxedEnvironment(
            loader=FunctionLoader(lambda _name: (source, str(self.path), lambda: True)),
            autoescape=False, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True)
        env.filters.update(FILTERS)
        try:
            return env.get_template(self.name)
        except TemplateSyntaxError as exc:
            raise ExportError(f"The template '{self.name}' has an error at line {exc.lineno}: "
                              f"{exc.message}. ({self.path})") from None

    def _where(self, exc: BaseException) -> str:
        lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__)
                 if frame.filename == str(self.path)]
        return f" at line {lines[-1]}" if lines else ""


def _reason(exc: BaseException) -> str:
    message = str(exc).strip().rstrip(".") or type(exc).__name__
    return message if type(exc).__module__.startswith("jinja2") else f"{type(exc).__name__}: {message}"


def _user_files(user_dir: Path | None) -> dict[str, Path]:
    """The analyst's template files by name (``brief.md.j2`` -> ``brief``)."""
    found: dict[str, Path] = {}
    if user_dir is None or not user_dir.is_dir():
        return found
    for path in sorted(user_dir.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in TEMPLATE_SUFFIXES:
            continue
        name = path.name[: -len(path.suffix)]
        name = name[:-3] if name.lower().endswith(".md") else name
        if name.strip() and path.is_file():
            found.setdefault(name, path)
    return found


def _summary(path: Path) -> str:
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")[:2000]
    except OSError:
        return ""
    match = _SUMMARY.match(head)
    return match.group(1).strip() if match else ""


def available_templates(user_dir: Path | None) -> list[ExportTemplate]:
    """The built-in templates (the default first), then the analyst's, by name."""
    users = _user_files(user_dir)
    listed = []
    for name in BUILTIN_TEMPLATES:
        if name in users:
            path = users.pop(name)
            listed.append(ExportTemplate(name, _summary(path) or "your template", str(path)))
        elif name == DETAILED:
            listed.append(ExportTemplate(name, _DETAILED_SUMMARY))
        else:
            listed.append(ExportTemplate(name, _summary(BUILTIN_DIR / f"{name}.md.j2")))
    listed += [ExportTemplate(name, _summary(path) or "your template", str(path))
               for name, path in sorted(users.items(), key=lambda item: item[0].casefold())]
    return listed


def load_template(name: str, user_dir: Path | None) -> MarkdownTemplate:
    """The template called ``name``: the analyst's file of that name, else the built-in one."""
    path = _user_files(user_dir).get(name)
    if path is not None:
        return JinjaTemplate(name, path)
    if name == DETAILED:
        return DetailedTemplate()
    if name in BUILTIN_TEMPLATES:
        return JinjaTemplate(name, BUILTIN_DIR / f"{name}.md.j2")
    names = ", ".join(t.name for t in available_templates(user_dir))
    where = f" (yours go in {user_dir})" if user_dir is not None else ""
    raise ExportError(f"No template '{name}'; the templates are: {names}{where}.")
