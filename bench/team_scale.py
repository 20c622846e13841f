#!/usr/bin/env python3
"""The team library on PostgreSQL beside the local Whoosh index, on the same articles.

    python bench/team_scale.py                          # 100,000 generated articles
    python bench/team_scale.py --articles 2000          # a quicker run
    python bench/team_scale.py --corpora ~/bench-corpora  # keep the generated folders

A throw-away PostgreSQL cluster is started for the run (initdb in a
temporary folder, a Unix socket, stopped at the end: tests/core/team/server.py;
PostgreSQL's server programs must be installed).  Measured on the same
folder of generated articles (bench/index_search.py, about 4 KB each):

* putting the articles in: ``reader-cli --team URL team ingest FOLDER``
  against ``reader-cli index FOLDER``, whole processes;
* the size of the database (``pg_database_size``) and of the local index;
* query latency, p50 and p95 over ``--query-rounds`` rounds of the query mix
  (bench/compare_recoll.py), 20 hits with snippets and every hit's passages:
  the team's search on one open connection, the local library's search in a
  process that has searched once;
* syncing notes, whole ``reader-cli team sync`` processes: a desktop sending
  ``--notes`` notes it made on team articles, a new desktop receiving them
  (and the articles they are on), and a sync with nothing to do.

No test asserts any of these.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from compare_recoll import CLI, QUERY_MIX, reader_index, reader_queries, run_measured  # noqa: E402
from index_search import dir_size, percentile  # noqa: E402
from scale import corpus_for  # noqa: E402
from tests.core.team.server import remove_cluster, start_cluster  # noqa: E402


def team_queries(url: str, rounds: int) -> list[float]:
    from reader.core.team.connection import connect
    from reader.core.team.search import search_team

    latencies = []
    with connect(url) as conn:
        search_team(conn, "warm up")
        for _ in range(rounds):
            for text, _recoll in QUERY_MIX.values():
                started = time.perf_counter()
                search_team(conn, text, limit=20)
                latencies.append(time.perf_counter() - started)
    return latencies


def sync_rows(url: str, scratch: Path, notes: int) -> list[tuple[str, str, str]]:
    """Whole ``team sync`` processes: sending ``notes`` notes, receiving them on a
    new desktop, and a sync with nothing to do."""
    import psycopg

    from reader.core.library import Library

    with psycopg.connect(url) as conn:
        ids = [row[0] for row in conn.execute(
            "SELECT id FROM reader_team.articles ORDER BY id LIMIT 50")]
    writer = Library(scratch / "writer")
    writer.use_team(url)
    for n in range(notes):
        article = writer.article(ids[n % len(ids)])
        start = (n * 37) % max(1, len(article.text) - 40)
        writer.add_note(article.id, start=start, end=start + 30, body=f"note {n}",
                        shared=n % 2 == 0)
    writer.close()

    def sync(home: Path) -> float:
        env = {**os.environ, "READER_HOME": str(home)}
        return run_measured([CLI, "--team", url, "team", "sync"], env=env)[0]

    sent = sync(scratch / "writer")
    received = sync(scratch / "reader")
    idle = sync(scratch / "reader")
    return [
        (f"sync: send {notes:,} notes, whole process (s)", f"{sent:.2f}", "—"),
        (f"sync: receive {notes:,} notes on a new desktop (s)", f"{received:.2f}", "—"),
        ("sync: nothing to send or receive (s)", f"{idle:.2f}", "—"),
    ]


def measure(folder: Path, scratch: Path, rounds: int, notes: int) -> list[tuple[str, str, str]]:
    cluster = start_cluster()
    try:
        url = cluster.url(cluster.new_database())
        run_measured([CLI, "team", "init", url])
        print("  team ingest…", file=sys.stderr)
        ingest_wall, ingest_peak, _ = run_measured([CLI, "--team", url, "team", "ingest",
                                                    str(folder)])
        import psycopg

        with psycopg.connect(url) as conn:
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        print("  team queries…", file=sys.stderr)
        team = team_queries(url, rounds)
        print("  team sync…", file=sys.stderr)
        synced = sync_rows(url, scratch, notes)
    finally:
        remove_cluster(cluster)
    print("  local index and queries…", file=sys.stderr)
    home = scratch / "home"
    local_wall, local_peak, _inside, _added = reader_index(home, folder, fresh=True)
    latencies, _totals = reader_queries(home, rounds)
    local = [seconds for values in latencies.values() for seconds in values]
    return [
        ("put the articles in, whole process (s)", f"{ingest_wall:.1f}", f"{local_wall:.1f}"),
        ("  peak RSS of that process and its workers (MB)", f"{ingest_peak:.0f}",
         f"{local_peak:.0f}"),
        ("size on disk (MB)", f"{size / 1e6:.0f}", f"{dir_size(home / 'index') / 1e6:.0f}"),
        ("query p50, 20 hits with snippets (ms)", f"{percentile(team, 50) * 1000:.1f}",
         f"{percentile(local, 50) * 1000:.1f}"),
        ("query p95, 20 hits with snippets (ms)", f"{percentile(team, 95) * 1000:.1f}",
         f"{percentile(local, 95) * 1000:.1f}"),
        *synced,
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="generated articles")
    parser.add_argument("--corpora", type=Path,
                        help="where generated folders are kept between runs (default: a temp dir)")
    parser.add_argument("--query-rounds", type=int, default=20, help="rounds of the query mix")
    parser.add_argument("--notes", type=int, default=1000, help="notes a desktop syncs")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="reader-team-scale-"))
    corpora = args.corpora.expanduser() if args.corpora else scratch
    corpora.mkdir(parents=True, exist_ok=True)
    try:
        folder = corpus_for(corpora, args.articles)
        corpus_size = dir_size(folder)  # (measured before a temporary corpus goes)
        rows = measure(folder, scratch, args.query_rounds, args.notes)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"Machine: {platform.node() or 'unknown'}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}; {args.articles:,} generated articles, "
          f"{corpus_size / 1e6:.0f} MB; {args.query_rounds} rounds of {len(QUERY_MIX)} "
          "queries.")
    print()
    print("| measure | team library (PostgreSQL) | local library (Whoosh) |")
    print("|---|---:|---:|")
    for label, team, local in rows:
        print(f"| {label} | {team} | {local} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
