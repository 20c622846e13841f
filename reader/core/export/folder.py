"""One Markdown file per article in a folder, updated in place on re-export."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from reader.core.model import ExportError, Note
from reader.core.util.atomic import write_atomic

from .common import ArticleMeta, display_title, group_by_article, timestamp
from .markdown import KEEP_MARKER, NOTE_CLOSE
from .template_vars import TEMPLATE_KEEP_MARKER
from .templating import DetailedTemplate, MarkdownTemplate


def write_markdown_folder(
    notes: Sequence[Note],
    articles: Mapping[str, ArticleMeta],
    folder: Path,
    exported_at: datetime | None = None,
    *,
    template: MarkdownTemplate | None = None,
    with_colour: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """Write one Markdown file per article into ``folder``; return the export's files.

    ``template`` renders each file (``detailed`` when none is given).
    Re-exporting updates in place: the file for an article is found by the
    ``reader_article_id`` in its front matter (top level of ``folder`` only),
    so renaming the file or the article keeps it.  A new file is called
    ``<slug of title>-<first 8 chars of id>.md``, with ``-2``, ``-3``... if
    that name is taken.  Reader's part of the file is regenerated from the
    notes given (so an edited note is updated and a deleted one disappears);
    text the analyst wrote below the keep marker line is kept.  A file
    whose content would not change is not written at all (its time of
    change stays, so a sync tool or a vault sees nothing new): it is
    rendered with the ``exported_at`` it already carries and compared.
    Files without a ``reader_article_id`` are never touched, nor are
    articles with no notes in this export.  Each file is replaced
    atomically, so a crash leaves either the old or the new file.
    ``cancelled`` is checked between files; the files written so far are
    complete.
    """
    template = template or DetailedTemplate()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timestamp(exported_at)
    existing = _reader_files(folder)
    groups = group_by_article(notes, articles)
    written: list[Path] = []
    for meta, group in groups:
        if cancelled is not None and cancelled():
            break
        path = _target_path(folder, meta, existing, written)
        old = _read(path)
        tail = _kept_tail(old)

        def render(when: str, meta: ArticleMeta = meta, group: list[Note] = group) -> str:
            document = template.article(meta, group, when, with_colour)
            if _header_value(document.splitlines(), _ARTICLE_ID_LINE) != meta.id:
                raise ExportError(
                    f"The template '{template.name}' wrote no reader_article_id front matter, "
                    "so a re-export could not find its files again; start it with "
                    "{{ front_matter }}.")
            return document + tail

        write_changed(path, render, stamp, old)
        written.append(path)
        if progress is not None:
            progress(len(written), len(groups))
    return written


def write_changed(path: Path, render: Callable[[str], str], stamp: str,
                  old: str | None = None) -> bool:
    """Write ``render(stamp)`` to ``path`` unless the file already holds that export.

    The file's own ``exported_at`` is tried first: when rendering with it
    gives the file's exact text, nothing changed but the clock, and the file
    is left alone (True: written).  ``old`` is the file's text if already read.
    """
    old = _read(path) if old is None else old
    if old is not None:
        before = _header_value(old.splitlines()[:_MAX_HEADER_LINES], _EXPORTED_AT_LINE)
        if before is not None and render(before) == old:
            return False
    text = render(stamp)
    if text == old:
        return False
    write_atomic(path, text)
    return True


def _read(path: Path) -> str | None:
    """The file's text as ``write_atomic`` would write it back; None when there is none."""
    try:
        with path.open(encoding="utf-8", errors="surrogateescape", newline="") as fh:
            return fh.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


_ARTICLE_ID_LINE = re.compile(r"""reader_article_id:\s*["']?([^"'\s#]+)""")
_EXPORTED_AT_LINE = re.compile(r"""exported_at:\s*["']?([^"'\s#]+)["']?\s*$""")
_MAX_HEADER_LINES = 200
_MAX_LINE = 4096


def _reader_files(folder: Path) -> dict[str, list[Path]]:
    """Reader-written ``.md`` files in ``folder``, by the article id in their front matter."""
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.md")):
        article_id = _front_matter_article_id(path) if path.is_file() else None
        if article_id:
            found.setdefault(article_id, []).append(path)
    return found


def _front_matter_article_id(path: Path) -> str | None:
    """Read only the front matter; tolerate it being re-serialised (e.g. by Obsidian)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            lines = (fh.readline(_MAX_LINE) for _ in range(_MAX_HEADER_LINES + 1))
            return _header_value(lines, _ARTICLE_ID_LINE)
    except OSError:
        return None


def _header_value(lines: Iterable[str], pattern: re.Pattern[str]) -> str | None:
    """The value ``pattern`` captures on a line of the front matter at the top of ``lines``."""
    lines = iter(lines)
    if next(lines, "").lstrip("\ufeff").strip() != "---":
        return None
    for raw in lines:
        line = raw.strip()
        if not raw or line in ("---", "..."):
            return None
        match = pattern.match(line)
        if match:
            return match.group(1)
    return None


def _target_path(
    folder: Path, meta: ArticleMeta, existing: Mapping[str, list[Path]], taken: list[Path]
) -> Path:
    preferred = folder / _file_name(meta)
    candidates = [path for path in existing.get(meta.id, []) if path not in taken]
    if candidates:
        return preferred if preferred in candidates else candidates[0]
    used = {path.name.casefold() for path in taken}
    path, n = preferred, 1
    while path.name.casefold() in used or path.exists() or path.is_symlink():
        n += 1
        path = folder / f"{preferred.stem}-{n}.md"
    return path


_SLUG_CHARS = 60
_SLUG_BYTES = 180  # leaves room for "-<id8>-<n>.md" under the usual 255-byte limit


def _file_name(meta: ArticleMeta) -> str:
    return f"{_slug(display_title(meta))}-{_slug(meta.id)[:8] or 'noid'}.md"


def _slug(text: str) -> str:
    """Lower-case words joined by hyphens; letters of any script are kept.

    Path separators, dots, reserved characters and controls all become
    hyphens, so the result is a safe file name on every platform.
    """
    text = unicodedata.normalize("NFC", text).lower()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else "-" for ch in text)
    slug = re.sub("-{2,}", "-", kept).strip("-")[:_SLUG_CHARS]
    while len(slug.encode("utf-8")) > _SLUG_BYTES:
        slug = slug[:-1]
    return slug.strip("-") or "article"


def _kept_tail(text: str | None) -> str:
    """What the analyst wrote below Reader's keep marker in a file's ``text`` ("" if none).

    The marker is the first one outside any note's wrapper (``detailed``
    wraps each note in markers, so a note body that happens to contain the
    marker line cannot move the boundary; the templates' note bodies never
    hold their marker line), either template's marker, so a folder can
    change templates and keep the analyst's text.
    """
    if not text:
        return ""
    inside: str | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        offset += len(line)
        stripped = line.strip()
        if inside is not None:
            inside = None if stripped == NOTE_CLOSE.format(inside) else inside
        elif stripped in (KEEP_MARKER, TEMPLATE_KEEP_MARKER):
            return text[offset:]
        elif stripped.startswith("<!-- reader-note: ") and stripped.endswith(" -->"):
            inside = stripped[len("<!-- reader-note: "):-len(" -->")]
    return ""
