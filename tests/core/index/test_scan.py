"""The folder walk and change detection by size and mtime."""
from __future__ import annotations

import os
from pathlib import Path

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


def test_only_regular_files_and_links_that_stay_in_the_library_are_taken(tmp_path):
    library, outside = tmp_path / "library", tmp_path / "outside"
    (library / "sub").mkdir(parents=True)
    outside.mkdir()
    (library / "real.txt").write_text("text", encoding="utf-8")
    (library / "sub" / "inner.txt").write_text("text", encoding="utf-8")
    (outside / "passwd.txt").write_text("root:x:0:0", encoding="utf-8")
    os.mkfifo(library / "x.txt")
    (library / "inside-link.txt").symlink_to(library / "sub" / "inner.txt")
    (library / "escape.txt").symlink_to(outside / "passwd.txt")
    (library / "zero.txt").symlink_to("/dev/zero")
    (library / "dangling.txt").symlink_to(library / "nowhere.txt")
    (library / "out-folder").symlink_to(outside, target_is_directory=True)  # not walked into
    summary = IndexSummary()
    found = find_articles([library], summary)
    root = str(library.resolve())
    assert list(found) == [f"{root}/inside-link.txt", f"{root}/real.txt", f"{root}/sub/inner.txt"]
    assert {Path(s.path).name: s.reason for s in summary.skipped} == {
        "dangling.txt": "a link to nothing (its target is gone)",
        "escape.txt": "a link to a file outside the library's folders (not followed)",
        "x.txt": "not a regular file (a FIFO)",
        "zero.txt": "a link to a file outside the library's folders (not followed)",
    }


def test_a_fifo_named_as_an_article_never_holds_up_an_update(tmp_path):
    from reader.core.index import SearchIndex
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.txt").write_text("Aleppo\n\nThe convoy arrived.", encoding="utf-8")
    os.mkfifo(library / "x.txt")  # no writer: reading it would wait for ever
    index = SearchIndex(tmp_path / "ix")
    summary = index.update([library])
    assert summary.added == 1 and [Path(s.path).name for s in summary.skipped] == ["x.txt"]
    index.close()
