"""`reader --selftest`: the installation check used by the wheel and bundle tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.ui import selftest

ROOT = Path(__file__).resolve().parents[2]


def test_selftest_passes_in_process(qapp, capsys, home):
    assert selftest.run_selftest() == 0
    out, err = capsys.readouterr()
    assert out.startswith("reader --selftest: ok")
    assert "5 articles indexed" in out and "1 note added and exported" in out
    assert not home.exists()  # a temporary data dir, never READER_HOME


def test_a_failing_step_is_one_line_and_exit_code_1(qapp, capsys, monkeypatch):
    monkeypatch.setattr(selftest, "QUERY", "xylophonequartz")
    assert selftest.run_selftest() == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("reader --selftest: FAILED while searching for 'xylophonequartz': ")
    assert "found nothing" in err


def test_python_main_py_selftest_from_the_checkout(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--selftest"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("reader --selftest: ok")
    assert proc.stderr == ""
