#!/usr/bin/env python3
"""Reader against Recoll on the same folder, side by side: prints one table.

    python bench/compare_recoll.py                      # 20,000 generated articles
    python bench/compare_recoll.py --articles 2000      # a quicker run
    python bench/compare_recoll.py --articles 0 --short 2000  # 2,000 wire items of 1-3 KB
    python bench/compare_recoll.py --bundled            # the bundled sample articles
    python bench/compare_recoll.py --folder ~/articles  # a real folder (a copy is used)
    python bench/compare_recoll.py --articles 0 --mixed 40  # PDF, DOCX, EML, HTML (recoll_mixed.py)
    python bench/compare_recoll.py --busy ...           # one core kept busy meanwhile

Both systems index the same copy of the folder, run after run, alternating,
so that a busy machine slows both alike; timings are medians over ``--runs``.
What the user waits for is measured as whole processes, from exec to exit,
start-up and imports included: for Reader the installed ``reader-cli``
(beside this Python, as ``make`` installs it), for Recoll Debian's
recollcmd (``recollindex``, ``recollq``):

* Reader's commands twice: each in its own process (``READER_CLI_SERVER=0``),
  and answered by the command server (reader/cli/server.py) the first
  command started, as on an analyst's machine after the first command; both
  with bytecode caches, as an installed Reader has them, whatever
  ``PYTHONDONTWRITEBYTECODE`` says;
* full index of the folder into an empty index: ``reader-cli index FOLDER``
  against ``recollindex``; beside it, the seconds of the update alone
  inside Reader's process (its summary's), and the same update as the app
  runs it: in its indexer process (index/process.py), from the spawn to the
  summary, asked by a process that has the library loaded as the window has;
* re-index of the unchanged folder, and after touching 1% of the files (new
  mtime, same bytes), whole processes again;
* index size on disk, and the peak memory (RSS, the process and its
  children together, sampled every 20 ms) of the full index;
* one search, ``reader-cli search WORD`` against ``recollq WORD``;
* query latency inside a process that has searched once, p50 and p95 over
  ``--query-rounds`` rounds of a fixed mix, each asking for 20 hits with
  snippets: Reader's library search (snippets and every hit offset, total
  and facets); Recoll's query, its first 20 docs and their abstracts (its
  snippets), in one python3-recoll process, or one recollq run per query
  when that module is missing.  Each query's result count is shown beside
  its time: a query one side answers with nothing is no race.  Recoll has
  no fuzzy (edit distance) operator: its "fuzzy" query is the nearest thing
  it has, a wildcard expansion over its term list.

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
import contextlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from index_search import (SEEDS, dir_size, generate_corpus, generate_wire_corpus,  # noqa: E402
                          percentile, touch_fraction)

QUERY_MIX = {  # name: (Reader query, Recoll query)
    "single word": ("terrorism", "terrorism"),
    "two words AND": ("Moscow coalition", "Moscow coalition"),
    "phrase": ('"Islamic State"', '"Islamic State"'),
    "fuzzy": ("Kremlim~", "Kr*lin"),  # (both find kremlin)
    "field query": ("title:russia", "title:russia"),
}
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
#: The installed program, beside this Python (make's .venv), as the user runs it.
CLI = str(Path(sys.executable).with_name("reader-cli"))
#: The word of the one-search row.
SEARCH_WORD = "coalition"
#: Reader's processes run with bytecode caches, as an installed Reader has them
#: (a shell or CI that sets PYTHONDONTWRITEBYTECODE would have every run compile
#: some 90 modules again), and each command in its own process.
ALONE_ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
             "READER_CLI_SERVER": "0"}


@contextlib.contextmanager
def command_server(scratch: Path) -> Iterator[dict[str, str]]:
    """The environment of commands the command server answers: a private
    runtime folder where a server listens (started, as reader-cli starts one,
    by a first command), stopped after."""
    runtime = scratch / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**ALONE_ENV, "XDG_RUNTIME_DIR": str(runtime), "READER_CLI_SERVER": "1"}
    subprocess.run([CLI, "--home", str(scratch / "first-command"), "articles"], env=env,
                   capture_output=True, check=True)
    deadline = time.monotonic() + 60
    while not subprocess.run([CLI, "server", "status"], env=env, capture_output=True,
                             text=True).stdout.startswith("The command server is running"):
        if time.monotonic() > deadline:
            raise RuntimeError("the command server did not start")
        time.sleep(0.1)
    try:
        yield env
    finally:
        subprocess.run([CLI, "server", "stop"], env=env, capture_output=True)


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


# -- Reader ---------------------------------------------------------------------------


def reader_index(home: Path, folder: Path | None = None, fresh: bool = False,
                 env: dict[str, str] = ALONE_ENV) -> tuple[float, float, float, int]:
    """``reader-cli index [FOLDER]``, whole process: (wall seconds, peak RSS in
    MB, the seconds of the update itself, the articles added)."""
    if fresh:
        shutil.rmtree(home, ignore_errors=True)
    command = [CLI, "--home", str(home), "index", "--json"] + ([str(folder)] if folder else [])
    wall, peak, output = run_measured(command, env=env)
    summary = json.loads(output)
    return wall, peak, summary["seconds"], summary["added"]


def indexer_child(folder: Path, data: Path) -> None:
    """In a fresh process that has the library loaded, as the window has: a full
    index of folder into data by the app's indexer process; prints the seconds
    from its spawn to its summary."""
    import reader.core.library  # noqa: F401
    from reader.core.index.process import update_in_child

    start = time.perf_counter()
    summary = update_in_child(data, [folder])
    print(json.dumps({"seconds": time.perf_counter() - start, "docs": summary.added}))


def reader_indexer_process(folder: Path, data: Path) -> float:
    shutil.rmtree(data, ignore_errors=True)
    _wall, _peak, output = run_measured(
        [sys.executable, __file__, "--indexer-process", str(folder), str(data)], env=ALONE_ENV)
    return json.loads(output.strip().splitlines()[-1])["seconds"]


def query_child(home: str, rounds: int) -> None:
    """In a fresh process: the library's search, the query mix after one search;
    prints the latencies and each query's total as JSON."""
    from reader.core.library import Library

    library = Library(Path(home))
    library.search("warm up")
    latencies: dict[str, list[float]] = {name: [] for name in QUERY_MIX}
    totals = {}
    for _ in range(rounds):
        for name, (text, _recoll) in QUERY_MIX.items():
            started = time.perf_counter()
            results = library.search(text, limit=20)
            latencies[name].append(time.perf_counter() - started)
            totals[name] = results.total
    library.close()
    print(json.dumps({"latencies": latencies, "totals": totals}))


def reader_queries(home: Path, rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    done = subprocess.run([sys.executable, __file__, "--query-child", str(home), str(rounds)],
                          capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["latencies"], found["totals"]


def one_search(command: list[str], env: dict[str, str] = ALONE_ENV) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env)
    return time.perf_counter() - started


# -- Recoll ---------------------------------------------------------------------------

RECOLL_QUERIES = r"""
import json, sys, time
from recoll import recoll
confdir, rounds, queries = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
db = recoll.connect(confdir=confdir)
def run(text):
    query = db.query()
    query.execute(text, stemming=1)
    count = query.rowcount
    for doc in query.fetchmany(20):
        query.makedocabstract(doc)
    return count
run("warm up")
out = {name: [] for name in queries}
totals = {}
for _ in range(rounds):
    for name, text in queries.items():
        start = time.perf_counter()
        totals[name] = run(text)
        out[name].append(time.perf_counter() - start)
print(json.dumps({"latencies": out, "totals": totals}))
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


def recoll_queries(confdir: Path, rounds: int
                   ) -> tuple[dict[str, list[float]], dict[str, int], str]:
    """Latencies of the query mix, each query's result count, and how they were taken."""
    queries = {name: recoll for name, (_reader, recoll) in QUERY_MIX.items()}
    python = recoll_python()
    if python:
        output = subprocess.run([python, "-c", RECOLL_QUERIES, str(confdir), str(rounds),
                                 json.dumps(queries)], capture_output=True, text=True,
                                check=True).stdout
        found = json.loads(output.strip().splitlines()[-1])
        return found["latencies"], found["totals"], "python3-recoll, in one process"
    latencies: dict[str, list[float]] = {name: [] for name in queries}
    totals = {}
    for _ in range(rounds):
        for name, text in queries.items():
            started = time.perf_counter()
            done = subprocess.run(["recollq", "-c", str(confdir), "-n", "0-20", "-A", text],
                                  capture_output=True, text=True, check=True)
            latencies[name].append(time.perf_counter() - started)
            counts = [line.split()[0] for line in done.stdout.splitlines()
                      if line.strip().endswith("results") or "results (printing" in line]
            totals[name] = int(counts[0]) if counts and counts[0].isdigit() else 0
    return latencies, totals, "recollq, one process per query"


# -- the comparison -------------------------------------------------------------------


def compare(label: str, folder: Path, scratch: Path, runs: int, rounds: int) -> list[str]:
    have_recoll = shutil.which("recollindex") is not None
    home = scratch / "reader-home"
    confdir = scratch / "recoll-config"
    if have_recoll:
        recoll_config(folder, confdir)
    rows: dict[str, list[list[float]]] = {
        key: [[], []] for key in ("full", "rss", "unchanged", "touched", "search")}
    inside: dict[str, list[float]] = {key: [] for key in ("full", "unchanged", "touched")}
    served: dict[str, list[float]] = {key: [] for key in ("full", "unchanged", "touched",
                                                          "search")}
    indexer: list[float] = []
    docs = 0
    rng = random.Random(7)
    with command_server(scratch) as served_env:
        for run in range(runs):
            print(f"  {label}: full index, run {run + 1}/{runs}", file=sys.stderr)
            wall, peak, seconds, docs = reader_index(home, folder, fresh=True)
            rows["full"][0].append(wall)
            rows["rss"][0].append(peak)
            inside["full"].append(seconds)
            served["full"].append(reader_index(home, folder, fresh=True, env=served_env)[0])
            indexer.append(reader_indexer_process(folder, scratch / "indexer-process"))
            if have_recoll:
                seconds, peak = recoll_index(confdir, fresh=True)
                rows["full"][1].append(seconds)
                rows["rss"][1].append(peak)
        shutil.rmtree(scratch / "indexer-process", ignore_errors=True)
        for key in ("unchanged", "touched"):
            for run in range(runs):
                for env in (ALONE_ENV, served_env):
                    if key == "touched":
                        touch_fraction(folder, 0.01, rng)
                    wall, _peak, seconds, _docs = reader_index(home, env=env)
                    if env is ALONE_ENV:
                        rows[key][0].append(wall)
                        inside[key].append(seconds)
                    else:
                        served[key].append(wall)
                    if have_recoll and env is ALONE_ENV:
                        rows[key][1].append(recoll_index(confdir, fresh=False)[0])
        print(f"  {label}: searches and queries", file=sys.stderr)
        search = [CLI, "--home", str(home), "search", SEARCH_WORD]
        for run in range(max(runs, 7)):
            rows["search"][0].append(one_search(search))
            served["search"].append(one_search(search, served_env))
            if have_recoll:
                rows["search"][1].append(one_search(["recollq", "-c", str(confdir),
                                                     SEARCH_WORD]))
    reader_lat, reader_totals = reader_queries(home, rounds)
    recoll_lat, recoll_totals, how = (recoll_queries(confdir, rounds) if have_recoll
                                      else ({}, {}, ""))

    def median(values):
        return statistics.median(values) if values else None

    def everything(latencies, pct):
        values = [v for vs in latencies.values() for v in vs]
        return percentile(values, pct) * 1000 if values else None

    recoll_full, recoll_unchanged, recoll_touched = (
        median(rows[key][1]) for key in ("full", "unchanged", "touched"))
    recoll_search = median(rows["search"][1]) * 1000 if rows["search"][1] else None
    table = [
        ("full index, whole process (s)", median(rows["full"][0]), recoll_full, "{:.2f}"),
        ("  Reader: served by the command server (s)", median(served["full"]), recoll_full,
         "{:.2f}"),
        ("  Reader: the update inside the process (s)", median(inside["full"]), None, "{:.2f}"),
        ("  Reader: the app's indexer process, spawn to done (s)", median(indexer), None,
         "{:.2f}"),
        ("re-index, unchanged, whole process (s)", median(rows["unchanged"][0]),
         recoll_unchanged, "{:.3f}"),
        ("  Reader: served by the command server (s)", median(served["unchanged"]),
         recoll_unchanged, "{:.3f}"),
        ("  Reader: the update inside the process (s)", median(inside["unchanged"]), None,
         "{:.3f}"),
        ("re-index, 1% touched, whole process (s)", median(rows["touched"][0]),
         recoll_touched, "{:.3f}"),
        ("  Reader: served by the command server (s)", median(served["touched"]),
         recoll_touched, "{:.3f}"),
        ("index size (MB)", dir_size(home / "index") / 1e6,
         dir_size(confdir / "xapiandb") / 1e6 if have_recoll else None, "{:.1f}"),
        ("peak RSS of the full index (MB)", median(rows["rss"][0]), median(rows["rss"][1]),
         "{:.0f}"),
        (f"one search, whole process: reader-cli search / recollq {SEARCH_WORD} (ms)",
         median(rows["search"][0]) * 1000, recoll_search, "{:.0f}"),
        ("  Reader: served by the command server (ms)", median(served["search"]) * 1000,
         recoll_search, "{:.0f}"),
        ("query p50, 20 hits + snippets (ms)", everything(reader_lat, 50),
         everything(recoll_lat, 50), "{:.1f}"),
        ("query p95, 20 hits + snippets (ms)", everything(reader_lat, 95),
         everything(recoll_lat, 95), "{:.1f}"),
    ]
    for name in QUERY_MIX:
        table.append((f"  {name}, median (ms) [results: {reader_totals.get(name, 0):,} / "
                      f"{recoll_totals[name]:,}]" if recoll_totals else
                      f"  {name}, median (ms) [results: {reader_totals.get(name, 0):,}]",
                      median(reader_lat[name]) * 1000,
                      median(recoll_lat[name]) * 1000 if recoll_lat else None, "{:.1f}"))
    lines = [f"### {label}: {docs} articles, {sum(1 for _ in _files(folder))} files, "
             f"{dir_size(folder) / 1e6:.1f} MB", "",
             "| measure | Reader | Recoll | Reader/Recoll |", "|---|---:|---:|---:|"]
    for name, mine, theirs, fmt in table:
        ratio = f"{mine / theirs:.2f}" if mine is not None and theirs else "–"
        shown = (fmt.format(theirs) if theirs is not None else
                 "–" if name.startswith("  ") or have_recoll else "not installed")
        lines.append(f"| {name} | {fmt.format(mine)} | {shown} | {ratio} |")
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
    if len(sys.argv) == 4 and sys.argv[1] == "--indexer-process":
        indexer_child(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "--query-child":
        query_child(sys.argv[2], int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000,
                        help="generated articles (0: none)")
    parser.add_argument("--short", type=int, default=0, metavar="N",
                        help="also N generated wire items of 1-3 KB each")
    parser.add_argument("--bundled", action="store_true", help="also the bundled articles")
    parser.add_argument("--folder", action="append", type=Path, default=[],
                        help="a real folder to compare on too (repeatable; a copy is used)")
    parser.add_argument("--mixed", type=int, default=0, metavar="N",
                        help="also the mixed-format corpus, N files of each format")
    parser.add_argument("--runs", type=int, default=3, help="runs of each indexing timing")
    parser.add_argument("--query-rounds", type=int, default=20, help="rounds of the query mix")
    add_busy_option(parser)
    args = parser.parse_args()
    with one_core_busy(args.busy):
        return _run(args)


def add_busy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--busy", action="store_true",
                        help="keep one core busy meanwhile, as on an analyst's laptop")


@contextlib.contextmanager
def one_core_busy(busy: bool) -> Iterator[None]:
    """With ``busy``, another process keeps one core loaded meanwhile, as an
    analyst's laptop has a browser and a mail client running."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    try:
        yield
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()


def _run(args: argparse.Namespace) -> int:
    corpora: list[tuple[str, Path | Callable[[Path], None]]] = []
    if args.articles:
        corpora.append((f"{args.articles} generated articles",
                        lambda folder: generate_corpus(folder, args.articles)))
    if args.short:
        corpora.append((f"{args.short} generated wire items of 1-3 KB",
                        lambda folder: generate_wire_corpus(folder, args.short)))
    if args.bundled:
        corpora.append(("bundled articles", SEEDS))
    corpora += [(str(f), f.expanduser()) for f in args.folder]
    print(f"Machine: {platform.node() or 'unknown'}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}; medians of {args.runs} runs, Reader and Recoll "
          "alternating" + ("; one core kept busy." if args.busy else "."))
    print()
    for label, source in corpora:
        scratch = Path(tempfile.mkdtemp(prefix="reader-vs-recoll-"))
        try:
            folder = scratch / "corpus"
            if callable(source):
                print(f"generating {label}…", file=sys.stderr)
                source(folder)
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
