#!/usr/bin/env python3
"""Index and search benchmark: prints one Markdown table.

    python bench/index_search.py                      # 20,000 generated articles
    python bench/index_search.py --articles 2000      # a quicker run
    python bench/index_search.py --folder ~/articles  # also a real folder
    python bench/index_search.py --articles 0 --pages 2000  # saved web pages only

For every corpus it measures a full index into a fresh data dir, a re-index
of the unchanged folder, a re-index after touching 1% of the files (same
bytes, new mtime: hashed, not parsed), the index size, and the latency of a
fixed query mix with 20 hits, snippets and every hit offset.  Timings are
medians over ``--runs`` runs (the full index runs once unless asked).
Reader against Recoll, side by side on the same folder: compare_recoll.py.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from html_pages import generate_html_corpus  # noqa: E402

from reader.core.index import SearchIndex  # noqa: E402
from reader.core.search import search_articles  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "resources" / "articles"
QUERY_MIX = {
    "single word": "terrorism",
    "two words AND": "Moscow coalition",
    "phrase": '"Islamic State"',
    "fuzzy": "Kremlim~",
    "field query": "title:russia",
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def vocabulary() -> list[str]:
    """Words from the seed articles, so generated text looks like the real thing."""
    words: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        words.extend(path.read_text(encoding="utf-8").split())
    return [w.strip(".,;:!?\"“”()") for w in words if w.strip(".,;:!?\"“”()")]


def generate_corpus(folder: Path, count: int, seed: int = 1) -> None:
    """``count`` articles of realistic length (median about 4 KB) in 100 subfolders."""
    rng = random.Random(seed)
    words = vocabulary()
    for i in range(count):
        sub = folder / f"{i % 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        size = int(min(40_000, max(600, rng.lognormvariate(8.3, 0.5))))
        title = " ".join(rng.choices(words, k=rng.randint(5, 10))).capitalize()
        date = f"{MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}, {rng.randint(2005, 2025)}"
        paragraphs, length = [], 0
        while length < size:
            sentences = [
                " ".join(rng.choices(words, k=rng.randint(8, 25))).capitalize() + "."
                for _ in range(rng.randint(2, 6))
            ]
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            length += len(paragraph)
        text = f"{title}\n\n{date}\n\n" + "\n\n".join(paragraphs) + "\n"
        (sub / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")


def generate_wire_corpus(folder: Path, count: int, seed: int = 2) -> None:
    """``count`` short news items as a wire service files them (1-3 KB each: a
    headline, a dateline, a few paragraphs of one or two sentences) in 100
    subfolders: the many small files of a news feed."""
    rng = random.Random(seed)
    words = vocabulary()
    cities = ["MOSCOW", "DAMASCUS", "BEIRUT", "ANKARA", "BAGHDAD", "GENEVA", "ALEPPO"]
    for i in range(count):
        sub = folder / f"{i % 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        size = rng.randint(1000, 3000)
        title = " ".join(rng.choices(words, k=rng.randint(5, 9))).capitalize()
        date = f"{MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}, {rng.randint(2012, 2025)}"
        paragraphs = [f"{rng.choice(cities)}, {date} (Wire) - "
                      + " ".join(rng.choices(words, k=rng.randint(15, 30))) + "."]
        length = len(paragraphs[0])
        while length < size:
            paragraph = " ".join(
                " ".join(rng.choices(words, k=rng.randint(10, 25))).capitalize() + "."
                for _ in range(rng.randint(1, 2)))
            paragraphs.append(paragraph)
            length += len(paragraph)
        text = f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"
        (sub / f"wire-{i:05d}.txt").write_text(text, encoding="utf-8")


def dir_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def touch_fraction(folder: Path, fraction: float, rng: random.Random) -> int:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    chosen = rng.sample(files, max(1, int(len(files) * fraction)))
    for path in chosen:
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    return len(chosen)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def bench_corpus(label: str, folder: Path, runs: int, full_runs: int, query_rounds: int) -> dict:
    rng = random.Random(7)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    full_times = []
    for _ in range(full_runs):
        work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
        try:
            ix = SearchIndex(work / "index")
            full_times.append(timed(lambda: ix.update([folder])))
            ix.close()
        finally:
            shutil.rmtree(work)
    work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        ix = SearchIndex(work / "index")
        ix.update([folder])
        docs = ix.doc_count()
        unchanged = [timed(lambda: ix.update([folder])) for _ in range(runs)]
        touched_times = []
        for _ in range(runs):
            touch_fraction(folder, 0.01, rng)
            touched_times.append(timed(lambda: ix.update([folder])))
        size = dir_size(ix.dir)
        latencies: dict[str, list[float]] = {name: [] for name in QUERY_MIX}
        search_articles(ix, "warm up")
        for _ in range(query_rounds):
            for name, q in QUERY_MIX.items():
                latencies[name].append(timed(lambda: search_articles(ix, q, limit=20)))
        ix.close()
    finally:
        shutil.rmtree(work)
    every = [v for values in latencies.values() for v in values]
    full = statistics.median(full_times)
    return {
        "label": label, "files": files, "docs": docs, "full": full, "docs_per_s": docs / full,
        "unchanged": statistics.median(unchanged), "touched": statistics.median(touched_times),
        "size_mb": size / 1e6, "p50": percentile(every, 50) * 1000,
        "p95": percentile(every, 95) * 1000,
        "per_query": {n: statistics.median(v) * 1000 for n, v in latencies.items()},
    }


def print_table(rows: list[dict]) -> None:
    print("| corpus | articles | full index (s) | docs/s | re-index unchanged (s) "
          "| re-index 1% touched (s) | index size (MB) | query p50 (ms) | query p95 (ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['label']} | {r['docs']} | {r['full']:.2f} | {r['docs_per_s']:.0f} "
              f"| {r['unchanged']:.3f} | {r['touched']:.3f} | {r['size_mb']:.1f} "
              f"| {r['p50']:.1f} | {r['p95']:.1f} |")
    print()
    print("| corpus | " + " | ".join(f"{name} (ms)" for name in QUERY_MIX) + " |")
    print("|---|" + "---:|" * len(QUERY_MIX))
    for r in rows:
        print(f"| {r['label']} | " + " | ".join(f"{r['per_query'][n]:.1f}" for n in QUERY_MIX) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000,
                        help="generated articles (0: none)")
    parser.add_argument("--pages", type=int, default=0,
                        help="generated saved web pages, with their chrome (html_pages.py)")
    parser.add_argument("--folder", action="append", type=Path, default=[],
                        help="a real folder to benchmark too (repeatable)")
    parser.add_argument("--runs", type=int, default=5, help="runs for re-index timings")
    parser.add_argument("--full-runs", type=int, default=1, help="runs of the full index")
    parser.add_argument("--query-rounds", type=int, default=20, help="rounds of the query mix")
    args = parser.parse_args()
    corpora = [("bundled articles", SEEDS)] + [(str(f), f.expanduser()) for f in args.folder]
    rows = []
    scratch = Path(tempfile.mkdtemp(prefix="reader-corpus-"))
    try:
        if args.articles:
            print(f"generating {args.articles} articles…", file=sys.stderr)
            generate_corpus(scratch / "generated", args.articles)
            corpora.append((f"generated ({args.articles})", scratch / "generated"))
        if args.pages:
            print(f"generating {args.pages} saved pages…", file=sys.stderr)
            generate_html_corpus(scratch / "pages", args.pages, vocabulary())
            corpora.append((f"saved pages ({args.pages})", scratch / "pages"))
        for n, (label, folder) in enumerate(corpora):
            print(f"benchmarking {label}…", file=sys.stderr)
            if not folder.is_relative_to(scratch):  # the re-index runs touch mtimes: use a copy
                folder = Path(shutil.copytree(folder, scratch / f"copy-{n}"))
            rows.append(bench_corpus(label, folder, args.runs, args.full_runs, args.query_rounds))
    finally:
        shutil.rmtree(scratch)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; medians.")
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
