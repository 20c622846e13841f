"""The folder walk and change detection by size and mtime."""
from __future__ import annotations

from reader.core.index.progress import Ticker
from reader.core.index.scan import changed_files, file_hash, find_articles
from reader.core.model import IndexSummary


def test_the_walk_lists_articles_in_order_and_ignores_the_rest(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.txt", "a.md", ".hidden/x.txt", ".dot.txt", "notes.xyz", "README"):
        (tmp_path / name).write_text("text", encoding="utf-8")
    summary = IndexSummary()
    found = find_articles([tmp_path, tmp_path / "missing"], summary)
    root = str(tmp_path.resolve())
    assert list(found) == [f"{root}/a.md", f"{root}/b/2.txt"]
    assert sorted(s.reason for s in summary.ignored) == ["not an article type (.xyz)",
                                                         "not an article type (no extension)"]
    assert [s.reason for s in summary.skipped] == ["folder not found or not readable"]


def test_size_and_mtime_decide_what_to_read(tmp_path):
    same, changed, gone = tmp_path / "same.txt", tmp_path / "changed.txt", tmp_path / "gone.txt"
    for path in (same, changed):
        path.write_text("text", encoding="utf-8")
    stat = same.stat()
    candidates = {str(p): str(tmp_path) for p in (same, changed, gone)}
    summary = IndexSummary()
    to_read, seen = changed_files(candidates, {str(same): stat.st_size},
                                  {str(same): stat.st_mtime_ns}, summary, Ticker(None, None, 3))
    assert [item[1] for item in to_read] == [str(changed)]
    assert seen == {str(same), str(changed)}
    assert summary.unchanged == 1 and [s.path for s in summary.skipped] == [str(gone)]
    assert file_hash(b"text") == file_hash(b"text") != file_hash(b"text ")
