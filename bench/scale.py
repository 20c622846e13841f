#!/usr/bin/env python3
"""How Reader grows with the library: 2,000, 20,000 and 100,000 articles, one table.

    python bench/scale.py                            # 2,000, 20,000 and 100,000 articles
    python bench/scale.py --sizes 2000,20000         # a quicker run
    python bench/scale.py --corpora ~/bench-corpora  # keep the generated folders between runs

Each size is a folder of generated articles (bench/index_search.py: a median
of about 4 KB, so 100,000 make some 400 MB), indexed into a fresh data
directory.  Measured as the user waits for it, whole processes:

* the full index, ``reader-cli index FOLDER`` from exec to exit, and the peak
  resident memory of the process and its worker processes together (sampled
  every 20 ms); the time per article, which should stay flat;
* the re-index of the unchanged folder, ``reader-cli index`` again;
* queries: p50 and p95 over ``--query-rounds`` rounds of the fixed mix
  (bench/compare_recoll.py), each asking the library for 20 hits with
  snippets, totals and facets, in a process that has searched once already
  (as the window has);
* the window: its cold start (exec to the first painted window, on that
  library) and its resident memory once it has re-checked the index,
  searched and opened an article (bench/gui_latency.py's children).

Medians of ``--runs`` runs; the full index of the largest size runs once
unless ``--runs`` asks for more.  No test asserts any of these.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from compare_recoll import QUERY_MIX, reader_index, reader_queries  # noqa: E402
from index_search import dir_size, generate_corpus, percentile  # noqa: E402

def corpus_for(root: Path, size: int) -> Path:
    """The folder of ``size`` generated articles under ``root``, generated once."""
    folder = root / f"articles-{size}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"generating {size} articles…", file=sys.stderr)
        generate_corpus(folder, size)
        done.write_text("")
    return folder


def measure(size: int, folder: Path, scratch: Path, runs: int, rounds: int) -> dict:
    from gui_latency import cold_starts, memory_child

    home = scratch / f"home-{size}"
    full_runs = [reader_index(home, folder, fresh=True) for _ in range(runs)]
    walls = [run[0] for run in full_runs]
    print(f"  {size}: full index {statistics.median(walls):.1f} s", file=sys.stderr)
    latencies, _totals = reader_queries(home, rounds)
    every = [seconds for values in latencies.values() for seconds in values]
    unchanged = statistics.median(reader_index(home)[0] for _ in range(max(3, runs)))
    starts = cold_starts(home, max(3, runs), fresh=False)
    memory = memory_child(home)
    articles = full_runs[-1][3]
    return {
        "articles": articles,
        "megabytes": dir_size(folder) / 1e6,
        "full": statistics.median(walls),
        "full_inside": statistics.median(run[2] for run in full_runs),
        "per_article_ms": statistics.median(walls) / articles * 1000,
        "peak_rss": statistics.median(run[1] for run in full_runs),
        "unchanged": unchanged,
        "index_mb": dir_size(home / "index") / 1e6,
        "p50": percentile(every, 50) * 1000,
        "p95": percentile(every, 95) * 1000,
        "window_start": statistics.median(starts),
        "window_rss": memory["rss"],
    }


ROWS = (  # (label, key, format); the articles head the columns
    ("folder size (MB)", "megabytes", "{:.0f}"),
    ("full index, whole process (s)", "full", "{:.1f}"),
    ("  of which the update itself (s)", "full_inside", "{:.1f}"),
    ("  per article (ms)", "per_article_ms", "{:.2f}"),
    ("  peak RSS, process and workers (MB)", "peak_rss", "{:.0f}"),
    ("re-index of the unchanged folder, whole process (s)", "unchanged", "{:.2f}"),
    ("index size (MB)", "index_mb", "{:.0f}"),
    ("query p50, 20 hits with snippets (ms)", "p50", "{:.1f}"),
    ("query p95, 20 hits with snippets (ms)", "p95", "{:.1f}"),
    ("window cold start to first paint (s)", "window_start", "{:.2f}"),
    ("window RSS, library open, searched, article open (MB)", "window_rss", "{:.0f}"),
)


def table(results: list[dict]) -> list[str]:
    lines = ["| measure | " + " | ".join(f"{r['articles']:,}" for r in results) + " |",
             "|---|" + "---:|" * len(results)]
    for label, key, fmt in ROWS:
        lines.append(f"| {label} | " + " | ".join(fmt.format(r[key]) for r in results) + " |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000,100000",
                        help="comma-separated article counts (default: 2000,20000,100000)")
    parser.add_argument("--corpora", type=Path,
                        help="where generated folders are kept between runs (default: a temp dir)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each full index")
    parser.add_argument("--query-rounds", type=int, default=20, help="rounds of the query mix")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    scratch = Path(tempfile.mkdtemp(prefix="reader-scale-"))
    corpora = args.corpora.expanduser() if args.corpora else scratch
    corpora.mkdir(parents=True, exist_ok=True)
    try:
        results = [measure(size, corpus_for(corpora, size), scratch, args.runs,
                           args.query_rounds) for size in sizes]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"Machine: {platform.node() or 'unknown'}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; medians of {args.runs} full index run(s), "
          f"{args.query_rounds} rounds of {len(QUERY_MIX)} queries.")
    print()
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
