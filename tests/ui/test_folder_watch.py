"""Watching the library folders: new and changed files are indexed; watches in batches."""
from __future__ import annotations

from tests.ui.ui_helpers import wait_idle

import reader.ui.folder_watch as folder_watch_module
from reader.ui.folder_watch import MAX_WATCHED_DIRS, watched_dirs


def test_new_files_in_watched_subfolders_are_indexed_automatically(qtbot, window, seeds):
    window.watch_debounce_ms = 30
    sub = seeds / "later"
    with qtbot.waitSignal(window.indexer.finished, timeout=15000):
        sub.mkdir()
    wait_idle(qtbot, window)
    assert str(sub) in window.watcher.directories()
    with qtbot.waitSignal(window.indexer.finished, timeout=15000):
        (sub / "new.txt").write_text("Arrived later\n\nWatched and indexed.\n", encoding="utf-8")
    wait_idle(qtbot, window)
    assert window.count_label.text() == "6 articles"
    assert "Arrived later" in [window.library_view.model.article(r).title
                               for r in range(window.library_view.model.rowCount())]


def test_watches_are_added_in_batches_and_only_what_changed(qtbot, window, seeds, monkeypatch):
    wait_idle(qtbot, window)
    files = sorted(window.watcher.files())
    assert len(files) == 5  # the five sample articles
    monkeypatch.setattr(folder_watch_module, "WATCH_BATCH", 2)
    removed: list = []
    added: list = []
    real_remove, real_add = window.watcher.removePaths, window.watcher.addPaths
    monkeypatch.setattr(window.watcher, "removePaths", lambda p: removed.append(p) or real_remove(p))
    monkeypatch.setattr(window.watcher, "addPaths", lambda p: added.append(p) or real_add(p))
    dirs = window.watcher.directories()
    window.folder_watch.rewatch(dirs, files)  # the same paths again: nothing to do
    assert removed == [] and added == []
    window.watcher.removePaths(files)
    window.folder_watch.rewatch(dirs, files)
    assert [len(batch) for batch in added] == [2]  # the rest follow between events
    qtbot.waitUntil(lambda: sorted(window.watcher.files()) == files, timeout=5000)
    assert [len(batch) for batch in added] == [2, 2, 1]



def test_watched_dirs_skips_hidden_folders_and_is_capped(tmp_path, monkeypatch):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    assert sorted(watched_dirs([tmp_path, tmp_path / "missing"])) == [
        str(tmp_path), str(tmp_path / "a"), str(tmp_path / "a" / "b")]
    assert MAX_WATCHED_DIRS == 2000
    monkeypatch.setattr(folder_watch_module, "MAX_WATCHED_DIRS", 2)
    assert len(watched_dirs([tmp_path])) == 2


def test_changes_are_debounced_into_one_signal(qtbot, tmp_path):
    watch = folder_watch_module.FolderWatch()
    watch.debounce_ms = 30
    watch.rewatch([str(tmp_path)], [])
    qtbot.waitUntil(lambda: watch.watcher.directories() == [str(tmp_path)], timeout=2000)
    fired: list = []
    watch.changed.connect(lambda: fired.append(True))
    with qtbot.waitSignal(watch.changed, timeout=5000):
        for name in ("one.txt", "two.txt", "three.txt"):
            (tmp_path / name).write_text("x", encoding="utf-8")
    qtbot.wait(100)
    assert fired == [True]
    watch.shutdown()
    assert not watch.watcher.directories()
