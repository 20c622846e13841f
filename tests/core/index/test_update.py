"""Index updates: incremental, skips with reasons, vanishing files, progress and cancel."""
from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from reader.core import articles
from reader.core.index import SearchIndex


@pytest.fixture
def parse_calls(monkeypatch):
    """Count how many articles get parsed."""
    calls: list[Path] = []
    real = articles.parse_articles

    def counting(path, data):
        calls.append(Path(path))
        return real(path, data)

    monkeypatch.setattr(articles, "parse_articles", counting)
    return calls


def _bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_first_update_adds_every_seed(tmp_path, seeds):
    ix = SearchIndex(tmp_path / "ix")
    assert ix.needs_update
    summary = ix.update([seeds])
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (5, 0, 0, 0)
    assert not summary.skipped and not summary.cancelled
    assert ix.doc_count() == 5 and not ix.needs_update
    assert {c.article_id for c in summary.changed} == {r.article_id for r in ix.records()}
    ix.close()


def test_unchanged_library_parses_nothing(tmp_path, seeds, parse_calls):
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    parse_calls.clear()
    summary = ix.update([seeds])
    assert summary.unchanged == 5 and summary.added == summary.updated == 0
    assert parse_calls == []
    # A touched file with the same bytes is hashed, not parsed.
    _bump_mtime(next(seeds.iterdir()))
    summary = ix.update([seeds])
    assert summary.unchanged == 5 and parse_calls == []
    ix.close()


def test_edit_add_delete(tmp_path, seeds, parse_calls):
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    parse_calls.clear()
    victim = seeds / "001_80c24120098c9853.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "\nA new closing paragraph about zebras.\n",
                      encoding="utf-8")
    _bump_mtime(victim)
    (seeds / "new.md").write_text("# Giraffes of Moscow\n\nA note on giraffes.\n", encoding="utf-8")
    (seeds / "004_7d0f94760525050b.txt").unlink()
    summary = ix.update([seeds])
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (1, 1, 1, 3)
    assert sorted(p.name for p in parse_calls) == ["001_80c24120098c9853.txt", "new.md"]
    assert len(summary.removed_ids) == 1
    assert ix.doc_count() == 5
    paths = {Path(r.path).name for r in ix.records()}
    assert "004_7d0f94760525050b.txt" not in paths and "new.md" in paths
    ix.close()


def test_skips_are_reported_with_reasons(tmp_path, seeds, monkeypatch):
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (seeds / "picture.jpg").write_bytes(b"\xff\xd8\xff")
    (seeds / "huge.txt").write_bytes(b"x" * 30_000)
    monkeypatch.setattr(articles.registry, "MAX_FILE_BYTES", 20_000)
    ix = SearchIndex(tmp_path / "ix")
    summary = ix.update([seeds, tmp_path / "no-such-folder"])
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "not found" in reasons["no-such-folder"]
    assert [Path(s.path).name for s in summary.ignored] == ["picture.jpg"]
    assert summary.added == 5
    ix.close()


def test_file_vanishing_mid_index_is_skipped_and_leaves_the_index(tmp_path, seeds, monkeypatch):
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    victim = seeds / "000_bd4b439d0d512623.txt"
    _bump_mtime(victim)
    real_read = articles.read_file

    def vanish(path):
        if Path(path) == victim:
            victim.unlink()  # gone between the scan and the read
        return real_read(path)

    monkeypatch.setattr(articles, "read_file", vanish)
    summary = ix.update([seeds])
    assert [(Path(s.path).name, s.reason) for s in summary.skipped] == [
        (victim.name, "vanished before it could be read")]
    assert summary.removed == 1 and ix.doc_count() == 4
    ix.close()


def test_progress_and_cancel_keep_work_done(tmp_path, seeds):
    ix = SearchIndex(tmp_path / "ix")
    seen: list[tuple[int, int]] = []
    summary = ix.update([seeds], progress=lambda d, t: seen.append((d, t)),
                        cancelled=lambda: len(seen) >= 2)
    assert summary.cancelled and summary.added == 2
    assert seen == [(1, 5), (2, 5)]
    assert ix.doc_count() == 2 and ix.needs_update
    summary = ix.update([seeds])
    assert summary.added == 3 and summary.unchanged == 2 and ix.doc_count() == 5
    ix.close()


def test_the_collector_rests_during_an_update_and_no_longer(tmp_path, seeds, parse_calls,
                                                           monkeypatch):
    enabled = []
    parse = articles.parse_articles

    def noting(path, data):
        enabled.append(gc.isenabled())
        return parse(path, data)

    monkeypatch.setattr(articles, "parse_articles", noting)
    ix = SearchIndex(tmp_path / "ix")
    ix.update([seeds])
    assert enabled and not any(enabled)
    assert gc.isenabled()
    ix.close()
