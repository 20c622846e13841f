"""Indexing with worker processes: same index as without, clean shutdown on
cancel and on errors, and no silently dropped file when a worker dies."""
from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.index import SearchIndex, pool, update, workers
from reader.core.search import search_articles

SEEDS = Path(__file__).resolve().parents[3] / "resources" / "articles"
WORDS = "Russia Moscow coalition terrorism Islamic State Kerry Putin war peace the of".split()


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    for i in range(150):
        words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(30 + i % 50))
        sub = folder / f"part{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"article-{i:03d}.txt").write_text(f"Article {i} about {WORDS[i % len(WORDS)]}\n\n"
                                                 f"{words}.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")  # skipped, with its reason
    return folder


def _recorded_pools(monkeypatch, method: str) -> list:
    """Workers started by ``method``, two of them; the pools made, recorded."""
    made = []

    class Recording(pool.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(pool, "start_method", lambda: method)
    monkeypatch.setattr(update, "worker_count", lambda: 2)
    monkeypatch.setattr(pool, "ProcessPoolExecutor", Recording)
    return made


@pytest.fixture(params=["fork", "spawn"])
def pools(monkeypatch, request) -> list:
    """Use worker processes, forked or spawned, for any number of files; record the pools made."""
    monkeypatch.setattr(pool, "POOL_START_SECONDS", {"fork": 0, "spawn": 0})
    return _recorded_pools(monkeypatch, request.param)


def _no_workers_left() -> bool:
    return not multiprocessing.active_children()


def _state(ix: SearchIndex) -> tuple:
    records = [(r.path, r.article_id, r.hash, r.fingerprint, r.title, r.date, r.author, r.source)
               for r in ix.records()]
    hits = [[(h.id, h.score, h.highlights) for h in search_articles(ix, q, limit=100).hits]
            for q in ("Russia", '"Islamic State"', "Putin -Kerry", "title:article")]
    return records, hits


def test_workers_build_the_same_index(folder, tmp_path, pools, monkeypatch):
    pooled = SearchIndex(tmp_path / "pooled")
    summary = pooled.update([folder])
    assert len(pools) == 1 and _no_workers_left()
    assert summary.added == 155 and [Path(s.path).name for s in summary.skipped] == ["empty.txt"]
    monkeypatch.setattr(pool, "POOL_START_SECONDS", {"fork": 10**9, "spawn": 10**9})
    here = SearchIndex(tmp_path / "here")
    here.update([folder])
    assert len(pools) == 1  # no pool for this one
    assert _state(pooled) == _state(here)
    pooled.close()
    here.close()


def test_cancel_stops_the_workers_and_keeps_work_done(folder, tmp_path, pools):
    ix = SearchIndex(tmp_path / "ix")
    seen: list[tuple[int, int]] = []
    summary = ix.update([folder], progress=lambda d, t: seen.append((d, t)),
                        cancelled=lambda: len(seen) >= 20)
    assert summary.cancelled and _no_workers_left()
    assert 20 <= summary.added + len(summary.skipped) and summary.added < 155
    assert ix.doc_count() == summary.added == len(ix.records())
    summary = ix.update([folder])
    assert not summary.cancelled and ix.doc_count() == 155
    ix.close()


def test_a_worker_that_dies_drops_no_file(folder, tmp_path, pools):
    ix = SearchIndex(tmp_path / "ix")
    killed: list[int] = []

    def progress(done, total):
        if not killed:
            for child in multiprocessing.active_children():
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    summary = ix.update([folder], progress=progress)
    assert killed and _no_workers_left()
    assert summary.added == 155 and ix.doc_count() == 155
    assert any("helper process" in m for m in summary.messages)
    ix.close()


def test_an_error_shuts_the_workers_down_and_releases_the_index(folder, tmp_path, pools):
    ix = SearchIndex(tmp_path / "ix")

    def progress(done, total):
        if done >= 10:
            raise RuntimeError("the progress bar went away")

    with pytest.raises(RuntimeError, match="progress bar"):
        ix.update([folder], progress=progress)
    assert _no_workers_left()
    assert ix.doc_count() == 0
    assert ix.update([folder]).added == 155  # the writer lock was released
    ix.close()


def _fork_threshold_in(seconds_each: float) -> int:
    """How many files of ``seconds_each`` make the forked pool pay."""
    return math.ceil(2 * pool.POOL_START_SECONDS["fork"] / seconds_each)


@pytest.mark.parametrize("extra, pooled", [(-1, False), (0, True)])
def test_a_few_documents_are_enough_for_the_pool(tmp_path, monkeypatch, extra, pooled):
    """Documents take long enough to read (some 15 ms) that a handful pay for the pool."""
    from tests.core.articles.formats.pdfs import make_pdf

    made = _recorded_pools(monkeypatch, "fork")
    count = _fork_threshold_in(pool._DOCUMENT_SECONDS) + extra
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(count):
        (folder / f"report-{i}.pdf").write_bytes(make_pdf([[f"Report {i}", "The plan was approved."]]))
    ix = SearchIndex(tmp_path / "ix")
    assert ix.update([folder]).added == count
    assert bool(made) is pooled and _no_workers_left()
    ix.close()


def test_the_pool_is_decided_by_the_work_not_the_file_count(tmp_path, monkeypatch):
    """Three long reports get the workers; three times as many one-line notes do not."""
    made = _recorded_pools(monkeypatch, "fork")
    long, short = tmp_path / "long", tmp_path / "short"
    long.mkdir()
    short.mkdir()
    sentence = "The delegations met in Geneva and agreed to meet again next week. "
    for i in range(3):
        (long / f"report-{i}.txt").write_text(f"Report {i}\n\n" + sentence * 2000,
                                              encoding="utf-8")
    for i in range(9):
        (short / f"note-{i}.txt").write_text(f"Note {i}\n\n{sentence}\n", encoding="utf-8")
    ix = SearchIndex(tmp_path / "ix")
    assert ix.update([short]).added == 9 and not made
    assert ix.update([short, long]).added == 3 and len(made) == 1
    ix.close()


def test_snippets_leave_out_the_chrome_the_reading_pane_dims(tmp_path):
    """The stored text has chrome blanked (offsets unchanged), so no snippet starts with a banner."""
    from tests.core.articles.checks import indexed_library

    page = (b"<html><head><title>Talks in Geneva</title></head><body>"
            b"<div class='promo'>Support Russia Insider - Go Ad-Free!</div>"
            b"<article><h1>Talks in Geneva</h1><p>The delegations met in Geneva on Thursday "
            b"and agreed to meet again.</p></article></body></html>")
    with indexed_library(tmp_path, {"talks.html": page}) as (library, _summary):
        article = next(a for a in library.articles() if a.title == "Talks in Geneva")
        chrome = [b.text for b in library.article(article.id).blocks if b.kind == "boilerplate"]
        assert chrome == ["Support Russia Insider - Go Ad-Free!"]
        [hit] = library.search("delegations").hits
        assert hit.snippet == ("Talks in Geneva The <mark>delegations</mark> met in Geneva on "
                               "Thursday and agreed to meet again.")
        [hit] = library.search("title:geneva").hits  # the lead, after the title
        assert "Ad-Free" not in hit.snippet and "  " not in hit.snippet


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (its children, theirs ...), from /proc."""
    found: set[int] = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child} | _descendants(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_killing_the_indexing_command_leaves_no_process_behind(tmp_path):
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(3000):  # enough for the pool, and for it to be still at work
        (folder / f"{n:04}.txt").write_text(f"Report {n}\n\n" + "Talks in Geneva resumed. " * 200,
                                            encoding="utf-8")
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "READER_HOME": str(tmp_path / "home")}
    cli = subprocess.Popen([sys.executable, str(root / "main.py"), "index", str(folder)],
                           cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    helpers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(helpers) < 2 and time.monotonic() < deadline and cli.poll() is None:
        helpers = _descendants(cli.pid)  # the workers (and the resource tracker)
        time.sleep(0.05)
    assert len(helpers) >= 2, "the pool never started"
    cli.send_signal(signal.SIGKILL)
    cli.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, helpers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in helpers if _alive(pid)], "processes outlived the killed command"


@given(st.lists(st.sampled_from(["home", "me", "Briefs", "a b", ".hidden", "файлы", "x.txt"]),
                min_size=1, max_size=6), st.booleans())
def test_where_terms_are_the_paths_parents_but_the_root(parts, double_slash):
    """pathname: the path and its name; folder: each parent but the root,
    whole, then their names sorted (as Path.parents gives them)."""
    path = str(Path(("//" if double_slash else "/") + "/".join(parts)))
    folders = [str(p) for p in Path(path).parents if str(p) != Path(path).anchor]
    expected = ("\n".join((path, Path(path).name)),
                "\n".join(folders + sorted({Path(f).name for f in folders})))
    assert workers.where_terms(path) == expected
