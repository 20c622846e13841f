"""The index store: recovery from damage, stale schemas and stale locks."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.core.index import SearchIndex, schema, store


def _segment_files(ix_dir: Path) -> list[Path]:
    return sorted(ix_dir.glob("*.seg"))


def test_truncated_segment_is_rebuilt(tmp_path, seeds):
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    ix.close()
    seg = _segment_files(tmp_path / "ix")[0]
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 3])
    ix = SearchIndex(tmp_path / "ix")
    assert any("damaged" in m for m in ix.messages)
    assert ix.needs_update and ix.doc_count() == 0
    summary = ix.update([seeds])
    assert summary.added == 5 and any("damaged" in m for m in summary.messages)
    ix.close()


@pytest.mark.parametrize("victim", ["toc", "manifest"])
def test_garbage_in_index_files_is_rebuilt(tmp_path, seeds, victim):
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    ix.close()
    target = (next((tmp_path / "ix").glob("*.toc")) if victim == "toc"
              else tmp_path / "ix" / "manifest.sqlite3")
    target.write_bytes(os.urandom(4096))
    ix = SearchIndex(tmp_path / "ix")
    assert any("damaged" in m for m in ix.messages)
    assert ix.update([seeds]).added == 5
    ix.close()


def test_missing_index_and_stale_schema_are_rebuilt(tmp_path, seeds, monkeypatch):
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    ix.close()
    for toc in (tmp_path / "ix").glob("*.toc"):
        toc.unlink()
    ix = SearchIndex(tmp_path / "ix")
    assert any("missing" in m for m in ix.messages)
    ix.update([seeds])
    ix.close()
    monkeypatch.setattr(store, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    ix = SearchIndex(tmp_path / "ix")
    assert any("index format" in m for m in ix.messages)
    assert ix.update([seeds]).added == 5
    ix.close()


def test_stale_write_lock_of_a_killed_process_does_not_wedge(tmp_path, seeds):
    ix_dir = tmp_path / "ix"
    SearchIndex(ix_dir).close()
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from whoosh import index
            ix = index.open_dir({str(ix_dir)!r})
            w = ix.writer()
            print("locked", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        child.stdout.close()
        if child.poll() is None:
            child.kill()
            child.wait()
    ix = SearchIndex(ix_dir)
    assert ix.update([seeds]).added == 5  # a held lock would raise LockError instead
    ix.close()
