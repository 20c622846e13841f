"""The core must import and work without Qt: the CLI and the tests rely on it."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap

import reader.core


def test_every_core_module_imports_with_pyside6_unimportable():
    modules = sorted(f"reader.core.{m.name}" for m in pkgutil.iter_modules(reader.core.__path__))
    assert {"reader.core.articles", "reader.core.index", "reader.core.library",
            "reader.core.notes", "reader.core.search"} <= set(modules)
    script = textwrap.dedent(f"""
        import importlib, sys

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6"):
                    raise ImportError("Qt is not allowed in reader.core")
                return None

        sys.meta_path.insert(0, NoQt())
        for name in {modules!r}:
            importlib.import_module(name)
        assert not any(m.startswith(("PySide6", "shiboken6")) for m in sys.modules)
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
