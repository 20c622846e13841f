"""The wheel, installed into a fresh venv, is a working Reader without the source tree.

Marked ``packaging``: it builds the sdist and the wheel (``python -m build``,
the wheel from the sdist) and pip-installs the wheel with its dependencies
into a clean venv (PySide6 included), which takes a minute or two and needs
the package index.  ``make test`` leaves it out; ``make test-packaging`` and
.ci/run run it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from reader import __version__

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted(p.name for p in (ROOT / "resources" / "articles").iterdir())


def run(*args, cwd: Path, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(sdist, wheel) built from the checkout."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=ROOT)
    (sdist,) = out.glob("reader_desk-*.tar.gz")
    (wheel,) = out.glob("reader_desk-*-py3-none-any.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> dict:
    """A fresh venv (no system site-packages) with only the wheel installed in it."""
    _sdist, wheel = built
    work = tmp_path_factory.mktemp("installed")
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=work)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel, cwd=work)
    env = {**{k: v for k, v in os.environ.items()
              if k not in ("PYTHONPATH", "READER_HOME", "DISPLAY", "WAYLAND_DISPLAY",
                           "QT_QPA_PLATFORM", "VIRTUAL_ENV")},
           "READER_CLI_SERVER": "0"}  # (the one test of it turns it on)
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
               cwd=work, env=env).stdout.strip()
    return {"bin": venv / "bin", "python": python, "site": Path(site).resolve(), "cwd": work,
            "env": env}


def test_the_sdist_and_the_wheel_carry_the_resources(built):
    sdist, wheel = built
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(f"reader_desk-{__version__}.dist-info/METADATA").decode()
        entry_points = zf.read(f"reader_desk-{__version__}.dist-info/entry_points.txt").decode()
    for article in ARTICLES:
        assert f"reader/resources/articles/{article}" in names
    assert "reader/resources/icons/reader.svg" in names
    assert "reader/resources/icons/reader-256.png" in names
    assert {"reader/core/export/templates/report.md.j2",
            "reader/core/export/templates/obsidian.md.j2"} <= names
    assert not any(n.startswith(("tests/", "resources/", "packaging/")) for n in names)
    assert f"Version: {__version__}" in metadata
    assert "License-Expression: MIT" in metadata
    assert "Requires-Python: >=3.11" in metadata
    assert "Requires-Dist: PySide6-Essentials<6.12,>=6.6" in metadata
    assert "[gui_scripts]\nreader = reader.app:main" in entry_points
    assert "[console_scripts]\nreader-cli = reader.cli:main" in entry_points
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[1] for m in tf.getmembers() if "/" in m.name}
    assert {"setup.cfg", "pyproject.toml", "README.md", "resources/icons/reader.svg"} <= members
    assert {f"resources/articles/{a}" for a in ARTICLES} <= members
    assert "reader/core/export/templates/report.md.j2" in members


def test_versions_and_help(installed):
    bin_, cwd, env = installed["bin"], installed["cwd"], installed["env"]
    assert run(bin_ / "reader-cli", "--version", cwd=cwd, env=env).stdout.strip() == \
        f"reader-cli {__version__}"
    assert run(bin_ / "reader", "--version", cwd=cwd, env=env).stdout.strip() == \
        f"reader {__version__}"
    # No display and no QT_QPA_PLATFORM: --help must not need Qt.
    text = run(bin_ / "reader", "--help", cwd=cwd, env=env).stdout
    for option in ("--home", "--selftest", "PATH", "--version"):
        assert option in text


def test_the_installed_cli_indexes_and_searches_the_bundled_articles(installed, tmp_path):
    bin_, cwd, env, site = installed["bin"], installed["cwd"], installed["env"], installed["site"]
    home = tmp_path / "home"
    summary = json.loads(run(bin_ / "reader-cli", "--home", home, "index", "--json",
                             cwd=cwd, env=env).stdout)
    assert summary["added"] == len(ARTICLES)
    (folder,) = summary["folders"]
    assert Path(folder).resolve() == site / "reader" / "resources" / "articles"
    results = json.loads(run(bin_ / "reader-cli", "--home", home, "search", "Kerry", "--json",
                             cwd=cwd, env=env).stdout)
    assert results["total"] >= 1
    assert all(Path(hit["path"]).resolve().is_relative_to(site) for hit in results["hits"])
    where = run(installed["python"], "-c",
                "import reader, reader.core.paths as p; print(reader.__file__); "
                "print(p.resources_dir())", cwd=cwd, env=env).stdout.split()
    assert all(Path(w).resolve().is_relative_to(site) for w in where), where


def test_the_installed_cli_serves_its_commands(installed, tmp_path):
    """The wheel's command server: started by a first command, answering the next,
    stopped on request."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = dict(installed["env"], READER_CLI_SERVER="1", XDG_RUNTIME_DIR=str(runtime),
               READER_HOME=str(tmp_path / "home"))
    cli, cwd = installed["bin"] / "reader-cli", installed["cwd"]
    first = run(cli, "search", "Kerry", cwd=cwd, env=env).stdout
    deadline = time.monotonic() + 60
    while not run(cli, "server", "status", cwd=cwd, env=env).stdout.startswith(
            "The command server is running"):
        assert time.monotonic() < deadline, "no command server started"
        time.sleep(0.1)
    try:
        assert run(cli, "search", "Kerry", cwd=cwd, env=env).stdout == first
        # (counted once its process has ended, a moment after the answer)
        while "1 commands served" not in run(cli, "server", "status", cwd=cwd, env=env).stdout:
            assert time.monotonic() < deadline, "the search was not served"
            time.sleep(0.1)
    finally:
        assert run(cli, "server", "stop", cwd=cwd, env=env).stdout.startswith("Stopped")


def test_the_installed_gui_passes_its_selftest(installed):
    env = dict(installed["env"], QT_QPA_PLATFORM="offscreen")
    proc = run(installed["bin"] / "reader", "--selftest", cwd=installed["cwd"], env=env,
               timeout=180)
    assert proc.stdout.startswith("reader --selftest: ok"), proc.stdout + proc.stderr
