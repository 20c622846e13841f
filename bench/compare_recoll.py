#!/usr/bin/env python3
"""Reader against Recoll on the same folder, side by side: prints one table.

    python bench/compare_recoll.py                      # 20,000 generated articles
    python bench/compare_recoll.py --articles 2000      # a quicker run
    python bench/compare_recoll.py --bundled            # the bundled sample articles
    python bench/compare_recoll.py --folder ~/articles  # a real folder (a copy is used)
    python bench/compare_recoll.py --articles 0 --mixed 40  # PDF, DOCX, EML, HTML (recoll_mixed.py)

Both systems index the same copy of the folder, run after run, alternating,
so that a busy machine slows both alike; timings are medians over ``--runs``.
Measured, for Reader and for Recoll (Debian's ``recollcmd``: recollindex,
and recollq or the python3-recoll module for queries):

* full index of the folder into an empty index (Reader: SearchIndex.update
  in a fresh process that has loaded the library, as the app and the CLI
  have, worker processes included; Recoll: the recollindex run, its own
  start and threads included);
* re-index of the unchanged folder, and after touching 1% of the files (new
  mtime, same bytes);
* index size on disk, and the peak memory (RSS, the process and its
  children together, sampled every 20 ms) of the full index;
* query latency, p50 and p95 over ``--query-rounds`` rounds of a fixed mix,
  each asking for 20 hits with snippets: Reader's search_articles (snippets
  and every hit offset, total and facets); Recoll's query, its first 20 docs
  and their abstracts (its snippets), in one python3-recoll process, or one
  recollq run per query when that module is missing.  Recoll has no fuzzy
  (edit distance) operator: its "fuzzy" query is the nearest thing it has,
  a wildcard expansion over its term list.

Recoll gets its own temporary configuration: topdirs = the folder, only
.txt/.md/.markdown/.html/.htm files (onlyNames), hidden files and folders
skipped, no aspell dictionary (Reader builds none).  If recollindex is not
installed its column says so; this script never installs anything.

``--mixed N`` adds the mixed-format corpus (bench/mixed_corpus.py: N files
each of PDF, DOCX, EML and HTML, English and Russian) and prints each
format's throughput, whole processes, side by side (bench/recoll_mixed.py).
Recoll needs ``pdftotext`` for the PDFs: apt-get install poppler-utils.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from index_search import (SEEDS, dir_size, generate_corpus, percentile,  # noqa: E402
                          touch_fraction)

QUERY_MIX = {  # name: (Reader query, Recoll query)
    "single word": ("terrorism", "terrorism"),
    "two words AND": ("Moscow coalition", "Moscow coalition"),
    "phrase": ('"Islamic State"', '"Islamic State"'),
    "fuzzy": ("Krelmin~", "Kr*lin"),
    "field query": ("title:russia", "title:russia"),
}
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


# -- measuring ------------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/task/{current}/children") as children:
                kids = [int(k) for k in children.read().split()]
        except OSError:
            kids = []
        found.extend(kids)
        todo.extend(kids)
    return found


def run_measured(command: list[str], **kwargs) -> tuple[float, float, str]:
    """Run a command; (seconds, peak RSS in MB of it and its children, stdout)."""
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, **kwargs)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            total = sum(_rss_kb(p) for p in [process.pid, *_descendants(process.pid)])
            peak = max(peak, total)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.isdir("/proc"):
        sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    if sampler.is_alive():
        sampler.join()
    if process.returncode:
        raise RuntimeError(f"{command[0]} failed ({process.returncode})")
    return seconds, peak / 1024, output


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# -- Reader ---------------------------------------------------------------------------


def reader_child(folder: Path, data: Path) -> None:
    """In a fresh process: a full index of folder into data; prints the seconds.

    The process has what the app and the CLI have loaded when they index
    (reader.core.library); the time is that of SearchIndex.update, worker
    processes included.
    """
    import reader.core.library  # noqa: F401
    from reader.core.index import SearchIndex

    ix = SearchIndex(data)
    start = time.perf_counter()
    summary = ix.update([folder])
    seconds = time.perf_counter() - start
    ix.close()
    print(json.dumps({"seconds": seconds, "docs": summary.added}))


def reader_full(folder: Path, data: Path) -> tuple[float, float, int]:
    shutil.rmtree(data, ignore_errors=True)
    _wall, peak, output = run_measured(
        [sys.executable, __file__, "--reader-index", str(folder), str(data)])
    result = json.loads(output.strip().splitlines()[-1])
    return result["seconds"], peak, result["docs"]


def reader_queries(data: Path, rounds: int) -> dict[str, list[float]]:
    from reader.core.index import SearchIndex
    from reader.core.search import search_articles

    ix = SearchIndex(data)
    search_articles(ix, "warm up")
    latencies: dict[str, list[float]] = {name: [] for name in QUERY_MIX}
    for _ in range(rounds):
        for name, (text, _recoll) in QUERY_MIX.items():
            latencies[name].append(timed(lambda: search_articles(ix, text, limit=20)))
    ix.close()
    return latencies


# -- Recoll ---------------------------------------------------------------------------

RECOLL_QUERIES = r"""
import json, sys, time
from recoll import recoll
confdir, rounds, queries = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
db = recoll.connect(confdir=confdir)
def run(text):
    query = db.query()
    query.execute(text, stemming=1)
    query.rowcount
    for doc in query.fetchmany(20):
        query.makedocabstract(doc)
run("warm up")
out = {name: [] for name in queries}
for _ in range(rounds):
    for name, text in queries.items():
        start = time.perf_counter()
        run(text)
        out[name].append(time.perf_counter() - start)
print(json.dumps(out))
"""


def recoll_python() -> str | None:
    """A Python that has the recoll module (Debian's python3-recoll), or None."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "from recoll import recoll"],
                                        capture_output=True).returncode == 0:
            return candidate
    return None


def recoll_config(folder: Path, confdir: Path, *, names: str = "",
                  mimetypes: str = "text/plain text/html", extra: str = "") -> None:
    """Recoll's configuration: only ``names`` (default: the text suffixes), hidden files skipped."""
    confdir.mkdir(parents=True, exist_ok=True)
    names = names or " ".join(f"*{s} *{s.upper()}" for s in SUFFIXES)
    (confdir / "recoll.conf").write_text(
        f"topdirs = {folder}\n"
        f"onlyNames = {names}\n"
        "skippedNames+ = .*\n"
        f"indexedmimetypes = {mimetypes}\n"
        f"{extra}"
        "noaspell = 1\n"
        "loglevel = 2\n", encoding="utf-8")
    (confdir / "mimemap").write_text(".markdown = text/plain\n.MARKDOWN = text/plain\n",
                                     encoding="utf-8")


def recoll_index(confdir: Path, fresh: bool) -> tuple[float, float]:
    if fresh:
        shutil.rmtree(confdir / "xapiandb", ignore_errors=True)
        for name in ("idxstatus.txt", "recoll.pid"):
            (confdir / name).unlink(missing_ok=True)
    seconds, peak, _ = run_measured(["recollindex", "-c", str(confdir)],
                                    stderr=subprocess.DEVNULL)
    return seconds, peak


def recoll_queries(confdir: Path, rounds: int) -> tuple[dict[str, list[float]], str]:
    queries = {name: recoll for name, (_reader, recoll) in QUERY_MIX.items()}
    python = recoll_python()
    if python:
        output = subprocess.run([python, "-c", RECOLL_QUERIES, str(confdir), str(rounds),
                                 json.dumps(queries)], capture_output=True, text=True,
                                check=True).stdout
        return json.loads(output.strip().splitlines()[-1]), "python3-recoll, in one process"
    latencies: dict[str, list[float]] = {name: [] for name in queries}
    for _ in range(rounds):
        for name, text in queries.items():
            latencies[name].append(timed(lambda: subprocess.run(
                ["recollq", "-c", str(confdir), "-n", "0-20", "-A", text],
                capture_output=True, check=True)))
    return latencies, "recollq, one process per query"


# -- the comparison -------------------------------------------------------------------


def compare(label: str, folder: Path, scratch: Path, runs: int, rounds: int) -> list[str]:
    have_recoll = shutil.which("recollindex") is not None
    data = scratch / "reader-index"
    confdir = scratch / "recoll-config"
    if have_recoll:
        recoll_config(folder, confdir)
    rows: dict[str, list] = {key: [[], []] for key in ("full", "rss", "unchanged", "touched")}
    docs = 0
    rng = random.Random(7)
    for run in range(runs):
        print(f"  {label}: full index, run {run + 1}/{runs}", file=sys.stderr)
        seconds, peak, docs = reader_full(folder, data)
        rows["full"][0].append(seconds)
        rows["rss"][0].append(peak)
        if have_recoll:
            seconds, peak = recoll_index(confdir, fresh=True)
            rows["full"][1].append(seconds)
            rows["rss"][1].append(peak)
    from reader.core.index import SearchIndex

    ix = SearchIndex(data)
    for run in range(runs):
        rows["unchanged"][0].append(timed(lambda: ix.update([folder])))
        if have_recoll:
            rows["unchanged"][1].append(recoll_index(confdir, fresh=False)[0])
    for run in range(runs):
        touch_fraction(folder, 0.01, rng)
        rows["touched"][0].append(timed(lambda: ix.update([folder])))
        if have_recoll:
            rows["touched"][1].append(recoll_index(confdir, fresh=False)[0])
    ix.close()
    print(f"  {label}: queries", file=sys.stderr)
    reader_lat = reader_queries(data, rounds)
    recoll_lat, how = recoll_queries(confdir, rounds) if have_recoll else ({}, "")

    def median(values):
        return statistics.median(values) if values else None

    def everything(latencies, pct):
        values = [v for vs in latencies.values() for v in vs]
        return percentile(values, pct) * 1000 if values else None

    table = [
        ("full index (s)", median(rows["full"][0]), median(rows["full"][1]), "{:.2f}"),
        ("re-index, unchanged (s)", median(rows["unchanged"][0]), median(rows["unchanged"][1]),
         "{:.3f}"),
        ("re-index, 1% touched (s)", median(rows["touched"][0]), median(rows["touched"][1]),
         "{:.3f}"),
        ("index size (MB)", dir_size(data) / 1e6,
         dir_size(confdir / "xapiandb") / 1e6 if have_recoll else None, "{:.1f}"),
        ("peak RSS of the full index (MB)", median(rows["rss"][0]), median(rows["rss"][1]),
         "{:.0f}"),
        ("query p50, 20 hits + snippets (ms)", everything(reader_lat, 50),
         everything(recoll_lat, 50), "{:.1f}"),
        ("query p95, 20 hits + snippets (ms)", everything(reader_lat, 95),
         everything(recoll_lat, 95), "{:.1f}"),
    ]
    for name in QUERY_MIX:
        table.append((f"  {name}, median (ms)", median(reader_lat[name]) * 1000,
                      median(recoll_lat[name]) * 1000 if recoll_lat else None, "{:.1f}"))
    lines = [f"### {label}: {docs} articles, {sum(1 for _ in _files(folder))} files, "
             f"{dir_size(folder) / 1e6:.1f} MB", "",
             "| measure | Reader | Recoll | Reader/Recoll |", "|---|---:|---:|---:|"]
    for name, mine, theirs, fmt in table:
        ratio = f"{mine / theirs:.2f}" if mine is not None and theirs else "–"
        lines.append(f"| {name} | {fmt.format(mine)} | "
                     f"{fmt.format(theirs) if theirs is not None else 'not installed'} | {ratio} |")
    lines.append("")
    if have_recoll:
        lines.append(f"Recoll queries: {how}; Recoll's fuzzy row is the wildcard "
                     f"{QUERY_MIX['fuzzy'][1]!r} (it has no edit-distance operator).")
    else:
        lines.append("Recoll column skipped: recollindex is not installed "
                     "(Debian: apt-get install recollcmd).")
    lines.append("")
    return lines


def _files(folder: Path):
    return (p for p in folder.rglob("*") if p.is_file())


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--reader-index":
        reader_child(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000,
                        help="generated articles (0: none)")
    parser.add_argument("--bundled", action="store_true", help="also the bundled articles")
    parser.add_argument("--folder", action="append", type=Path, default=[],
                        help="a real folder to compare on too (repeatable; a copy is used)")
    parser.add_argument("--mixed", type=int, default=0, metavar="N",
                        help="also the mixed-format corpus, N files of each format")
    parser.add_argument("--runs", type=int, default=3, help="runs of each indexing timing")
    parser.add_argument("--query-rounds", type=int, default=20, help="rounds of the query mix")
    args = parser.parse_args()
    corpora: list[tuple[str, Path | None]] = []
    if args.articles:
        corpora.append((f"{args.articles} generated articles", None))
    if args.bundled:
        corpora.append(("bundled articles", SEEDS))
    corpora += [(str(f), f.expanduser()) for f in args.folder]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
          f"medians of {args.runs} runs, Reader and Recoll alternating.")
    print()
    for label, source in corpora:
        scratch = Path(tempfile.mkdtemp(prefix="reader-vs-recoll-"))
        try:
            folder = scratch / "corpus"
            if source is None:
                print(f"generating {args.articles} articles…", file=sys.stderr)
                generate_corpus(folder, args.articles)
            else:  # the re-index runs touch mtimes: work on a copy
                shutil.copytree(source, folder)
            print("\n".join(compare(label, folder, scratch, args.runs, args.query_rounds)),
                  flush=True)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.mixed:
        from recoll_mixed import compare_mixed

        scratch = Path(tempfile.mkdtemp(prefix="reader-vs-recoll-"))
        try:
            print("\n".join(compare_mixed(args.mixed, scratch, args.runs)), flush=True)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
