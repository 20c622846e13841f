#!/usr/bin/env python3
"""GUI responsiveness benchmark: drives the real window and prints one Markdown table.

    python bench/gui_latency.py                   # 20,000 generated articles
    python bench/gui_latency.py --articles 2000   # a quicker run
    python bench/gui_latency.py --corpus DIR      # reuse (or keep) a generated corpus

It runs offscreen unless ``QT_QPA_PLATFORM`` says otherwise, and measures
what an analyst feels:

* cold start: a new process (``reader.app.main``, as ``main.py`` runs it)
  from exec to the end of the main window's first paint, on an empty data
  folder (first start: the bundled articles) and on an indexed
  20,000-article library;
* the longest stall of the GUI thread while the window indexes the whole
  corpus, and while a query is typed into the search field at a fast
  typist's pace (one key every 110 ms);
* opening a 100 KB article with 500 search hits and 200 notes, from the call
  to the end of the reading pane's next paint, plus stepping to the next hit,
  zooming, and adding a highlight in that article;
* resident memory with the 20,000-article library open (a fresh process that
  starts, re-checks the index, searches and opens an article).

Stalls come from an event-loop probe: a 5 ms precise timer whose every tick
stamps the clock; a gap between two ticks is time the GUI thread could not
answer the user.  ``--stall-stacks`` also prints where the GUI thread (and
any thread running Reader code) was during each stall.  Timings are medians
over ``--runs``; no test asserts any of them.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIG_TERM = "Palmyra"  # the query whose hits the big article carries
BIG_HITS = 500
BIG_NOTES = 200
BIG_SIZE = 100_000
TYPED_QUERY = "moscow coalition"
KEY_INTERVAL_MS = 110
PROBE_INTERVAL_MS = 5
STALL_LIMIT_MS = 50.0


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


# -- corpus ---------------------------------------------------------------------------


def make_big_article(folder: Path, seed: int) -> Path:
    """A 100 KB Markdown article in which ``BIG_TERM`` occurs exactly ``BIG_HITS`` times.

    Its mtime is set an hour back, as for any article that is not being
    written right now (the library trusts the mtimes of such files).
    """
    sys.path.insert(0, str(ROOT / "bench"))
    from index_search import vocabulary

    rng = random.Random(seed)
    words = [w for w in vocabulary() if BIG_TERM.casefold() not in w.casefold()]
    paragraphs: list[str] = []
    length = 0
    while length < BIG_SIZE:
        if len(paragraphs) % 12 == 0:
            text = "## " + " ".join(rng.choices(words, k=rng.randint(3, 7))).capitalize()
        elif len(paragraphs) % 12 == 7:
            text = "\n".join("- " + " ".join(rng.choices(words, k=rng.randint(6, 14)))
                             for _ in range(rng.randint(2, 5)))
        elif len(paragraphs) % 12 == 10:
            text = "> " + " ".join(rng.choices(words, k=rng.randint(20, 40))).capitalize() + "."
        else:
            text = " ".join(" ".join(rng.choices(words, k=rng.randint(8, 25))).capitalize() + "."
                            for _ in range(rng.randint(3, 7)))
        paragraphs.append(text)
        length += len(text) + 2
    body = "\n\n".join(paragraphs)
    # Replace BIG_HITS evenly spread words of the paragraphs (a word between
    # two spaces, so no "U.S." turns into one token) with the term.
    # Only paragraphs the parser keeps as prose: boilerplate is not searchable.
    from reader.core.articles import parse_article
    from reader.core.model import PARAGRAPH

    prose = {b.text for b in parse_article(Path("draft.md"), body.encode()).blocks if b.kind == PARAGRAPH}
    paragraph_spans, at = [], 0
    for text in paragraphs:
        if text in prose:
            paragraph_spans.append((at, at + len(text)))
        at += len(text) + 2
    words_at = [lo + w for (lo, hi) in paragraph_spans
                for w in (m.start(1) for m in re.finditer(r" ([a-z]+)(?= )", body[lo:hi]))]
    spread = words_at[::len(words_at) // BIG_HITS][:BIG_HITS]
    pieces, last = [], 0
    for spot in spread:
        end = body.index(" ", spot)
        pieces += [body[last:spot], BIG_TERM]
        last = end
    pieces.append(body[last:])
    text = "# The long report\n\nMarch 3, 2016\n\n" + "".join(pieces) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"long-report-{seed}.md"
    path.write_text(text, encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    return path


def prepare_corpus(corpus: Path, articles: int, runs: int) -> tuple[Path, Path]:
    """The generated folder (made once, reused) and the folder of big articles, one per run."""
    generated = corpus / "generated"
    stamp = corpus / f".complete-{articles}"
    if not stamp.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from index_search import generate_corpus

        shutil.rmtree(generated, ignore_errors=True)
        print(f"generating {articles} articles in {generated}…", file=sys.stderr)
        generate_corpus(generated, articles)
        stamp.touch()
    big = corpus / "big"
    shutil.rmtree(big, ignore_errors=True)
    for seed in range(runs):
        make_big_article(big, seed)
    return generated, big


# -- the probe and waiting (GUI process) ----------------------------------------------


def _probe_class():
    from PySide6.QtCore import QObject, Qt, QTimer

    class LatencyProbe(QObject):
        """Stamps the clock every ``PROBE_INTERVAL_MS``; gaps are GUI-thread stalls."""

        def __init__(self) -> None:
            super().__init__()
            self.ticks: list[float] = []
            self._timer = QTimer(self)
            self._timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._timer.setInterval(PROBE_INTERVAL_MS)
            self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

        def start(self) -> None:
            self.ticks.append(time.perf_counter())
            self._timer.start()

        def stop(self) -> None:
            self._timer.stop()

        def gaps(self, start: float, end: float) -> list[float]:
            """Milliseconds between consecutive ticks inside [start, end]."""
            inside = [t for t in self.ticks if start <= t <= end]
            return [(b - a) * 1000 for a, b in zip(inside, inside[1:])]

    return LatencyProbe


class StallSampler:
    """While the probe is late, samples the GUI thread's Python stack (``--stall-stacks``).

    A diagnostic, not a measurement: it shows which code a stall is spent in.
    """

    def __init__(self, probe, every: float = 0.01, late_ms: float = STALL_LIMIT_MS / 2) -> None:
        self._probe = probe
        self._late = late_ms / 1000
        self._every = every
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self.samples: dict[tuple[str, ...], int] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            ticks = self._probe.ticks
            if not ticks or time.perf_counter() - ticks[-1] < self._late:
                continue
            # The GUI thread's stack, and those of the other threads running
            # Reader code: a thread holding the GIL stalls the GUI thread too.
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                stack = self._stack(frame)
                if ident == self._main or stack:
                    key = ("GUI thread" if ident == self._main else "worker thread", *stack[-6:])
                    self.samples[key] = self.samples.get(key, 0) + 1

    @staticmethod
    def _stack(frame) -> tuple[str, ...]:
        import traceback

        return tuple(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                     for f in traceback.extract_stack(frame)
                     if "/reader/" in f.filename or "whoosh" in f.filename)

    def report(self) -> None:
        self._stop.set()
        print(f"\nGUI-thread stacks while the probe was over {self._late * 1000:.0f} ms late "
              f"({self._every * 1000:.0f} ms samples):", file=sys.stderr)
        for stack, count in sorted(self.samples.items(), key=lambda kv: -kv[1])[:20]:
            print(f"  {count} x {stack[0]}", file=sys.stderr)
            for line in stack[1:]:
                print(f"      {line}", file=sys.stderr)


def wait_until(predicate, timeout: float = 600.0) -> None:
    """Run the event loop (probe included) until ``predicate()`` or the timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    check = QTimer()
    check.setInterval(10)
    deadline = time.perf_counter() + timeout

    def poll() -> None:
        if predicate() or time.perf_counter() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    if not predicate():
        loop.exec()
    check.stop()
    if not predicate():
        raise TimeoutError("the window did not get there in time")


def settle(seconds: float) -> None:
    end = time.perf_counter() + seconds
    wait_until(lambda: time.perf_counter() >= end)


class PaintStamp:
    """The time the next paint of a widget has finished (a zero timer after its Paint)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        stamp = self
        self.when: float | None = None

        class Filter(QObject):
            def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
                if event.type() == QEvent.Type.Paint and stamp.when is None and not stamp._armed:
                    stamp._armed = True
                    QTimer.singleShot(0, stamp._done)
                return False

        self._armed = False
        self._filter = Filter()
        self._widget = widget
        widget.installEventFilter(self._filter)

    def _done(self) -> None:
        self.when = time.perf_counter()
        self._widget.removeEventFilter(self._filter)


# -- children: cold start and memory ---------------------------------------------------


def child_start(home: str) -> int:
    """Run the app as main.py does; print when the main window's first paint is done."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
            if (not self.seen and event.type() == QEvent.Type.Paint
                    and type(obj).__name__ == "MainWindow"):
                self.seen = True
                QTimer.singleShot(0, lambda: self.report(obj))
            return False

        def report(self, window) -> None:
            print(json.dumps({"painted": time.perf_counter()}), flush=True)
            window.close()

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)
    from reader.app import main

    return main(["--home", home])


def child_memory(home: str) -> int:
    """Start on an indexed library, let it re-check, search, open an article; print the RSS."""
    from reader.options import build_parser
    from reader.ui.main import start

    window = start(build_parser().parse_args(["--home", home]))
    if isinstance(window, int):
        return window
    window.resize(1400, 860)
    wait_until(lambda: not window.indexer.running)
    panel = window.search_panel
    panel.set_query(TYPED_QUERY)
    wait_until(lambda: not panel.runner.busy and panel.model.rowCount() > 0)
    window.open_article(panel.model.hit(0).id, query=panel.query)
    settle(1.0)
    current, peak = rss_mb()
    print(json.dumps({"rss": current, "peak": peak, "articles": window.library_view.article_count()}),
          flush=True)
    window.close()
    return 0


def cold_starts(home: Path, runs: int, fresh: bool) -> list[float]:
    """Seconds from exec to the first painted window, one new process per run."""
    times = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(runs):
        if fresh:
            shutil.rmtree(home, ignore_errors=True)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, __file__, "--child-start", str(home)],
                                   stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        ready, _, _ = select.select([process.stdout], [], [], 120)
        line = process.stdout.readline() if ready else ""
        painted = time.perf_counter()
        if not line.startswith("{"):
            process.kill()  # e.g. waiting on a message box that nobody can see
            process.communicate()
            raise RuntimeError(f"the app did not paint (exit code {process.returncode})")
        process.communicate(timeout=120)
        times.append(painted - started)
    return times


def memory_child(home: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    output = subprocess.run([sys.executable, __file__, "--child-memory", str(home)],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    lines = [ln for ln in output.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"memory run failed: {output.stderr[-2000:]}")
    return json.loads(lines[-1])


# -- the in-process session -------------------------------------------------------------


def stall_row(gaps: list[float]) -> dict:
    return {"max": max(gaps, default=0.0),
            "p99": statistics.quantiles(gaps, n=100)[98] if len(gaps) >= 100 else max(gaps, default=0),
            "over": sum(1 for g in gaps if g > STALL_LIMIT_MS), "ticks": len(gaps)}


def add_big_notes(library, path: Path) -> None:
    """``BIG_NOTES`` highlights and notes spread over a big article (given by its path)."""
    from reader.core.model import COLORS

    article = library.article(str(path))
    text = article.text
    rng = random.Random(5)
    step = len(text) // (BIG_NOTES + 1)
    colors = sorted(COLORS)
    for i in range(BIG_NOTES):
        start = step * i + rng.randrange(step // 2)
        while start < len(text) and not text[start].isalpha():
            start += 1
        end = min(len(text), start + rng.randint(20, 160))
        body = f"Note {i}: check against the **source**." if i % 2 else ""
        library.add_note(str(path), start=start, end=end, body=body,
                         tags=["bench", f"t{i % 7}"] if i % 3 == 0 else [],
                         color=colors[i % len(colors)])


def session(generated: Path, big: Path, home: Path, runs: int, stacks: bool = False) -> dict:
    """Index, type, open, step, zoom, highlight, all in one window; returns the numbers."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.core.library import Library
    from reader.ui.main_window import MainWindow, settings_for

    app = QApplication.instance() or QApplication([sys.argv[0]])
    probe = _probe_class()()
    sampler = StallSampler(probe) if stacks else None
    out: dict = {}
    shutil.rmtree(home, ignore_errors=True)
    bigs = sorted(big.glob("*.md"))
    with Library(home) as setup:  # the notes are there before the app starts
        setup.add_folders([generated, big])
        for path in bigs:
            add_big_notes(setup, path)
    library = Library(home)
    window = MainWindow(library, settings_for(library))
    window.resize(1400, 860)
    probe.start()
    started = time.perf_counter()
    window.show()
    print("  indexing in the window…", file=sys.stderr)
    wait_until(lambda: not window.indexer.running)
    indexed = time.perf_counter()
    settle(1.0)  # what follows an update (table, watches, re-run) belongs to it
    out["index"] = stall_row(probe.gaps(started, time.perf_counter()))
    out["index_seconds"] = indexed - started
    out["articles"] = window.library_view.article_count()
    out["rss_after_index"] = rss_mb()

    print("  typing a query…", file=sys.stderr)
    panel = window.search_panel
    shown: list[float] = []
    panel.runner.resultsReady.connect(lambda *_: shown.append(time.perf_counter()))
    typing = []
    for _ in range(runs):
        panel.field.clear()
        panel.field.setFocus()
        settle(0.3)
        start = time.perf_counter()
        for i, char in enumerate(TYPED_QUERY):
            if i:
                settle(KEY_INTERVAL_MS / 1000)
            QTest.keyClick(panel.field, char)
        last_key = time.perf_counter()
        wait_until(lambda: not panel.runner.busy and bool(shown) and shown[-1] > last_key)
        answered = shown[-1]
        settle(0.3)
        typing.append((probe.gaps(start, time.perf_counter()), answered - last_key))
    out["typing"] = stall_row([g for gaps, _ in typing for g in gaps])
    out["results_after_last_key"] = statistics.median(t for _, t in typing)
    out["result_count"] = panel.model.rowCount()

    big_ids = [library.record(str(path.resolve())).article_id for path in bigs]
    out["big_notes"] = min(len(library.list_notes(big_id)) for big_id in big_ids)
    other_id = panel.model.hit(0).id
    settle(0.5)
    view = window.reading_pane.view.viewport()

    def painted_after(action) -> float:
        stamp = PaintStamp(view)
        start = time.perf_counter()
        action()
        view.update()
        wait_until(lambda: stamp.when is not None, 30)
        return stamp.when - start

    opens, reopens, steps, zooms, marks = [], [], [], [], []
    for big_id in big_ids:
        window.open_article(other_id, query=TYPED_QUERY)
        settle(0.3)
        opens.append(painted_after(lambda: window.open_article(big_id, query=BIG_TERM.lower())))
        settle(0.3)
        window.open_article(other_id, query=TYPED_QUERY)
        settle(0.3)
        reopens.append(painted_after(lambda: window.open_article(big_id, query=BIG_TERM.lower())))
        settle(0.3)
        steps.append(painted_after(window.reading_pane.next_hit))
        settle(0.2)
        zooms.append(painted_after(window.reading_pane.zoom_in))
        settle(0.2)
        window.reading_pane.zoom_reset()
        settle(0.2)
        hit = window.reading_pane.hits[5]

        def highlight(hit=hit) -> None:
            window.reading_pane.select_range(*hit)
            window.highlight_selection("green")

        marks.append(painted_after(highlight))
        settle(0.3)
    out["big_hits"] = len(window.reading_pane.hits)
    out["open"] = statistics.median(opens)
    out["reopen"] = statistics.median(reopens)
    out["next_hit"] = statistics.median(steps)
    out["zoom"] = statistics.median(zooms)
    out["highlight"] = statistics.median(marks)
    out["rss_session"] = rss_mb()
    probe.stop()
    if sampler is not None:
        sampler.report()
    window.close()
    QTest.qWait(0)
    return out


# -- the table ----------------------------------------------------------------------------


def print_table(results: dict, articles: int) -> None:
    n = f"{articles:,}"
    rows = [
        ("cold start to first painted window, first start (bundled articles) (s)",
         results["start_fresh"], "<= 1.5"),
        (f"cold start to first painted window, {n}-article library (s)",
         results["start_big"], "<= 1.5"),
        (f"longest GUI stall while indexing {n} articles (ms)", results["index"]["max"], "<= 50"),
        ("longest GUI stall while typing a query (ms)", results["typing"]["max"], "<= 50"),
        (f"open a 100 KB article, {results['big_hits']} hits, {results['big_notes']} notes (ms)",
         results["open"] * 1000, "<= 100"),
        ("  the same article again (ms)", results["reopen"] * 1000, ""),
        ("  next hit in it (ms)", results["next_hit"] * 1000, ""),
        ("  zoom in (ms)", results["zoom"] * 1000, ""),
        ("  add a highlight (ms)", results["highlight"] * 1000, ""),
        (f"RSS with the {n}-article library open (MB)", results["memory"]["rss"], "<= 300"),
    ]
    print("| measure | Reader | target |")
    print("|---|---:|---:|")
    for name, value, target in rows:
        print(f"| {name} | {value:.3g} | {target} |" if value < 10 else
              f"| {name} | {value:.0f} | {target} |")
    print()
    i, t = results["index"], results["typing"]
    print(f"Indexing in the window took {results['index_seconds']:.1f} s; probe gaps: "
          f"p99 {i['p99']:.1f} ms, {i['over']} over {STALL_LIMIT_MS:.0f} ms of {i['ticks']}. "
          f"Typing: p99 {t['p99']:.1f} ms, {t['over']} over {STALL_LIMIT_MS:.0f} ms of "
          f"{t['ticks']}; results shown {results['results_after_last_key'] * 1000:.0f} ms after "
          f"the last key (200 ms of it is the typing debounce), {results['result_count']} rows.")
    rss, peak = results["rss_after_index"]
    print(f"RSS of the window that indexed the corpus itself: {rss:.0f} MB "
          f"(peak {peak:.0f} MB; big updates run in an indexer process of their own); "
          f"fresh process peak: {results['memory']['peak']:.0f} MB.")


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child-start":
        return child_start(sys.argv[2])
    if len(sys.argv) == 3 and sys.argv[1] == "--child-memory":
        return child_memory(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="generated articles")
    parser.add_argument("--corpus", type=Path,
                        help="where the generated corpus is kept between runs (default: a temp dir)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each timing (medians)")
    parser.add_argument("--stall-stacks", action="store_true",
                        help="print where the GUI thread was while it stalled (diagnostic)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix="reader-gui-bench-"))
    corpus = args.corpus.expanduser() if args.corpus else scratch / "corpus"
    try:
        generated, big = prepare_corpus(corpus, args.articles, args.runs)
        results: dict = {}
        print("cold starts, first start…", file=sys.stderr)
        results["start_fresh"] = statistics.median(cold_starts(scratch / "fresh", args.runs, True))
        home = scratch / "home"
        print("the window session…", file=sys.stderr)
        results.update(session(generated, big, home, args.runs, args.stall_stacks))
        print("cold starts, big library…", file=sys.stderr)
        results["start_big"] = statistics.median(cold_starts(home, args.runs, False))
        print("memory…", file=sys.stderr)
        results["memory"] = memory_child(home)
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
              f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}; medians of {args.runs} runs.")
        print()
        print_table(results, results["articles"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
