"""The one atomic writer: the old file or the new one, never half of one."""
from __future__ import annotations

import os

import pytest

from reader.core.util import atomic
from reader.core.util.atomic import write_atomic


def test_writes_creates_folders_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "new" / "notes.md"
    write_atomic(target, "Łódź — «notes»\n")
    assert target.read_text(encoding="utf-8") == "Łódź — «notes»\n"
    assert [p.name for p in target.parent.iterdir()] == ["notes.md"]


def test_replacing_keeps_the_files_permissions(tmp_path):
    target = tmp_path / "library.json"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_keeps_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "export.md"
    target.write_text("the old export")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "the new export")
    assert target.read_text() == "the old export"
    assert [p.name for p in tmp_path.iterdir()] == ["export.md"]


def test_the_folder_is_synced_after_the_rename(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(atomic, "_fsync_dir", synced.append)
    write_atomic(tmp_path / "a.txt", "x")
    assert synced == [tmp_path]


def test_unpaired_surrogates_from_odd_file_names_survive(tmp_path):
    write_atomic(tmp_path / "a.txt", "name: \udcff")
    assert (tmp_path / "a.txt").read_bytes() == b"name: \xff"
