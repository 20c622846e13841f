"""The manifest: records in and out, in one transaction, found by id, path or bare name."""
from __future__ import annotations

from reader.core.index.manifest import ROW_HASH, ROW_ID, Manifest
from reader.core.model import FileRecord


def _record(path: str, article_id: str, part: str = "") -> FileRecord:
    return FileRecord(path, article_id, "/lib", 10, 1, "h-" + article_id, "f", "Title", "",
                      "", "", "", part)


def test_apply_find_and_delete(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    manifest.apply([_record("/lib/a.txt", "a"), _record("/lib/sub/b.txt", "b")], [],
                   {"updated_at": "now"})
    assert manifest.count() == 2 and manifest.get_meta("updated_at") == "now"
    assert manifest.find("a").path == "/lib/a.txt"
    assert manifest.find("b.txt").article_id == "b"  # a bare file name, when unique
    [row] = manifest.rows_for(["/lib/a.txt"])["/lib/a.txt"]
    assert (row[ROW_ID], row[ROW_HASH]) == ("a", "h-a")
    manifest.apply([], ["/lib/a.txt"])
    assert manifest.article_ids() == {"b"}
    assert manifest.stats() == ({"/lib/sub/b.txt": 10}, {"/lib/sub/b.txt": 1})
    manifest.close()


def test_a_file_of_several_articles_has_a_row_each_replaced_together(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    box = "/lib/inbox.mbox"
    manifest.apply([_record(box, "m1", "<1@x>"), _record(box, "m1a", "<1@x>/annex.pdf"),
                    _record(box, "m2", "<2@x>"), _record("/lib/a.txt", "a")], [])
    assert [r.article_id for r in manifest.records()] == ["a", "m1", "m1a", "m2"]
    assert [row[ROW_ID] for row in manifest.rows_for([box])[box]] == ["m1", "m1a", "m2"]
    assert manifest.find(box).article_id == "m1"  # a path finds its first article
    assert manifest.find("inbox.mbox").article_id == "m1"  # and so does its bare name
    assert manifest.find("m2").part == "<2@x>"
    # The file is read again and lost an attachment: its rows are replaced by the new set.
    manifest.apply([_record(box, "m1", "<1@x>"), _record(box, "m2", "<2@x>")], [])
    assert manifest.article_ids() == {"a", "m1", "m2"}
    assert manifest.stats()[0] == {"/lib/a.txt": 10, box: 10}
    manifest.apply([], [box])
    assert manifest.article_ids() == {"a"}
    manifest.close()


def test_folder_statuses_give_each_folder_its_articles_check_and_skips(tmp_path):
    outer, inner, gone = tmp_path / "lib", tmp_path / "lib" / "inner", tmp_path / "unmounted"
    inner.mkdir(parents=True)
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    record = FileRecord(str(outer / "a.txt"), "a", str(outer), 1, 1, "h", "f", "A", "", "", "", "")
    manifest.apply([record], [])
    manifest.record_check([str(outer), str(inner), str(gone)],
                          [(str(outer / "bad.pdf"), "no text layer (scanned)"),
                           (str(inner / "x.txt"), "binary data, not text"),
                           (str(gone), "folder not found or not readable"),
                           ("/elsewhere/y.txt", "not ours")], "2026-12-05T10:00:00")
    by_path = {s.path: s for s in manifest.folder_statuses([outer, inner, gone])}
    assert by_path[str(outer)].articles == 1 and by_path[str(outer)].found
    assert by_path[str(outer)].checked_at == "2026-12-05T10:00:00"
    # a skip belongs to the deepest folder holding it
    assert [s.reason for s in by_path[str(outer)].skipped] == ["no text layer (scanned)"]
    assert [s.reason for s in by_path[str(inner)].skipped] == ["binary data, not text"]
    assert not by_path[str(gone)].found and by_path[str(gone)].articles == 0
    assert by_path[str(gone)].skipped == ()  # "not found" is said once, by ``found``
    # the next complete check replaces what the last one found
    manifest.record_check([str(outer)], [], "2026-12-05T11:00:00")
    assert [(s.checked_at, s.skipped) for s in manifest.folder_statuses([outer, inner])] == [
        ("2026-12-05T11:00:00", ()), ("", ())]
    manifest.close()
