"""Big index updates in a separate process: same result, progress, cancel, failures."""
from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from reader.core.index import BigUpdate, SearchIndex
from reader.core.index import process
from reader.core.index.process import update_in_child
from reader.core.model import IndexerProcessError
from reader.core.library import ISOLATE_MIN_FILES, Library
from reader.core.search import search_articles


def write_articles(folder, count: int, word: str = "pipeline") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i:04d}.txt").write_text(
            f"Article {i}\n\nA paragraph about the {word} number {i}.\n", encoding="utf-8")


def test_the_child_indexes_and_the_app_sees_it_after_reload(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder, 30)
    index = SearchIndex(tmp_path / "index")
    assert search_articles(index, "pipeline").total == 0
    seen: list[tuple[int, int]] = []
    summary = update_in_child(index.dir, [folder], progress=lambda d, t: seen.append((d, t)))
    assert summary.added == 30 and not summary.cancelled
    assert seen and seen[-1] == (30, 30)
    index.reload()
    assert search_articles(index, "pipeline").total == 30
    assert index.doc_count() == 30
    index.close()


def test_cancel_reaches_the_child_and_what_is_done_is_kept(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder, 400)
    index = SearchIndex(tmp_path / "index")
    asked = []
    summary = update_in_child(index.dir, [folder], progress=lambda d, t: asked.append(d),
                              cancelled=lambda: bool(asked))
    assert summary.cancelled
    index.reload()
    assert index.doc_count() == summary.added < 400
    index.close()


def test_a_failing_update_is_reported_not_raised_in_the_child(tmp_path):
    not_a_dir = tmp_path / "index"
    not_a_dir.write_text("a file where the index should be", encoding="utf-8")
    with pytest.raises(IndexerProcessError) as failure:
        update_in_child(not_a_dir, [tmp_path])
    assert str(failure.value)


def test_a_child_that_dies_is_an_error_with_its_exit_code(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder, 400)

    def kill_child(_done, _total):
        for child in multiprocessing.active_children():
            if child.name == "reader-indexer":
                os.kill(child.pid, signal.SIGKILL)

    with pytest.raises(IndexerProcessError, match="stopped unexpectedly"):
        update_in_child(tmp_path / "index", [folder], progress=kill_child)


def test_an_update_over_max_changes_stops_before_writing_anything(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder, 12)
    index = SearchIndex(tmp_path / "index")
    with pytest.raises(BigUpdate) as big:
        index.update([folder], max_changes=12)
    assert big.value.args[0] == 12
    assert index.doc_count() == 0 and index.needs_update
    summary = index.update([folder], max_changes=13)  # under the limit: done here
    assert summary.added == 12 and index.doc_count() == 12
    index.close()


def test_library_isolates_only_big_updates(tmp_path, monkeypatch):
    import reader.core.index.process as process_module  # (the library imports it when needed)

    folder = tmp_path / "articles"
    write_articles(folder, ISOLATE_MIN_FILES)
    isolated: list = []
    real = process_module.update_in_child
    monkeypatch.setattr(process_module, "update_in_child",
                        lambda *args: isolated.append(args) or real(*args))
    with Library(tmp_path / "home") as library:
        library.add_folders([folder])
        summary, _ = library.update_index(isolated=True)
        assert summary.added == ISOLATE_MIN_FILES and len(isolated) == 1
        assert library.search("pipeline").total == ISOLATE_MIN_FILES
        assert len(library.articles()) == ISOLATE_MIN_FILES
        (folder / "a0000.txt").write_text("Changed\n\nNow about a kettle.\n", encoding="utf-8")
        summary, _ = library.update_index(isolated=True)  # one file: in this process
        assert summary.updated == 1 and len(isolated) == 1
        assert library.search("kettle").total == 1


def test_the_indexer_process_reads_cancel_requests_without_a_thread():
    """The app's requests are read whenever the update asks, so the indexer
    process runs one thread, and may fork its workers."""
    ours, theirs = multiprocessing.Pipe(duplex=False)
    cancel = process._CancelRequests(ours)
    assert not cancel() and not cancel()
    theirs.send("cancel")
    assert cancel() and cancel()
    ours2, theirs2 = multiprocessing.Pipe(duplex=False)
    gone = process._CancelRequests(ours2)
    theirs2.close()
    assert gone()  # the app went away
