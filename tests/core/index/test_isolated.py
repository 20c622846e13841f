"""Documents are read in a process of their own: a crash or a hang skips one file, not the index."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.index import SearchIndex, isolated, pool, workers
from reader.core.index.isolated import IsolatedReader
from tests.core.articles.formats.pdfs import make_pdf
from tests.core.index.misbehaving import read_or_misbehave

PAGE = [["Moscow and the Coalition", "The committee approved the plan on Tuesday."]]


@pytest.fixture
def documents(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("good.pdf", "crash.pdf", "hang.pdf", "also-good.pdf"):
        (folder / name).write_bytes(make_pdf(PAGE))
    (folder / "note.txt").write_text("A note\n\nRead in the indexing process.\n")
    return folder


def test_the_reader_answers_skips_and_carries_on(documents):
    with IsolatedReader(read_or_misbehave, limit=2.0) as reader:
        outcome, _postings = reader.read((str(documents / "good.pdf"), None))
        assert outcome[0] == "doc"
        assert reader.read((str(documents / "crash.pdf"), None)) == (
            "its reader crashed (signal SIGSEGV)")
        assert reader.read((str(documents / "hang.pdf"), None)) == (
            "took longer than 2 s to read (skipped)")
        outcome, _postings = reader.read((str(documents / "also-good.pdf"), None))
        assert outcome[0] == "doc"


def test_an_update_skips_the_crash_and_the_hang_with_their_reasons(documents, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr(workers._Outcomes, "in_isolation", staticmethod(read_or_misbehave))
    monkeypatch.setattr(isolated, "READ_SECONDS", 2.0)
    monkeypatch.setattr(pool, "POOL_START_SECONDS", {"fork": 10**9, "spawn": 10**9})
    asked: list[str] = []
    real_read = IsolatedReader.read

    def recorded_read(reader, task):
        asked.append(Path(task[0]).name)
        return real_read(reader, task)

    monkeypatch.setattr(IsolatedReader, "read", recorded_read)
    ix = SearchIndex(tmp_path / "ix")
    summary = ix.update([documents])
    assert summary.added == 3 and ix.doc_count() == 3
    assert sorted((Path(s.path).name, s.reason) for s in summary.skipped) == [
        ("crash.pdf", "its reader crashed (signal SIGSEGV)"),
        ("hang.pdf", "took longer than 2 s to read (skipped)")]
    asked.clear()
    again = ix.update([documents])  # unchanged files are not tried again
    assert again.added == 0 and again.unchanged == 3
    assert sorted(Path(s.path).name for s in again.skipped) == ["crash.pdf", "hang.pdf"]
    assert asked == []  # so the hang was not waited for again
    (documents / "crash.pdf").write_bytes(make_pdf(PAGE) + b"\n")  # changed: tried again
    monkeypatch.setattr(workers._Outcomes, "in_isolation", staticmethod(workers.read_alone))
    third = ix.update([documents])
    assert third.added == 1 and [Path(s.path).name for s in third.skipped] == ["hang.pdf"]
    ix.close()
