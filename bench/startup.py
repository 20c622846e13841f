#!/usr/bin/env python3
"""What a command costs before it does anything: whole processes, side by side with Recoll.

    python bench/startup.py                 # the bundled articles, 15 runs each
    python bench/startup.py --runs 31 --folder ~/articles

Times, as the user waits for them (a new process each time, interpreter
start-up and imports included), medians of ``--runs`` runs taken in turn so
that a busy moment slows every command alike:

* ``reader-cli --version``;
* ``reader-cli search WORD`` on an indexed library, in its own process
  (``READER_CLI_SERVER=0``) and answered by the command server
  (reader/cli/server.py), and ``recollq`` with the same word on the same
  folder (Debian's recollcmd); ``python -c pass`` beside them, the floor;
* then the modules ``reader-cli search`` spends most of its imports on, from
  ``python -X importtime`` (cumulative microseconds, the slowest first).

``--busy`` keeps one core loaded by another process during the runs.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from compare_recoll import (ALONE_ENV, add_busy_option, command_server,  # noqa: E402
                            one_core_busy, recoll_config, recoll_index)

#: The installed program, beside this Python (make's .venv), as the user runs it.
CLI = [str(Path(sys.executable).with_name("reader-cli"))]


def seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.perf_counter() - started


def import_table(env: dict[str, str], word: str, rows: int) -> list[str]:
    """The ``rows`` imports with the largest cumulative time, in ``reader-cli search``."""
    code = f"from reader.cli import main; main(['search', {word!r}])"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env,
                          capture_output=True, text=True, check=True)
    timings = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _self, cumulative, name = (part.strip() for part in line[12:].split("|"))
            timings.append((int(cumulative), name))
    top = sorted(timings, reverse=True)[:rows]
    return ["| module | cumulative import (ms) |", "|---|---|",
            *(f"| `{name}` | {micro / 1000:.1f} |" for micro, name in top)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=BENCH.parent / "resources" / "articles",
                        help="the articles (a copy is used; default: the bundled ones)")
    parser.add_argument("--word", default="putin", help="the word searched for (default: putin)")
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default: 15)")
    parser.add_argument("--imports", type=int, default=12, help="rows of the import table")
    add_busy_option(parser)
    args = parser.parse_args()
    with one_core_busy(args.busy):
        return _measure(args)


def _measure(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="reader-startup-") as scratch:
        folder = Path(scratch) / "articles"
        shutil.copytree(args.folder, folder)
        env = {**ALONE_ENV, "READER_HOME": str(Path(scratch) / "home")}
        subprocess.run([*CLI, "folders", "--remove", str(BENCH.parent / "resources" / "articles")],
                       env=env, capture_output=True)
        subprocess.run([*CLI, "index", str(folder)], env=env, capture_output=True, check=True)
        search = f"reader-cli search {args.word}"
        commands = {"python -c pass (the interpreter alone)": ([sys.executable, "-c", "pass"], env),
                    "reader-cli --version": ([*CLI, "--version"], env),
                    search: ([*CLI, "search", args.word], env)}
        if shutil.which("recollq") and shutil.which("recollindex"):
            confdir = Path(scratch) / "recoll"
            recoll_config(folder, confdir)
            recoll_index(confdir, fresh=True)
            commands[f"recollq {args.word}"] = (
                ["recollq", "-c", str(confdir), "-q", args.word], env)
        with command_server(Path(scratch)) as served_env:
            commands[f"{search}, served by the command server"] = (
                [*CLI, "search", args.word], {**served_env, "READER_HOME": env["READER_HOME"]})
            times: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, (command, its_env) in commands.items():
                    times[name].append(seconds(command, its_env))
        medians = {name: statistics.median(values) for name, values in times.items()}
        print(f"Machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
              f"{sum(1 for _ in folder.rglob('*') if _.is_file())} articles; medians of {args.runs} runs"
              + ("; one core kept busy" if args.busy else ""))
        print("\n| command, whole process | median (ms) |\n|---|---|")
        for name, median in medians.items():
            print(f"| `{name}` | {median * 1000:.0f} |")
        recoll = medians.get(f"recollq {args.word}")
        if recoll:
            print(f"\nreader-cli search takes {medians[search] / recoll:.1f}x recollq's time "
                  "in its own process, "
                  f"{medians[f'{search}, served by the command server'] / recoll:.1f}x served.")
        print("\nWhere `reader-cli search` spends its imports (python -X importtime):\n")
        print("\n".join(import_table(env, args.word, args.imports)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
