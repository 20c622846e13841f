"""One export run: the format chosen, to a file, a folder or as text."""
from __future__ import annotations

import json

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
