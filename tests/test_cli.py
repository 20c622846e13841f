"""The command line, end to end in subprocesses, as a user would run it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(home: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "READER_HOME": str(home)}
    env.pop("QT_QPA_PLATFORM", None)  # the CLI must not need a display at all
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def run_json(home: Path, *args: str):
    return json.loads(run(home, *args, "--json").stdout)


@pytest.fixture
def indexed(home, seeds) -> Path:
    run(home, "folders", "--remove", str(ROOT / "resources" / "articles"))
    summary = run_json(home, "index", str(seeds))
    assert summary["added"] == 5
    return home


def test_first_start_indexes_the_bundled_articles(home):
    out = run(home, "index").stdout
    assert "5 added" in out
    listed = run_json(home, "articles")
    assert len(listed) == 5
    assert all(Path(a["path"]).parent == ROOT / "resources" / "articles" for a in listed)
    assert "5 unchanged" in run(home, "index").stdout


def test_search_json_shape(indexed):
    data = run_json(indexed, "search", "Kerry", "--limit", "5")
    assert set(data) >= {"query", "total", "hits", "facets", "suggestion"}
    assert data["total"] == 1
    hit = data["hits"][0]
    assert set(hit) >= {"id", "path", "title", "date", "source", "score", "snippet", "highlights"}
    shown = run_json(indexed, "show", hit["id"], "--query", "Kerry")
    assert [shown["text"][s:e] for s, e in shown["highlights"]] == ["Kerry", "Kerry"]
    assert shown["highlights"] == hit["highlights"]
    assert set(shown) >= {"id", "path", "title", "date", "author", "source", "text"}


def test_search_searches_without_prior_index_command(home):
    data = run_json(home, "search", "Crocus")
    assert data["total"] == 1


def test_errors_are_one_line_with_nonzero_exit(indexed, tmp_path):
    for args, words in [
        (("search", '"unclosed phrase'), "closing quote"),
        (("show", "no-such-article"), "No article"),
        (("index", str(tmp_path / "missing")), "Not a folder"),
        (("notes", "edit", "0000", "--note", "x"), "0000"),
    ]:
        proc = run(indexed, *args, ok=False)
        assert proc.returncode == 1
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], proc.stderr
        assert "Traceback" not in proc.stderr


def test_did_you_mean_and_facets(indexed):
    data = run_json(indexed, "search", "terorism")
    assert data["total"] == 0 and data["suggestion"] == "terrorism"
    data = run_json(indexed, "search", "Russia", "--limit", "50")
    assert data["facets"]["year"] == {"2016": 1}


def test_notes_lifecycle(indexed, seeds, tmp_path):
    article = "002_f1679ddc9c757593.txt"
    note = run_json(indexed, "notes", "add", article, "--quote", "anti-Hitler coalition",
                    "--note", "Putin's **framing**", "--tags", "sanctions,framing",
                    "--color", "green")
    assert set(note) >= {"id", "start", "end", "status"} and note["status"] == "intact"
    shown = run_json(indexed, "show", article)
    assert shown["text"][note["start"]:note["end"]] == "anti-Hitler coalition"
    second = run_json(indexed, "notes", "add", article, "--start", str(note["start"] - 10),
                      "--end", str(note["start"] - 1))
    listed = run_json(indexed, "notes", "list", article)
    assert [n["id"] for n in listed] == [second["id"], note["id"]]  # reading order
    assert set(listed[1]) >= {"id", "article_id", "article_path", "article_title", "start", "end",
                              "quote", "note", "tags", "color", "status", "score", "created",
                              "modified"}
    assert [n["id"] for n in run_json(indexed, "notes", "list", "--tag", "sanctions")] == [note["id"]]
    found = run_json(indexed, "notes", "search", "tag:sanctions Putin")
    assert [h["note_id"] for h in found["hits"]] == [note["id"]]
    edited = run_json(indexed, "notes", "edit", note["id"], "--note", "Rewritten", "--color", "pink")
    assert edited["note"] == "Rewritten" and edited["color"] == "pink"
    assert edited["tags"] == ["sanctions", "framing"]
    both = run_json(indexed, "search", "Rewritten", "--scope", "both")
    assert [h["kind"] for h in both["hits"]] == ["note"]

    # Export to every format, then import the W3C file into a fresh home.
    md = run(indexed, "notes", "export").stdout
    assert "> anti-Hitler coalition" in md and "\n\n— *" in md and "<!--" not in md
    md = run(indexed, "notes", "export", "--template", "obsidian").stdout
    assert "> [!quote|" in md and "#sanctions" in md and "^note-" in md
    folder = tmp_path / "vault"
    folder.mkdir()
    run(indexed, "notes", "export", "-o", str(folder), "--per-article")
    assert len(list(folder.glob("*.md"))) == 1
    csv_text = run(indexed, "notes", "export", "--format", "csv", "--tag", "framing").stdout
    assert len(csv_text.strip().splitlines()) == 2
    w3c = tmp_path / "notes.json"
    run(indexed, "notes", "export", "--format", "w3c", "-o", str(w3c))
    other = tmp_path / "other-home"
    run(other, "folders", "--remove", str(ROOT / "resources" / "articles"))
    run(other, "index", str(seeds))
    assert "2 new" in run(other, "notes", "import", str(w3c)).stdout
    imported = run_json(other, "notes", "list")
    assert {n["id"]: (n["note"], n["start"], n["status"]) for n in imported} == {
        n["id"]: (n["note"], n["start"], n["status"]) for n in run_json(indexed, "notes", "list")}

    assert "to the Trash" in run(indexed, "notes", "delete", second["id"]).stdout
    assert [n["id"] for n in run_json(indexed, "notes", "list")] == [note["id"]]


def test_index_reanchors_and_reports(indexed, seeds):
    path = seeds / "002_f1679ddc9c757593.txt"
    keep = run_json(indexed, "notes", "add", str(path), "--quote", "anti-Hitler coalition")
    lose = run_json(indexed, "notes", "add", str(path), "--quote", "six extra hours negotiating in Moscow")
    text = path.read_text(encoding="utf-8")
    assert "six extra hours negotiating in" in text
    text = "An editor's preface was added here.\n\n" + text.replace(
        "six extra hours negotiating in", "a while in")
    path.write_text(text, encoding="utf-8")
    data = run_json(indexed, "index")
    assert data["updated"] == 1
    assert data["reanchored"].get("moved") == 1 and data["reanchored"].get("orphaned", 0) + \
        data["reanchored"].get("fuzzy", 0) == 1
    notes = {n["id"]: n for n in run_json(indexed, "notes", "list")}
    shown = run_json(indexed, "show", str(path))
    moved = notes[keep["id"]]
    assert moved["status"] == "moved"
    assert shown["text"][moved["start"]:moved["end"]] == "anti-Hitler coalition"
    assert notes[lose["id"]]["status"] in ("orphaned", "fuzzy")
    human = run(indexed, "index").stdout
    assert "no notes needed re-anchoring" in human.lower()
    path.unlink()
    run(indexed, "index")
    assert {n["status"] for n in run_json(indexed, "notes", "list")} == {"orphaned"}
    orphans = run_json(indexed, "notes", "list", "--status", "orphaned")
    assert len(orphans) == 2 and orphans[0]["quote"]


def test_links_work_where_an_article_is_asked_for_and_bad_ones_get_a_sentence(indexed):
    article_id = run_json(indexed, "articles")[0]["id"]
    shown = run(indexed, "show", f"reader://article/{article_id}?note=whatever")
    assert shown.stdout.strip() and "Traceback" not in shown.stderr
    for args in (("show", "reader://article/"), ("open", "reader://nowhere"),
                 ("open", "/no/such/folder")):
        refused = run(indexed, *args, ok=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert refused.stderr.startswith("reader: error: "), refused.stderr


def test_date_sorted_results_print_no_scores_and_date_queries_count_the_undated(indexed):
    by_date = run(indexed, "search", "putin", "--sort", "date").stdout
    assert "[0.00]" not in by_date and "[" not in by_date.split("\n", 2)[2]
    assert "[" in run(indexed, "search", "putin").stdout  # by relevance: the score
    dated = run(indexed, "search", "date:2016").stdout
    assert "have no date, so date: cannot match them." in dated


def test_removing_a_folder_drops_its_articles_at_once(indexed, seeds):
    removed = run(indexed, "folders", "--remove", str(seeds)).stdout
    assert "5 article(s) left the index" in removed
    assert run_json(indexed, "articles") == []


def test_deleted_notes_go_to_the_trash_and_come_back(indexed):
    article = run_json(indexed, "articles")[0]["id"]
    quote = run_json(indexed, "show", article)["text"][:20]
    made_today = run_json(indexed, "notes", "add", article, "--quote", quote, "--tags", "keep",
                          "--note", "zanzibar memo")
    said = run(indexed, "notes", "delete", made_today["id"]).stdout
    assert said == (f"Moved note {made_today['id']} to the Trash; `reader notes restore "
                    f"{made_today['id'][:8]}` brings it back within 30 days.\n")
    assert "backup" not in said  # (a note made today is in no backup yet)
    assert run_json(indexed, "notes", "list") == []
    assert run_json(indexed, "notes", "search", "zanzibar")["total"] == 0
    assert "0 note(s)" in run(indexed, "notes", "export", "-o", str(indexed / "out.md")).stderr
    assert {a["note_count"] for a in run_json(indexed, "articles")} == {0}
    assert f"{made_today['id']}  deleted " in run(indexed, "notes", "trash").stdout
    [kept] = run_json(indexed, "notes", "trash")
    assert kept["id"] == made_today["id"] and kept["trashed"]
    back = run(indexed, "notes", "restore", made_today["id"][:6]).stdout
    assert made_today["id"] in back
    [restored] = run_json(indexed, "notes", "list")
    assert restored == {**made_today, "other_versions": []}  # the very note: id, tags, times
    assert run_json(indexed, "notes", "trash") == []
    run(indexed, "notes", "delete", made_today["id"])
    assert "1 note(s) deleted for good" in run(indexed, "notes", "trash", "--empty").stdout
    assert run_json(indexed, "notes", "trash") == []


def test_the_cli_names_itself_ends_quietly_in_a_pipe_and_explains_a_bad_import(indexed, tmp_path):
    env = {**os.environ, "READER_HOME": str(indexed)}
    env.pop("QT_QPA_PLATFORM", None)
    named = subprocess.run([sys.executable, "-c", "import sys; sys.argv[0] = 'reader-cli'; "
                            "from reader.cli import main; raise SystemExit(main())",
                            "show", "no-such-article"], capture_output=True, text=True, env=env,
                           cwd=ROOT, timeout=120)
    assert named.returncode == 1 and named.stderr.startswith("reader-cli: error: ")
    piped = subprocess.run(f"{sys.executable} {ROOT / 'main.py'} articles | head -1",
                           shell=True, capture_output=True, text=True, env=env, timeout=120)
    assert piped.stdout.strip() and "Broken pipe" not in piped.stderr
    assert "Traceback" not in piped.stderr
    text = tmp_path / "notes.txt"
    text.write_text("These are my notes, not JSON.\n")
    refused = run(indexed, "notes", "import", str(text), ok=False)
    assert refused.returncode == 1
    assert "notes.txt is not JSON (Expecting value at line 1, column 1)" in refused.stderr


def test_every_option_and_argument_has_help():
    import argparse

    from reader.cli.parser import build_parser

    missing = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif not action.help:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")

    walk(build_parser(), "reader-cli")
    assert not missing, missing


def test_reattach_by_quote(indexed):
    article = run_json(indexed, "articles")[0]["id"]
    text = run_json(indexed, "show", article)["text"]
    note = run_json(indexed, "notes", "add", article, "--quote", text[:12])
    words = text[40:70]
    moved = run_json(indexed, "notes", "reattach", note["id"], "--quote", words)
    assert (moved["start"], moved["quote"] if "quote" in moved else words) == (
        text.index(words), words)
    [left] = moved["earlier_anchors"]  # the passage it was on is kept
    assert (left["reason"], left["quote"], left["start"], left["end"]) == (
        "re-attached", text[:12], 0, 12)
    listed = run(indexed, "notes", "list").stdout
    assert f"re-attached {left['when'][:10]}" in listed and f"was “{text[:12].strip()}”" in listed


def test_note_ids_by_unique_prefix_and_ambiguous_names_list_candidates(indexed, seeds):
    article = run_json(indexed, "articles")[0]["id"]
    text = run_json(indexed, "show", article)["text"]
    note = run_json(indexed, "notes", "add", article, "--quote", text[:12])
    edited = run_json(indexed, "notes", "edit", note["id"][:8], "--note", "by prefix")
    assert edited["id"] == note["id"] and edited["note"] == "by prefix"
    missing = run(indexed, "notes", "edit", "ffffffffff", "--note", "x", ok=False)
    assert missing.returncode == 1 and "no note with id ffffffffff" in missing.stderr
    twin = seeds / "elsewhere"
    twin.mkdir()
    name = sorted(p.name for p in seeds.glob("*.txt"))[0]
    (twin / name).write_text("A different article of the same name.\n\nIts text.\n")
    run(indexed, "index")
    ambiguous = run(indexed, "show", name, ok=False)
    assert ambiguous.returncode == 1 and f"2 articles are called {name}" in ambiguous.stderr
    assert str(twin / name) in ambiguous.stderr


def test_folders_lists_articles_last_update_and_skips(indexed, seeds):
    (seeds / "blank.txt").write_bytes(b"")
    run(indexed, "index")
    out = run(indexed, "folders", "--skipped").stdout
    assert out.splitlines()[0] == str(seeds.resolve())
    assert "5 articles · indexed " in out and "1 skipped" in out
    assert "blank.txt: " in out
    [status] = run_json(indexed, "folders", "--json")
    assert (status["articles"], status["found"]) == (5, True)
    assert [Path(s["path"]).name for s in status["skipped"]] == ["blank.txt"]


def test_bytes_that_are_not_utf8_and_hostile_json_get_a_sentence_not_a_traceback(indexed, tmp_path):
    env = {**os.environ, "READER_HOME": str(indexed)}
    env.pop("QT_QPA_PLATFORM", None)

    def run_bytes(*args: bytes) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable.encode(), str(ROOT / "main.py").encode(), *args],
                              capture_output=True, env=env, cwd=ROOT, timeout=120)

    query = run_bytes(b"search", b"\xff*")
    assert query.returncode == 2 and b"Traceback" not in query.stderr
    assert b"The query is not valid UTF-8 text (it holds the byte 0xff)" in query.stderr
    shown = run_bytes(b"show", b"\xff")
    assert shown.returncode == 1 and b"Traceback" not in shown.stderr
    assert b": error: No article with id or path" in shown.stderr  # a name of any bytes is a name
    nested = tmp_path / "deep.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    refused = run(indexed, "notes", "import", str(nested), ok=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "nested too deeply to be an export of notes" in refused.stderr


def test_importing_an_older_export_keeps_the_newer_edit_and_says_so(indexed, tmp_path):
    article = run_json(indexed, "articles")[0]["id"]
    quote = run_json(indexed, "show", article)["text"][:20]
    note = run_json(indexed, "notes", "add", article, "--quote", quote, "--note", "morning draft")
    export = tmp_path / "morning.json"
    run(indexed, "notes", "export", "--format", "w3c", "-o", str(export))
    text = export.read_text(encoding="utf-8").replace(note["id"], note["id"].upper())
    export.write_text(text, encoding="utf-8")  # another tool wrote the id in capitals
    import time
    time.sleep(1.1)  # (times are kept to the second)
    run(indexed, "notes", "edit", note["id"], "--note", "afternoon rewrite")
    said = run(indexed, "notes", "import", str(export)).stdout
    assert "0 new, 0 updated" in said and "1 note(s) differed from the import" in said
    assert f"{note['id'][:8]}: kept the one here" in said
    [listed] = run_json(indexed, "notes", "list")
    assert listed["note"] == "afternoon rewrite"
    assert [v["note"]["note"] for v in listed["other_versions"]] == ["morning draft"]
    assert "other version kept" in run(indexed, "notes", "list").stdout


def test_search_prints_one_result_per_text_with_its_copies(indexed, seeds):
    original = seeds / "001_80c24120098c9853.txt"
    (seeds / "saved again.txt").write_bytes(original.read_bytes())
    run(indexed, "index")
    (seeds / "edited.txt").write_bytes(original.read_bytes() + b"\nA correction.")  # not a copy
    run(indexed, "index")
    out = run(indexed, "search", '"Crocus City"').stdout
    assert out.startswith("2 result(s) for '\"Crocus City\"' (1 copy folded)")
    assert out.count("(2 copies)") == 1
    assert str(original.resolve()) in out and str((seeds / "saved again.txt").resolve()) in out
    found = run_json(indexed, "search", '"Crocus City"')
    assert (found["total"], found["folded"]) == (2, 1)
    [hit] = [h for h in found["hits"] if h["copies"]]
    assert len(hit["copies"]) == 1 and set(hit["copies"][0]) == {"id", "path"}
    assert {hit["path"], hit["copies"][0]["path"]} == {str(original.resolve()),
                                                       str((seeds / "saved again.txt").resolve())}
    listed = run(indexed, "articles").stdout
    assert listed.count("(the same text as 1 other file)") == 2
    assert {a["copies"] for a in run_json(indexed, "articles")} == {0, 1}
