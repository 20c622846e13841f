"""Ingesting a folder into the team library: the same articles, text and offsets as locally."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from psycopg.rows import dict_row

from reader.core import articles
from reader.core.model import TeamError
from reader.core.team.connection import connect
from reader.core.team.corpus import article_from_row, ingest
from reader.core.team.members import add_member
from reader.core.team.migrations import migrate
from tests.core.articles.formats.pdfs import make_pdf

SEEDS = Path(__file__).resolve().parents[3] / "resources" / "articles"


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / "brief.md").write_text("# A brief\n\nThe **plan** was [approved](https://example.org) "
                                     "on Tuesday.\n", encoding="utf-8")
    (folder / "report.pdf").write_bytes(make_pdf([["Moscow and the Coalition",
                                                   "The committee approved the plan."]]))
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture
def conn(team_url):
    with connect(team_url) as conn:
        migrate(conn)
        conn.row_factory = dict_row
        yield conn


def test_the_server_gives_back_the_article_the_loaders_made(conn, folder):
    summary = ingest(conn, [folder])
    assert (summary.added, summary.updated, summary.unchanged) == (7, 0, 0)
    assert [(Path(s.path).name, s.reason) for s in summary.skipped] == [("empty.txt", "empty file")]
    for path in sorted(folder.iterdir()):
        if path.name == "empty.txt":
            continue
        local = articles.parse_article(path, path.read_bytes())
        row = conn.execute("SELECT * FROM reader_team.articles WHERE id = %s",
                           (local.id,)).fetchone()
        assert article_from_row(row) == local  # blocks, spans, pages: every offset the same
        assert row["text"] == local.text and row["fingerprint"] == local.fingerprint


def test_ingesting_again_replaces_only_what_changed(conn, folder):
    ingest(conn, [folder])
    brief = folder / "brief.md"
    brief.write_text("# A brief\n\nThe plan was rejected.\n", encoding="utf-8")
    summary = ingest(conn, [folder])
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 6)
    text = conn.execute("SELECT text FROM reader_team.articles WHERE path = %s",
                        (str(brief),)).fetchone()["text"]
    assert "rejected" in text


def test_a_login_that_is_no_member_may_not_ingest(cluster, team_url, folder):
    with connect(team_url) as conn:
        migrate(conn)
    outsider = cluster.new_login("olga")
    with connect(team_url.replace("postgres@", f"{outsider}@")) as conn:
        with pytest.raises(TeamError, match="may not add articles"):
            ingest(conn, [folder])


def test_members_ingest_and_every_member_reads_the_same_text(cluster, team_url, folder):
    with connect(team_url) as conn:
        migrate(conn)
        ann, ben = cluster.new_login("ann"), cluster.new_login("ben")
        add_member(conn, ann)
        add_member(conn, ben)
    with connect(team_url.replace("postgres@", f"{ann}@")) as conn:
        assert ingest(conn, [folder]).added == 7
    with connect(team_url.replace("postgres@", f"{ben}@")) as conn:
        conn.row_factory = dict_row
        rows = conn.execute("SELECT * FROM reader_team.articles ORDER BY id").fetchall()
    assert len(rows) == 7 and {r["ingested_by"] for r in rows} == {ann}


@pytest.fixture
def pooled(monkeypatch):
    """Ingest on two forked worker processes, whatever the amount of work."""
    from reader.core.index import pool
    from reader.core.team import corpus

    monkeypatch.setattr(pool, "POOL_START_SECONDS", {"fork": 0, "spawn": 0})
    monkeypatch.setattr(pool, "start_method", lambda: "fork")
    monkeypatch.setattr(corpus, "worker_count", lambda: 2)
    return pool


def test_worker_processes_ingest_the_same_articles(conn, folder, pooled, team_url, cluster):
    summary = ingest(conn, [folder])
    assert (summary.added, len(summary.skipped)) == (7, 1)
    with connect(cluster.url(cluster.new_database())) as alone:
        migrate(alone)
        alone.row_factory = dict_row
        pooled.POOL_START_SECONDS = {"fork": 10**9, "spawn": 10**9}  # (here, this time)
        assert ingest(alone, [folder]).added == 7
        mine = alone.execute("SELECT id, text, blocks FROM reader_team.articles ORDER BY id")
        theirs = conn.execute("SELECT id, text, blocks FROM reader_team.articles ORDER BY id")
        assert mine.fetchall() == theirs.fetchall()


def test_a_worker_that_dies_drops_no_file(conn, folder, pooled, monkeypatch):
    """A worker that crashes on a chunk: the rest, that chunk's files included,
    is read one at a time in a process of its own (which reads them fine)."""
    from reader.core.team.corpus import _IngestReads
    from tests.core.team.misbehaving import chunk_or_crash

    monkeypatch.setattr(_IngestReads, "in_worker", staticmethod(chunk_or_crash))
    summary = ingest(conn, [folder])
    assert summary.added == 7
    assert [Path(s.path).name for s in summary.skipped] == ["empty.txt"]


def test_a_worker_that_hangs_is_stopped_and_its_files_read_one_at_a_time(
        conn, folder, pooled, monkeypatch):
    from reader.core.index import isolated
    from reader.core.team.corpus import _IngestReads
    from tests.core.team.misbehaving import chunk_or_hang

    monkeypatch.setattr(isolated, "READ_SECONDS", 1.0)
    monkeypatch.setattr(_IngestReads, "in_worker", staticmethod(chunk_or_hang))
    summary = ingest(conn, [folder])
    assert summary.added == 7
    assert [Path(s.path).name for s in summary.skipped] == ["empty.txt"]


def test_an_article_is_fetched_by_id_or_path(conn, folder):
    from reader.core.team.corpus import fetch_article

    ingest(conn, [folder])
    brief = folder / "brief.md"
    local = articles.parse_article(brief, brief.read_bytes())
    assert fetch_article(conn, local.id) == local == fetch_article(conn, str(brief))
    assert fetch_article(conn, "no such article") is None
