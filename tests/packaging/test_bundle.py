"""The PyInstaller bundle in dist/reader works on its own (``make dist`` builds it).

Marked ``bundle``: ``make dist-smoke`` runs these (and fails when there is
no bundle); in any other run they are skipped when dist/reader is absent.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from reader import APP_ID, __version__

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "reader"
PROGRAM = BUNDLE / "reader"
ARTICLES = sorted((ROOT / "resources" / "articles").iterdir())
# Qt modules the app does not use and the bundle must not carry.
# (QtNetwork stays: its local socket keeps one window per data directory.)
UNUSED = ("WebEngine", "Qt3D", "Qt63D", "Multimedia", "Qml", "Quick", "QtPdf", "Qt6Pdf")


@pytest.fixture(scope="module")
def program() -> Path:
    if not PROGRAM.is_file():
        message = f"no app bundle at {BUNDLE}: build it with `make dist`"
        if os.environ.get("READER_REQUIRE_BUNDLE"):
            pytest.fail(message)
        pytest.skip(message)
    return PROGRAM


def clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "READER_HOME", "DISPLAY", "WAYLAND_DISPLAY",
                        "QT_QPA_PLATFORM", "VIRTUAL_ENV")}
    return {**env, **extra}


def run(*args, tmp_path: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], cwd=tmp_path, env=clean_env(**env),
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_selftest_offscreen(program, tmp_path):
    proc = run(program, "--selftest", tmp_path=tmp_path, QT_QPA_PLATFORM="offscreen")
    assert proc.stdout.startswith("reader --selftest: ok"), proc.stdout + proc.stderr


def test_version_and_help_without_a_display(program, tmp_path):
    assert run(program, "--version", tmp_path=tmp_path).stdout.strip() == f"reader {__version__}"
    assert "--selftest" in run(program, "--help", tmp_path=tmp_path).stdout


def test_the_cli_indexes_with_worker_processes(program, tmp_path):
    """Enough files for the indexer's worker processes, forked by the command
    line from the frozen program.  (Spawned helpers start as the program
    itself, main.py calling multiprocessing.freeze_support: the PDF test
    below reads its documents in one.)"""
    count = 210
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(count):
        source = ARTICLES[n % len(ARTICLES)]
        text = source.read_text(encoding="utf-8")
        (folder / f"{n:04d}_{source.name}").write_text(f"{text}\n\nCopy {n}.\n", encoding="utf-8")
    home = tmp_path / "home"
    samples = run(program, "--home", home, "folders", tmp_path=tmp_path).stdout
    assert str(BUNDLE) in samples  # the sample articles come from inside the bundle...
    summary = json.loads(run(program, "--home", home, "index", folder, "--json",
                             tmp_path=tmp_path, timeout=300).stdout)
    assert summary["added"] == count  # ...and step aside for the analyst's own folder
    assert summary["folders"] == [str(folder.resolve())]
    results = json.loads(run(program, "--home", home, "search", "Kerry", "--json",
                             tmp_path=tmp_path).stdout)
    assert results["total"] >= count // len(ARTICLES)


def test_the_bundle_reads_pdf_reports_and_word_briefs(program, tmp_path):
    """PDFium travels in the bundle, and the Word reader with it (format modules are imported lazily)."""
    from tests.core.articles.formats.pdfs import make_pdf
    from tests.core.articles.formats.test_docx import make_docx

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "sitrep.pdf").write_bytes(make_pdf(
        [["Situation Report", "The committee approved the plan on Tuesday."]],
        {"Title": "Situation Report"}))
    (folder / "brief.docx").write_bytes(make_docx())
    home = tmp_path / "home"
    run(program, "--home", home, "index", folder, tmp_path=tmp_path)
    for query, title in (("committee", "Situation Report"), ("Damascus", "Syria Brief")):
        results = json.loads(run(program, "--home", home, "search", query, "--json",
                                 tmp_path=tmp_path).stdout)
        assert [hit["title"] for hit in results["hits"]] == [title]


def test_the_bundle_is_lean_and_carries_its_desktop_files(program):
    files = [p for p in BUNDLE.rglob("*") if p.is_file() or p.is_symlink()]
    unused = [str(p.relative_to(BUNDLE)) for p in files if any(u in p.name for u in UNUSED)]
    assert not unused, unused
    assert not [p for p in files if "translations" in p.parts]
    size = sum(p.stat().st_size for p in files if p.is_file() and not p.is_symlink())
    print(f"bundle size: {size / 1e6:.0f} MB in {len(files)} files")
    assert size < 280e6  # (some 225 MB before NumPy, whose libraries are 40 MB)
    desktop = BUNDLE / "desktop"
    for name in (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", "install-desktop.sh",
                 "icons/reader.svg", "icons/reader-48.png"):
        assert (desktop / name).is_file(), name
    resources = BUNDLE / "_internal" / "reader" / "resources"
    assert sorted(p.name for p in (resources / "articles").iterdir()) == [p.name for p in ARTICLES]
    templates = BUNDLE / "_internal" / "reader" / "core" / "export" / "templates"
    assert sorted(p.name for p in templates.glob("*.j2")) == ["obsidian.md.j2", "report.md.j2"]


def test_install_desktop_from_the_bundle_points_at_the_bundle(program, tmp_path):
    data = tmp_path / "data"
    subprocess.run([str(BUNDLE / "desktop" / "install-desktop.sh")], check=True,
                   capture_output=True, env=clean_env(XDG_DATA_HOME=str(data)))
    launcher = (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={PROGRAM} %U" in launcher


def test_a_second_launch_of_the_bundle_hands_over_to_its_window(program, tmp_path):
    """QtNetwork's local socket travels in the bundle: one window per data directory."""
    import time

    from reader.ui.single_instance import server_name

    home = tmp_path / "home"
    socket_file = Path("/tmp") / server_name(home)
    env = clean_env(QT_QPA_PLATFORM="offscreen", TMPDIR="/tmp")
    window = subprocess.Popen([str(program), "--home", str(home)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not socket_file.exists():
            assert window.poll() is None, window.stderr.read()
            assert time.monotonic() < deadline, "the window never started serving"
            time.sleep(0.2)
        handed = run(program, "--home", home, "reader://search?q=Putin", tmp_path=tmp_path,
                     timeout=30, QT_QPA_PLATFORM="offscreen", TMPDIR="/tmp")
        assert handed.returncode == 0 and window.poll() is None
    finally:
        window.terminate()
        window.wait(30)
        window.stderr.close()


def test_the_bundle_reaches_a_team_server(program, tmp_path, cluster, team_url):
    """psycopg and the libpq its wheel carries are in the bundle and load, and the
    team library's parts imported on first use (ingest, search, notes, sync) are there."""
    from reader.core.team.migrations import STEPS

    assert run(program, "team", "init", team_url, tmp_path=tmp_path).stdout == (
        f"Created the team schema (version {STEPS[-1].version}).\n")
    assert run(program, "--team", team_url, "team", "members", tmp_path=tmp_path).stdout == ""
    team = ("--team", team_url, "--home", str(tmp_path / "home"))
    samples = Path(__file__).resolve().parents[2] / "resources" / "articles"
    shared = tmp_path / "shared"
    shared.mkdir()
    for path in samples.iterdir():
        (shared / path.name).write_bytes(path.read_bytes())
    assert "5 added" in run(program, *team, "team", "ingest", str(shared), tmp_path=tmp_path).stdout
    found = json.loads(run(program, *team, "search", "Putin", "--json", tmp_path=tmp_path).stdout)
    hit = next(h for h in found["hits"] if h["team"])
    added = run(program, *team, "notes", "add", hit["id"], "--quote", "Putin", "--shared",
                tmp_path=tmp_path)
    assert added.returncode == 0 and added.stderr == "Synced with the team library.\n"
    assert run(program, *team, "team", "status", tmp_path=tmp_path).stdout.startswith(
        "Team: synced\n")
