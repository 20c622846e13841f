"""``reader-cli team``: init, add-member and members against a real PostgreSQL server."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: The installed command line, as the analyst runs it.
CLI = Path(sys.executable).with_name("reader-cli")


def team(*args: str, env: dict | None = None, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)
    assert (done.returncode == 0) is ok, done.stderr
    return done


def test_init_then_members_through_the_command_line(cluster, team_url):
    assert team("team", "init", team_url).stdout == "Created the team schema (version 2).\n"
    assert team("team", "init", team_url).stdout == "The team schema is up to date (version 2).\n"
    ann, ben = cluster.new_login("ann"), cluster.new_login("ben")
    assert team("--team", team_url, "team", "add-member", ann, "--admin").stdout == (
        f"{ann} is now a team admin.\n")
    ann_url = team_url.replace("postgres@", f"{ann}@")
    assert team("team", "add-member", ben, env={"READER_TEAM": ann_url}).stdout == (
        f"{ben} is now a team member.\n")
    listed = team("--team", team_url, "team", "members").stdout.splitlines()
    assert sorted(listed) == sorted([f"{ann}  (admin)", ben])


def test_team_errors_are_one_sentence(tmp_path, team_url):
    done = team("team", "members", ok=False, env={"READER_TEAM": ""})
    assert done.stderr == "reader-cli: error: Which team database? Give --team URL or set READER_TEAM.\n"
    done = team("--team", f"postgresql://x@/db?host={tmp_path}", "team", "members", ok=False)
    assert done.stderr.startswith("reader-cli: error: Could not reach the team server")
    assert len(done.stderr.splitlines()) == 1
    done = team("--team", team_url, "team", "members", ok=False)
    assert "run 'team init' first" in done.stderr


@pytest.mark.parametrize("args", [["team", "--help"], ["team", "init", "--help"]])
def test_team_help_names_every_option(args):
    assert "usage:" in team(*args).stdout


def test_ingest_through_the_command_line(team_url, tmp_path):
    seeds = Path(__file__).resolve().parents[1] / "resources" / "articles"
    team("team", "init", team_url)
    done = team("--team", team_url, "team", "ingest", str(seeds))
    assert done.stdout == ("Ingested into the team library: 5 added, 0 updated, 0 unchanged, "
                           "0 skipped.\n")
    again = team("--team", team_url, "team", "ingest", str(seeds))
    assert "0 added, 0 updated, 5 unchanged" in again.stdout


def test_search_answers_from_the_local_library_and_the_team_library(team_url, tmp_path):
    seeds = Path(__file__).resolve().parents[1] / "resources" / "articles"
    team("team", "init", team_url)
    team("--team", team_url, "team", "ingest", str(seeds))
    env = {"READER_HOME": str(tmp_path / "home")}
    done = team("--team", team_url, "search", "Putin", env=env)
    local, _, shared = done.stdout.partition("result(s) in the team library")
    assert local.startswith("4 result(s) for 'Putin'")
    assert shared.count("[team] ") == 4 and "*Putin*" in shared
    data = json.loads(team("search", "Putin", "--json", env={**env, "READER_TEAM": team_url}).stdout)
    assert data["total"] == data["team"]["total"] == 4
    assert {h["title"] for h in data["hits"]} == {h["title"] for h in data["team"]["hits"]}


def test_a_team_server_that_is_gone_leaves_the_local_search_standing(tmp_path):
    env = {"READER_HOME": str(tmp_path / "home")}
    done = team("--team", f"postgresql://x@/db?host={tmp_path}", "search", "Putin", env=env)
    assert done.stdout.startswith("4 result(s) for 'Putin'")
    assert done.stderr.startswith("reader-cli: the team library was not searched: Could not reach")


def test_show_reads_a_team_article_with_its_hits(team_url, tmp_path):
    seeds = Path(__file__).resolve().parents[1] / "resources" / "articles"
    shared = tmp_path / "shared"
    shared.mkdir()
    for path in seeds.iterdir():
        (shared / path.name).write_bytes(path.read_bytes())
    team("team", "init", team_url)
    team("--team", team_url, "team", "ingest", str(shared))
    env = {"READER_HOME": str(tmp_path / "home")}
    found = json.loads(team("--team", team_url, "search", "Putin", "--json", env=env).stdout)
    hit = found["team"]["hits"][0]
    shown = json.loads(team("--team", team_url, "show", hit["id"], "--query", "Putin", "--json",
                            env=env).stdout)
    assert shown["id"] == hit["id"] and shown["highlights"] == hit["highlights"]
    assert all(shown["text"][s:e] == "Putin" for s, e in shown["highlights"])
    missing = team("--team", team_url, "show", "0000000000000000", env=env, ok=False)
    assert missing.stderr == "reader-cli: error: No article with id or path '0000000000000000'.\n"
