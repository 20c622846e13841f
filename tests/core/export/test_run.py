"""One export run: the format chosen, to a file, a folder or as text."""
from __future__ import annotations

import json
import os

import pytest

from reader.core.export import run_export
from reader.core.model import ExportError
from tests.core.export.helpers import ARTICLES


def test_text_when_there_is_no_destination(notes):
    text, files = run_export("w3c", notes, ARTICLES, None)
    assert files == [] and json.loads(text)["total"] == len(notes)


def test_a_file_is_written_and_no_text_returned(tmp_path, notes):
    text, files = run_export("csv", notes, ARTICLES, tmp_path / "notes.csv")
    assert text is None and files == [tmp_path / "notes.csv"]
    assert files[0].read_text(encoding="utf-8").startswith("note_id,")


def test_markdown_into_an_existing_folder_is_one_file_per_article(tmp_path, notes):
    text, files = run_export("markdown", notes, ARTICLES, tmp_path)
    assert text is None and len(files) == len({n.article_id for n in notes})


def test_unknown_format_and_per_article_without_a_folder_are_sentences(notes):
    with pytest.raises(ExportError, match="Unknown format 'docx'"):
        run_export("docx", notes, ARTICLES, None)
    with pytest.raises(ExportError, match="needs a folder"):
        run_export("markdown", notes, ARTICLES, None, per_article=True)


def test_markdown_is_the_report_unless_another_template_is_named(notes, tmp_path):
    report, _ = run_export("markdown", notes, ARTICLES, None)
    assert "<!--" not in report and "Colour:" not in report
    coloured, _ = run_export("markdown", notes, ARTICLES, None, with_colour=True)
    assert "Colour: green" in coloured
    detailed, _ = run_export("markdown", notes, ARTICLES, None, template="detailed")
    assert "<!-- reader-note: " in detailed
    (tmp_path / "mine.md.j2").write_text("{{ note_count }} notes\n", encoding="utf-8")
    mine, _ = run_export("markdown", notes, ARTICLES, None, template="mine", templates_dir=tmp_path)
    assert mine == "4 notes\n"
    with pytest.raises(ExportError, match="No template 'mine'"):
        run_export("markdown", notes, ARTICLES, None, template="mine")


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_a_file_that_would_not_change_is_not_rewritten(tmp_path, notes, fmt):
    target = tmp_path / f"notes.{fmt}"
    run_export(fmt, notes, ARTICLES, target)
    old = 1_000_000_000_000_000_000
    os.utime(target, ns=(old, old))
    before = target.read_bytes()
    run_export(fmt, notes, ARTICLES, target)
    assert target.read_bytes() == before and target.stat().st_mtime_ns == old
    run_export(fmt, notes[:2], ARTICLES, target)
    assert target.read_bytes() != before
