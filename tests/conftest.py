"""Shared fixtures: every test gets its own data directory and article folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI (CI=true) replays the same examples every run, so a rare example found
# locally is fixed once and never turns a landing red by chance; local runs
# keep exploring new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SEEDS = Path(__file__).resolve().parents[1] / "resources" / "articles"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test may touch the user's real data directory, nor leave a command
    server behind (tests/cli/ turns it on where it is tested)."""
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("READER_CLI_SERVER", "0")


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A writable copy of the bundled articles."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def library(home, seeds):
    """A library over the seed copy, indexed."""
    from reader.core.library import Library

    lib = Library(home)
    lib.remove_folder(lib.folders[0])
    lib.add_folders([seeds])
    lib.update_index()
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def cluster():
    """A throw-away PostgreSQL server for the session's team tests
    (tests/core/team/server.py); skipped where PostgreSQL is not installed."""
    from tests.core.team.server import remove_cluster, server_bin, start_cluster

    if server_bin() is None:
        missing = "PostgreSQL's server is not installed (.ci/run installs Debian's postgresql)"
        if os.environ.get("CI"):
            pytest.fail(missing)  # CI must run them, not pass by skipping
        pytest.skip(missing)
    started = start_cluster()
    yield started
    remove_cluster(started)


@pytest.fixture
def team_url(cluster) -> str:
    """A new empty database on the session's server: its URL, as the server's superuser."""
    return cluster.url(cluster.new_database())


@pytest.fixture
def team(cluster, team_url, tmp_path):
    """A team library with one ingested article ("Talks in Geneva"), members alice
    and bob, and desktops for them (tests/core/team/desks.py)."""
    from tests.core.team.desks import ARTICLE, Team

    folder = tmp_path / "team articles"
    folder.mkdir()
    (folder / "geneva.txt").write_text(ARTICLE, encoding="utf-8")
    made = Team(cluster, team_url, folder, tmp_path / "homes")
    yield made
    made.close()
