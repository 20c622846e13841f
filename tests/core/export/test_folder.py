"""Markdown: one file per article, updated in place."""
from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from reader.core.export import (KEEP_MARKER, LOST_HEADING, ArticleMeta, load_template,
                                write_markdown_folder)
from tests.core.export.helpers import (ARTICLES, WHEN, blockquote_texts, front_matter, headings,
                                       make_note, md_tokens)


def md_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md"))


def test_folder_one_file_per_article(tmp_path, notes):
    written = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN)
    assert sorted(written) == md_files(tmp_path)
    assert [p.name for p in written] == [
        f"france-will-now-hold-its-nose-{'a1' * 4}.md", f"oil-a-new-era-{'b2' * 4}.md"]
    france = written[0].read_text(encoding="utf-8")
    assert front_matter(france) == {
        "title": "France will now hold its nose", "source": "The Telegraph",
        "author": "Con Coughlin", "date": "2016-11-24", "path": "/lib/france.txt",
        "tags": ["big-picture", "Russia", "syria"],
        "exported_at": "2026-11-21T09:30:00+00:00", "reader_article_id": "a1" * 8,
    }
    tokens = md_tokens(france)
    assert headings(tokens, "h1") == ["France will now hold its nose"]
    assert headings(tokens, "h2") == [LOST_HEADING]
    assert ("Author: Con Coughlin · Source: The Telegraph · Date: 2016-11-24 · "
            "File: `/lib/france.txt`") in france
    assert france.rstrip("\n").endswith(KEEP_MARKER)
    assert "passage number 3" in blockquote_texts(tokens)
    assert not list(tmp_path.glob(".*.tmp"))


def test_folder_front_matter_round_trips_nasty_values(tmp_path):
    meta = ArticleMeta(id="c3" * 8, path="C:\\Users\\me\\a\tb.txt",
                       title='Q: "quoted" \\ back\u2028ls\x85nel #hash — 中文 🙂\x7f',
                       author="O'Brien: Jr", date="2016-11-24", source="- dash")
    note = make_note(1, article_id=meta.id, tags=["a: b", "#x"])
    [path] = write_markdown_folder([note], {meta.id: meta}, tmp_path, exported_at=WHEN)
    fm = front_matter(path.read_text(encoding="utf-8"))
    assert (fm["title"], fm["author"], fm["source"], fm["path"], fm["date"]) == (
        " ".join(meta.title.split()), meta.author, meta.source, meta.path, meta.date)
    assert fm["tags"] == ["a-b", "x"]


def test_folder_reexport_updates_in_place(tmp_path, notes):
    first = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN)
    france = first[0]
    with france.open("a", encoding="utf-8") as fh:
        fh.write("\nMy own conclusion, keep me.\n")
    edited = [replace(notes[0], body="Edited body text", modified="2026-11-22T00:00:00+00:00"),
              *notes[1:], make_note(9, body="Brand new note", exact="fresh passage")]
    renamed = {**ARTICLES, "a1" * 8: replace(ARTICLES["a1" * 8], title="A new title")}
    second = write_markdown_folder(edited, renamed, tmp_path, exported_at=WHEN)
    assert second == first
    assert md_files(tmp_path) == sorted(first)
    text = france.read_text(encoding="utf-8")
    assert front_matter(text)["title"] == "A new title"
    assert "Edited body text" in text and "**bold** point" not in text
    assert "Brand new note" in text and "fresh passage" in text
    for note in edited[:2] + edited[3:]:
        assert text.count(f"<!-- reader-note: {note.id} -->") == 1
    assert text.count(KEEP_MARKER) == 1
    assert text.endswith(KEEP_MARKER + "\n\nMy own conclusion, keep me.\n")


def test_folder_reexport_finds_renamed_file_and_keeps_tail_with_crlf(tmp_path, notes):
    [path] = write_markdown_folder(notes[2:3], ARTICLES, tmp_path, exported_at=WHEN)
    moved = tmp_path / "My oil notes.md"
    path.rename(moved)
    with moved.open("ab") as fh:
        fh.write(b"mine\r\nalso mine\r\n")
    assert write_markdown_folder(notes[2:3], ARTICLES, tmp_path, exported_at=WHEN) == [moved]
    assert md_files(tmp_path) == [moved]
    assert moved.read_bytes().endswith(KEEP_MARKER.encode() + b"\nmine\r\nalso mine\r\n")


def test_folder_never_touches_foreign_files(tmp_path, notes):
    clash = tmp_path / f"oil-a-new-era-{'b2' * 4}.md"
    clash.write_text("---\ntitle: mine\n---\nnot Reader's\n", encoding="utf-8")
    other = tmp_path / "notes.md"
    other.write_bytes(b"\xff\xfe binary-ish")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (clash, other)}
    written = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN)
    assert clash not in written
    assert f"oil-a-new-era-{'b2' * 4}-2.md" in [p.name for p in written]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before


def test_folder_body_containing_markers_does_not_lose_user_text(tmp_path):
    note = make_note(1, body=f"tricky\n\n{KEEP_MARKER}\n\nstill the body")
    [path] = write_markdown_folder([note], ARTICLES, tmp_path, exported_at=WHEN)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("user text\n")
    write_markdown_folder([note], ARTICLES, tmp_path, exported_at=WHEN)
    text = path.read_text(encoding="utf-8")
    assert text.count("user text") == 1 and text.count("still the body") == 1


@pytest.mark.parametrize("title", [
    "Iran/Iraq: a \\ b? <c> * | \"d\"", "Россия и Сирия — анализ", "..", "",
    "中" * 200,
    "CON", "a\x00b\nc",
])
def test_folder_titles_give_safe_file_names(tmp_path, title):
    meta = ArticleMeta(id="d4" * 8, path="/lib/t.txt", title=title)
    [path] = write_markdown_folder([make_note(1, article_id=meta.id)], {meta.id: meta},
                                   tmp_path, exported_at=WHEN)
    assert path.parent == tmp_path and path.exists()
    assert re.fullmatch(r"[\w-]+-d4d4d4d4\.md", path.name)
    assert len(path.name.encode("utf-8")) <= 255
    if title == "Россия и Сирия — анализ":
        assert path.name == "россия-и-сирия-анализ-d4d4d4d4.md"


def test_folder_progress_and_cancel(tmp_path, notes):
    calls = []
    written = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN,
                                    progress=lambda done, total: calls.append((done, total)),
                                    cancelled=lambda: len(calls) >= 1)
    assert len(written) == 1 and calls == [(1, 2)]


# --------------------------------------------------------------------------
# Re-exporting the same notes changes nothing


@pytest.mark.parametrize("template", ["report", "obsidian", "detailed"])
def test_folder_reexport_of_the_same_notes_rewrites_no_file(tmp_path, notes, template):
    """Byte for byte the same, and not even rewritten (so a vault or a sync sees no change),
    although the export time moved on: a file keeps the time it last changed."""
    chosen = load_template(template, None)
    first = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN, template=chosen)
    with first[0].open("a", encoding="utf-8") as fh:
        fh.write("\nMy own conclusion.\n")
    old = 1_000_000_000_000_000_000
    for path in first:
        os.utime(path, ns=(old, old))
    before = {path: path.read_bytes() for path in first}
    later = WHEN + timedelta(days=3)
    assert write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=later,
                                 template=chosen) == first
    assert {path: path.read_bytes() for path in first} == before
    assert all(path.stat().st_mtime_ns == old for path in first)
    assert not list(tmp_path.glob(".*.tmp"))

    edited = [replace(notes[2], body="Changed"), *notes[:2], *notes[3:]]
    write_markdown_folder(edited, ARTICLES, tmp_path, exported_at=later, template=chosen)
    changed = [path for path in first if path.read_bytes() != before[path]]
    assert [path.name for path in changed] == [f"oil-a-new-era-{'b2' * 4}.md"]
    assert front_matter(changed[0].read_text(encoding="utf-8"))["exported_at"] == later.isoformat()
    assert first[0].stat().st_mtime_ns == old


def test_folder_switching_templates_keeps_the_analysts_text(tmp_path, notes):
    [path] = write_markdown_folder(notes[2:3], ARTICLES, tmp_path, exported_at=WHEN)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("mine\n")
    for template in ("report", "obsidian", "detailed"):
        write_markdown_folder(notes[2:3], ARTICLES, tmp_path, exported_at=WHEN,
                              template=load_template(template, None))
        assert path.read_text(encoding="utf-8").endswith(" -->\nmine\n" if template == "detailed"
                                                         else ")\nmine\n")
    assert md_files(tmp_path) == [path]
