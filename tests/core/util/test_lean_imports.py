"""Whoosh loaded without the network modules and asyncio it never uses (util/lean_imports.py)."""
from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_the_core_and_whoosh_load_without_them():
    assert _run("""
        import sys
        import reader.core.library, whoosh.index, whoosh.reading, whoosh.searching
        print(sorted(name for name in ("asyncio", "urllib.request", "http.client", "email",
                                       "ssl") if name in sys.modules))
        """) == "[]"


def test_what_the_libraries_took_works_and_later_imports_get_the_real_modules(tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("copied")
    assert _run(f"""
        import asyncio, sys
        import reader.core
        import urllib.request
        from cached_property import cached_property
        from whoosh.compat import urlretrieve

        class Thing:
            @cached_property
            def plain(self):
                return object()

            @cached_property
            async def later(self):
                return 42

        thing = Thing()
        assert thing.plain is thing.plain  # computed once
        async def main():
            return await thing.later
        urlretrieve({source.as_uri()!r}, {str(tmp_path / "copy.txt")!r})
        print(hasattr(urllib.request, "urlopen"), hasattr(asyncio, "run"), asyncio.run(main()),
              open({str(tmp_path / "copy.txt")!r}).read())
        """) == "True True 42 copied"
