"""The library's folder list: remembered in library.json, checked when added."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.folders import FolderList
from reader.core.model import LibraryError
from reader.core.paths import bundled_articles_dir


def test_a_new_data_dir_starts_with_the_sample_articles(tmp_path):
    assert list(FolderList(tmp_path / "library.json")) == [bundled_articles_dir()]


def test_added_and_removed_folders_are_written_and_read_back(tmp_path):
    config = tmp_path / "library.json"
    (tmp_path / "a").mkdir()
    folders = FolderList(config)
    assert folders.add([tmp_path / "a", tmp_path / "a"]) == [tmp_path / "a"]
    assert list(FolderList(config)) == [tmp_path / "a"]  # (the samples stepped aside)
    assert json.loads(config.read_text())["folders"] == [str(tmp_path / "a")]


def test_a_missing_folder_and_an_unknown_one_are_sentences(tmp_path):
    folders = FolderList(tmp_path / "library.json")
    with pytest.raises(LibraryError, match="Not a folder"):
        folders.add([tmp_path / "nope"])
    with pytest.raises(LibraryError, match="Not in the library"):
        folders.remove(tmp_path)


def test_an_unreadable_configuration_without_a_kept_copy_falls_back_to_the_samples_and_says_so(
        tmp_path):
    config = tmp_path / "library.json"
    config.write_text("{not json")
    folders = FolderList(config)
    assert list(folders) == [bundled_articles_dir()]
    [message] = folders.messages
    assert "was damaged" in message and "no good copy" in message
    [aside] = tmp_path.glob("library.json.corrupt-*")
    assert aside.read_text() == "{not json"  # set aside, never deleted


@pytest.mark.parametrize("damage", ["garbled", "truncated", "not a list", "deleted"])
def test_a_damaged_configuration_is_recovered_from_the_kept_copy(tmp_path, home, seeds, damage):
    from reader.core.library import Library
    with Library(home) as lib:
        lib.remove_folder(lib.folders[0])
        lib.add_folders([seeds])
        lib.update_index()
        note = lib.add_note(lib.articles()[0].id, start=0, end=20).note
    config = home / "library.json"
    if damage == "deleted":
        config.unlink()
    else:
        config.write_text({"garbled": "\x00\x01{", "truncated": config.read_text()[:20],
                           "not a list": '{"folders": "mine"}'}[damage])
    with Library(home) as lib:
        assert lib.folders == [seeds.resolve()]  # not the sample library
        assert any("recovered from the copy Reader keeps" in m for m in lib.messages)
        lib.update_index()
        assert lib.note(note.id).status == "intact"  # no note was orphaned
    assert json.loads(config.read_text())["folders"] == [str(seeds.resolve())]


def test_the_sample_articles_step_aside_for_the_first_folder_of_ones_own(tmp_path):
    config = tmp_path / "library.json"
    mine, more = tmp_path / "mine", tmp_path / "more"
    mine.mkdir()
    more.mkdir()
    folders = FolderList(config)
    assert list(folders) == [bundled_articles_dir()]
    assert folders.add([mine]) == [mine.resolve()]
    assert list(FolderList(config)) == [mine.resolve()]  # and so it is remembered
    again = FolderList(config)
    again.add([bundled_articles_dir()])  # brought back (Preferences): they stay
    again.add([more])
    assert list(FolderList(config)) == [mine.resolve(), bundled_articles_dir(),
                                        more.resolve()]
    again.remove(bundled_articles_dir())
    assert bundled_articles_dir() not in list(FolderList(config))


def test_folder_statuses_after_an_update_count_articles_and_name_the_skips(home, tmp_path):
    from reader.core.library import Library
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "one.txt").write_text("Moscow\n\nTalks resumed in Geneva on Tuesday.", encoding="utf-8")
    (mine / "empty.txt").write_bytes(b"")
    with Library(home) as lib:
        lib.add_folders([mine])
        [before] = lib.folder_statuses()
        assert (before.articles, before.checked_at) == (0, "")  # added, not yet indexed
        lib.update_index()
        [status] = lib.folder_statuses()
        assert status.path == str(mine.resolve()) and status.articles == 1 and status.found
        assert status.checked_at[:4].isdigit()
        assert [(Path(s.path).name, bool(s.reason)) for s in status.skipped] == [("empty.txt", True)]
        (mine / "empty.txt").write_text("Damascus\n\nNow it has words.", encoding="utf-8")
        lib.update_index()
        assert [(s.articles, s.skipped) for s in lib.folder_statuses()] == [(2, ())]
