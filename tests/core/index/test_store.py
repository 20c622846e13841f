"""The index store: recovery from damage, stale schemas and stale locks."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from whoosh.index import FileIndex

from reader.core.index import SearchIndex, schema, store
from reader.core.util.locks import FileLock


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


# -- one writer across processes ------------------------------------------------

def test_an_update_waits_for_another_processs_update_and_starts_from_it(tmp_path, seeds):
    other = SearchIndex(tmp_path / "ix")  # another process's SearchIndex, in effect
    ix = SearchIndex(tmp_path / "ix")
    held = FileLock(tmp_path / "ix.update-lock")
    assert held.take()  # the other process is updating
    try:
        assert ix.writer_busy()
        cancelled = ix.update([seeds], cancelled=lambda: True)
        assert cancelled.cancelled and cancelled.added == 0
        done = threading.Event()
        worker = threading.Thread(target=lambda: (ix.update([seeds]), done.set()))
        worker.start()
        assert not done.wait(0.5)  # waiting
        assert other._update_alone([seeds], None, None, None).added == 5
    finally:
        held.release()
    worker.join(30)
    assert done.is_set() and not ix.writer_busy()
    assert ix.doc_count() == 5  # it read what the other wrote, and found nothing new
    other.close()
    ix.close()


def test_a_half_written_update_of_another_process_is_not_taken_for_damage(tmp_path, seeds):
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    ix.close()
    manifest = tmp_path / "ix" / "manifest.sqlite3"
    held = FileLock(tmp_path / "ix.update-lock")
    assert held.take()
    with sqlite3.connect(manifest) as db:  # the other process committed the index, not yet the manifest
        db.execute("DELETE FROM files WHERE rowid = (SELECT MIN(rowid) FROM files)")
    opened: list[SearchIndex] = []
    opener = threading.Thread(target=lambda: opened.append(SearchIndex(tmp_path / "ix")))
    opener.start()
    opener.join(0.5)
    assert opener.is_alive()  # waiting, not rebuilding
    assert any((tmp_path / "ix").glob("*.seg")) or any((tmp_path / "ix").glob("*.toc"))
    held.release()  # the other process gave up half-way: now it is damage, and rebuilt
    opener.join(30)
    assert opened and opened[0].messages and "damaged" in opened[0].messages[0]
    opened[0].close()


def test_reload_closes_the_manifest_it_replaces_and_threads_can_share_it(tmp_path, seeds):
    import os
    import threading

    index = SearchIndex(tmp_path / "ix")
    index.update([seeds])

    def manifest_handles() -> int:
        return sum("manifest.sqlite3" in os.readlink(f"/proc/self/fd/{fd}")
                   for fd in os.listdir("/proc/self/fd") if os.path.exists(f"/proc/self/fd/{fd}"))

    index.reload()  # (SQLite keeps one closed handle of a file other connections lock)
    before = manifest_handles()
    failures: list[BaseException] = []
    stop = threading.Event()

    def read_meanwhile() -> None:  # the window's search and library threads
        while not stop.is_set():
            try:
                assert len(index.records()) == 5 and index.doc_count() == 5
            except BaseException as exc:  # noqa: BLE001 (reported below)
                failures.append(exc)
                return

    readers = [threading.Thread(target=read_meanwhile) for _ in range(3)]
    for thread in readers:
        thread.start()
    for _ in range(40):
        index.reload()
    stop.set()
    for thread in readers:
        thread.join()
    assert manifest_handles() == before  # no connection left behind per reload
    assert not failures, failures[0]
    index.close()


def test_the_health_checks_searcher_serves_the_first_search(tmp_path, seeds, monkeypatch):
    """Opening an index reads its segments once: the searcher of the health
    check is the one the opening thread searches with; another thread, and
    the thread after a commit, get their own."""
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    ix.close()
    opened = []
    open_searcher = FileIndex.searcher
    monkeypatch.setattr(FileIndex, "searcher",
                        lambda self, **kw: opened.append(1) or open_searcher(self, **kw))
    ix = SearchIndex(tmp_path / "ix")
    searcher = ix.searcher()
    assert len(opened) == 1 and searcher.doc_count() == 5
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(ix.searcher() is not searcher))
    thread.start()
    thread.join()
    assert elsewhere == [True] and len(opened) == 2
    ix.close()
