"""`reader`: --help and --version answer without Qt (no display needed); the
program's options; a COMMAND goes to the command line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader import __version__
from reader.app import main

ROOT = Path(__file__).resolve().parents[1]


def no_display_env() -> dict:
    return {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def python(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=no_display_env(),
                          capture_output=True, text=True, timeout=60)


def test_help_lists_the_options_without_a_display_or_qt():
    proc = python("-c", "import sys\n"
                        "from reader.app import main\n"
                        "code = main(['--help'])\n"
                        "assert not [m for m in sys.modules if m.startswith('PySide6')]\n"
                        "sys.exit(code)")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert text.startswith("usage: reader ")
    for option in ("--home DIR", "--selftest", "--version", "PATH", "a folder to add"):
        assert option in text
    assert "reader-cli --help" in text


def test_versions():
    assert python(str(ROOT / "main.py"), "--version").stdout == f"reader {__version__}\n"
    cli = python("-c", "from reader.cli import main; main(['--version'])")
    assert cli.stdout == f"reader-cli {__version__}\n"


def test_a_bad_option_is_a_usage_error_not_a_window():
    proc = python(str(ROOT / "main.py"), "--no-such-option")
    assert proc.returncode == 2
    assert "unrecognized arguments: --no-such-option" in proc.stderr


def test_a_command_runs_the_cli(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--home", str(tmp_path),
                           "folders"], cwd=ROOT, env=no_display_env(), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].endswith(str(Path("resources") / "articles"))


def test_version_and_help_exit_cleanly(capsys):
    # Parsed once, by the dispatcher: the window never sees --version.
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_cli_version_loads_neither_qt_nor_whoosh_nor_markdown():
    proc = python("-c", "import sys\n"
                        "from reader.cli import main\n"
                        "try:\n"
                        "    main(['--version'])\n"
                        "except SystemExit:\n"
                        "    pass\n"
                        "heavy = {m.split('.')[0] for m in sys.modules} & {'PySide6', 'whoosh', 'markdown'}\n"
                        "assert not heavy, heavy\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"reader-cli {__version__}\n"
