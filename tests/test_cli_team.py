"""``reader-cli team``: init, add-member and members against a real PostgreSQL server."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.team.migrations import STEPS

#: The installed command line, as the analyst runs it.
CLI = Path(sys.executable).with_name("reader-cli")


def team(*args: str, env: dict | None = None, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)
    assert (done.returncode == 0) is ok, done.stderr
    return done


def test_init_then_members_through_the_command_line(cluster, team_url):
    last = STEPS[-1].version
    assert team("team", "init", team_url).stdout == f"Created the team schema (version {last}).\n"
    assert team("team", "init", team_url).stdout == (
        f"The team schema is up to date (version {last}).\n")
    ann, ben = cluster.new_login("ann"), cluster.new_login("ben")
    assert team("--team", team_url, "team", "add-member", ann, "--admin").stdout == (
        f"{ann} is now a team admin.\n")
    ann_url = team_url.replace("postgres@", f"{ann}@")
    assert team("team", "add-member", ben, env={"READER_TEAM": ann_url}).stdout == (
        f"{ben} is now a team member.\n")
    listed = team("--team", team_url, "team", "members").stdout.splitlines()
    assert sorted(listed) == sorted([f"{ann}  (admin)", ben])
    assert team("--team", ann_url, "team", "remove-member", ben).stdout == (
        f"{ben} is no longer a member of the team.\n")
    assert team("--team", team_url, "team", "members").stdout == f"{ann}  (admin)\n"


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
    assert done.stdout.startswith("8 result(s) for 'Putin' (4 from the team library)\n")
    assert done.stdout.count("\n[team] ") == 4 and "*Putin*" in done.stdout  # one list
    data = json.loads(team("search", "Putin", "--json", env={**env, "READER_TEAM": team_url}).stdout)
    assert (data["total"], data["team_total"], data["team_error"]) == (8, 4, "")
    local = [h for h in data["hits"] if not h["team"]]
    shared = [h for h in data["hits"] if h["team"]]
    assert {h["title"] for h in local} == {h["title"] for h in shared} and len(shared) == 4


def test_a_team_server_that_is_gone_leaves_the_local_search_standing(tmp_path):
    env = {"READER_HOME": str(tmp_path / "home")}
    done = team("--team", f"postgresql://x@/db?host={tmp_path}", "search", "Putin", env=env)
    assert done.stdout.startswith("4 result(s) for 'Putin'\n")
    assert done.stderr.startswith("reader-cli: the team library was not searched: Could not reach")
    assert len(done.stderr.splitlines()) == 1


def _ingested_copy_of_the_samples(team_url: str, tmp_path: Path) -> None:
    """A team library holding a copy of the sample articles (at other paths than the
    local library's, so as other articles)."""
    seeds = Path(__file__).resolve().parents[1] / "resources" / "articles"
    shared = tmp_path / "shared"
    shared.mkdir()
    for path in seeds.iterdir():
        (shared / path.name).write_bytes(path.read_bytes())
    team("team", "init", team_url)
    team("--team", team_url, "team", "ingest", str(shared))


def test_show_reads_a_team_article_with_its_hits(team_url, tmp_path):
    _ingested_copy_of_the_samples(team_url, tmp_path)
    env = {"READER_HOME": str(tmp_path / "home")}
    found = json.loads(team("--team", team_url, "search", "Putin", "--json", env=env).stdout)
    hit = next(h for h in found["hits"] if h["team"])
    shown = json.loads(team("--team", team_url, "show", hit["id"], "--query", "Putin", "--json",
                            env=env).stdout)
    assert shown["id"] == hit["id"] and shown["highlights"] == hit["highlights"]
    assert all(shown["text"][s:e] == "Putin" for s, e in shown["highlights"])
    missing = team("--team", team_url, "show", "0000000000000000", env=env, ok=False)
    assert missing.stderr == "reader-cli: error: No article with id or path '0000000000000000'.\n"


def test_notes_on_team_articles_are_private_or_shared_and_sync_from_the_command_line(
        cluster, team_url, tmp_path):
    _ingested_copy_of_the_samples(team_url, tmp_path)
    names = {who: cluster.new_login(who) for who in ("ann", "ben")}
    for name in names.values():
        team("--team", team_url, "team", "add-member", name)
    url = {who: team_url.replace("postgres@", f"{name}@") for who, name in names.items()}
    home = {who: {"READER_HOME": str(tmp_path / who)} for who in names}
    hit = next(h for h in json.loads(team("--team", url["ann"], "search", "Putin", "--json",
                                          env=home["ann"]).stdout)["hits"] if h["team"])

    done = team("--team", url["ann"], "notes", "add", hit["id"], "--quote", "Putin", "--note",
                "for the team", "--shared", "--json", env=home["ann"])
    added = json.loads(done.stdout)
    assert added["team"] == {"author": "", "shared": True, "waiting": True}  # (as added)
    assert done.stderr == "Synced with the team library.\n"
    private = json.loads(team("--team", url["ann"], "notes", "add", hit["id"], "--quote", "Putin",
                              "--note", "mine", "--json", env=home["ann"]).stdout)
    assert team("--team", url["ben"], "team", "sync", env=home["ben"]).stdout.startswith(
        "Synced with the team library: 0 sent, 1 received.\nTeam: synced\n")
    listed = team("notes", "list", env=home["ben"]).stdout  # offline: the copy is here
    assert f"[team, shared by {names['ann']}]" in listed and "for the team" in listed
    assert "mine" not in listed and listed.endswith("1 note(s)\n")
    refused = team("notes", "edit", added["id"], "--note", "ben's", env=home["ben"], ok=False)
    assert "only its author can change or delete it" in refused.stderr

    nowhere = f"postgresql://{names['ann']}@/db?host={tmp_path}/gone"
    done = team("--team", nowhere, "notes", "edit", private["id"], "--note", "mine, on a plane",
                env=home["ann"])
    assert done.stderr.startswith("Kept here; it goes to the team library at the next sync "
                                  "(Could not reach the team server")
    status = team("--team", nowhere, "team", "status", env=home["ann"]).stdout
    assert status.startswith("Team: offline, 1 change waiting (Could not reach")
    assert team("--team", url["ann"], "team", "sync", env=home["ann"]).stdout.startswith(
        "Synced with the team library: 1 sent, 0 received.\nTeam: synced\n")


def test_articles_lists_the_team_librarys_too_marked(team_url, tmp_path):
    _ingested_copy_of_the_samples(team_url, tmp_path)
    env = {"READER_HOME": str(tmp_path / "home")}
    listed = team("--team", team_url, "articles", env=env).stdout.splitlines()
    assert len(listed) == 10 and sum("  [team] " in line for line in listed) == 5
    rows = json.loads(team("--team", team_url, "articles", "--json", env=env).stdout)
    assert sorted(row["team"] for row in rows) == [False] * 5 + [True] * 5
    assert all(row["note_count"] == 0 and row["title"] for row in rows)
    gone = team("--team", f"postgresql://x@/db?host={tmp_path}/gone", "articles", env=env)
    assert len(gone.stdout.splitlines()) == 5  # the local list stands
    assert gone.stderr.startswith("reader-cli: the team library was not listed: Could not reach")
