"""The command server's rehearsal (reader/cli/rehearsal.py), run in this process."""
from __future__ import annotations

import os

from reader.cli.rehearsal import Rehearsal
from reader.core.library import Library


def test_the_first_rehearsal_indexes_its_article_and_finds_it(tmp_path, capsys):
    rehearsal = Rehearsal(str(tmp_path / "rehearsal"))
    rehearsal.prepare()
    rehearsal.run(lambda: False)
    assert capsys.readouterr() == ("", "")  # (its output dropped)
    with Library(rehearsal.home) as lib:
        hits = lib.search("rehearse").hits
    assert [hit.title for hit in hits] == ["Rehearsal of the command server"]


def test_a_waiting_command_cuts_the_rehearsal_short(tmp_path):
    rehearsal = Rehearsal(str(tmp_path / "rehearsal"))
    rehearsal.prepare()
    rehearsal.run(lambda: True)
    assert not (tmp_path / "rehearsal" / "home").exists()  # nothing ran
    asked = []
    rehearsal.run(lambda: asked.append(1) is None and len(asked) > 1)
    assert len(asked) == 2  # before the index, and before the search, which it skipped
    assert (tmp_path / "rehearsal" / "home").is_dir()


def test_a_failed_rehearsal_raises_nothing(tmp_path):
    rehearsal = Rehearsal(str(tmp_path / "rehearsal"))
    rehearsal.prepare()
    (tmp_path / "rehearsal" / "home").write_text("a file where the library's folder goes")
    rehearsal.run(lambda: False)  # (no library can be opened there)


def test_prepare_replaces_what_a_dead_server_left(tmp_path):
    rehearsal = Rehearsal(str(tmp_path / "rehearsal"))
    rehearsal.prepare()
    (tmp_path / "rehearsal" / "home").mkdir()
    rehearsal.prepare()
    assert sorted(path.name for path in (tmp_path / "rehearsal").iterdir()) == ["articles"]
    rehearsal.remove()
    assert not (tmp_path / "rehearsal").exists()


def test_the_servers_team_and_home_stay_out_of_the_rehearsal(tmp_path, monkeypatch):
    """A server started from a shell with a team named (whose commands must run
    at the terminal) or a home set still rehearses, on its own library."""
    monkeypatch.setenv("READER_TEAM", "postgresql://nobody@nowhere.invalid/team")
    monkeypatch.setenv("READER_HOME", str(tmp_path / "the users home"))
    rehearsal = Rehearsal(str(tmp_path / "rehearsal"))
    rehearsal.prepare()
    rehearsal.run(lambda: False)
    with Library(rehearsal.home) as lib:
        assert [hit.title for hit in lib.search("rehearse").hits] == [
            "Rehearsal of the command server"]
    assert not (tmp_path / "the users home").exists()
    assert os.environ["READER_TEAM"] == "postgresql://nobody@nowhere.invalid/team"
