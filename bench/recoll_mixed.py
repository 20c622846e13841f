"""Reader against Recoll on the mixed-format corpus: throughput per format, whole processes.

Run through ``python bench/compare_recoll.py --mixed N`` (N files per format).

Each format's folder is indexed on its own, then the whole corpus, into an
empty index, by a whole process each time: for Reader one ``reader-cli
index FOLDER`` run (worker processes included), for Recoll one
``recollindex`` run.  The time is the wall clock of that
process, from its start to its exit, so start-up and imports count.  Reader
and Recoll alternate, run after run; the table shows medians.

Recoll reads PDFs with ``pdftotext`` (Debian: poppler-utils), DOCX with its
internal XSLT, and mail and HTML internally; it stems English and Russian,
as Reader does.  A helper Recoll could not find is listed under the table
(from the ``missing`` file recollindex writes); nothing is installed here.
"""
from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

import compare_recoll
from mixed_corpus import FORMATS, generate_mixed

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "eml": "message/rfc822",
    "html": "text/html",
}
ALL = "all four"


def recoll_config(folder: Path, confdir: Path) -> None:
    """Recoll's configuration for the four formats: only their files, two stemmers."""
    compare_recoll.recoll_config(
        folder, confdir, names=" ".join(f"*.{fmt}" for fmt in FORMATS),
        mimetypes=" ".join(MIME.values()), extra="indexstemminglanguages = english russian\n")


def reader_run(folder: Path, home: Path) -> tuple[float, int]:
    """Wall seconds of ``reader-cli index FOLDER`` into a fresh data folder, and
    the articles added."""
    seconds, _peak, _inside, added = compare_recoll.reader_index(home, folder, fresh=True)
    return seconds, added


def recoll_run(confdir: Path) -> tuple[float, str]:
    """Wall seconds of one fresh recollindex run, and the helpers it found missing."""
    seconds, _peak = compare_recoll.recoll_index(confdir, fresh=True)
    missing = confdir / "missing"
    return seconds, missing.read_text(encoding="utf-8").strip() if missing.exists() else ""


def compare_mixed(per_format: int, scratch: Path, runs: int) -> list[str]:
    folder = scratch / "mixed"
    print(f"generating {per_format} files of each format…", file=sys.stderr)
    sizes = generate_mixed(folder, per_format)
    sizes[ALL] = sum(sizes.values())
    files = {fmt: per_format for fmt in FORMATS} | {ALL: per_format * len(FORMATS)}
    targets = {fmt: folder / fmt for fmt in FORMATS} | {ALL: folder}
    have_recoll = shutil.which("recollindex") is not None
    if have_recoll:
        for name, target in targets.items():
            recoll_config(target, scratch / f"recoll-{name.replace(' ', '-')}")
    times: dict[str, list[list[float]]] = {name: [[], []] for name in targets}
    docs: dict[str, int] = {}
    missing: set[str] = set()
    for run in range(runs):
        for name, target in targets.items():
            print(f"  mixed corpus, {name}: run {run + 1}/{runs}", file=sys.stderr)
            seconds, docs[name] = reader_run(target, scratch / "reader-home")
            times[name][0].append(seconds)
            if have_recoll:
                seconds, absent = recoll_run(scratch / f"recoll-{name.replace(' ', '-')}")
                times[name][1].append(seconds)
                missing.update(line for line in absent.splitlines() if line.strip())
    lines = [f"### Mixed formats, English and Russian: {files[ALL]} files, "
             f"{sizes[ALL] / 1e6:.1f} MB", "",
             "| files | Reader (s) | Recoll (s) | Reader/Recoll | Reader MB/s | Recoll MB/s "
             "| Reader files/s | Recoll files/s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in targets:
        mine = statistics.median(times[name][0])
        theirs = statistics.median(times[name][1]) if times[name][1] else None
        megabytes = sizes[name] / 1e6
        label = (f"{name}: {files[name]}, {megabytes:.1f} MB" if name == ALL else
                 f"{name.upper()}: {files[name]}, {megabytes:.1f} MB")
        if docs[name] != files[name]:
            label += f" (Reader indexed {docs[name]})"
        lines.append(
            f"| {label} | {mine:.2f} | {_or_none(theirs, '{:.2f}')} | "
            f"{_or_none(theirs and mine / theirs, '{:.2f}')} | {megabytes / mine:.2f} | "
            f"{_or_none(theirs and megabytes / theirs, '{:.2f}')} | {files[name] / mine:.1f} | "
            f"{_or_none(theirs and files[name] / theirs, '{:.1f}')} |")
    lines.append("")
    if not have_recoll:
        lines.append("Recoll column skipped: recollindex is not installed (Debian: apt-get "
                     "install recollcmd poppler-utils; poppler-utils gives it pdftotext).")
    elif not shutil.which("pdftotext"):
        lines.append("Recoll could not read the PDFs: pdftotext is not installed "
                     "(Debian: apt-get install poppler-utils).")
    elif missing:
        lines.append("Recoll reported missing helpers (those files were not indexed): "
                     + "; ".join(sorted(missing)) + ".")
    else:
        lines.append("Recoll reported no missing helper.")
    lines.append("")
    return lines


def _or_none(value: float | None, fmt: str) -> str:
    return "not installed" if value is None else fmt.format(value)
