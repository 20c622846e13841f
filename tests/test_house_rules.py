"""The house rules that keep the code navigable (docs/ARCHITECTURE.md).

The import contracts themselves are import-linter's, in setup.cfg; `make
test` runs them with `lint-imports` and so does this module, so a plain
`pytest` run catches a broken layer as well.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reader"
#: One job per module: past this a module is doing two and should be split.
MAX_MODULE_LINES = 500


def test_no_module_passes_500_lines() -> None:
    too_long = {
        str(path.relative_to(PACKAGE.parent)): count
        for path in sorted(PACKAGE.rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, (
        f"modules over {MAX_MODULE_LINES} lines (split them along a seam): {too_long}"
    )


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.fail("lint-imports is missing: install the test extras (make test does)")
    result = subprocess.run([lint, "--no-cache"], cwd=PACKAGE.parent, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
