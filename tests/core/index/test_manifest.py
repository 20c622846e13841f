"""The manifest: records in and out, in one transaction, found by id, path or bare name."""
from __future__ import annotations

from reader.core.index.manifest import ROW_HASH, ROW_ID, Manifest
from reader.core.model import FileRecord


def _record(path: str, article_id: str) -> FileRecord:
    return FileRecord(path, article_id, "/lib", 10, 1, "h-" + article_id, "f", "Title", "",
                      "", "")


def test_apply_find_and_delete(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    manifest.apply([_record("/lib/a.txt", "a"), _record("/lib/sub/b.txt", "b")], [],
                   {"updated_at": "now"})
    assert manifest.count() == 2 and manifest.get_meta("updated_at") == "now"
    assert manifest.find("a").path == "/lib/a.txt"
    assert manifest.find("b.txt").article_id == "b"  # a bare file name, when unique
    row = manifest.rows_for(["/lib/a.txt"])["/lib/a.txt"]
    assert (row[ROW_ID], row[ROW_HASH]) == ("a", "h-a")
    manifest.apply([], ["/lib/a.txt"])
    assert manifest.article_ids() == {"b"}
    assert manifest.stats() == ({"/lib/sub/b.txt": 10}, {"/lib/sub/b.txt": 1})
    manifest.close()
