"""The Library facade: folders, consistency between index and notes."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import library as library_module
from reader.core.library import Library
from reader.core.model import Elsewhere, LibraryError
from reader.core.paths import bundled_articles_dir


def test_first_start_uses_the_bundled_articles(home):
    with Library(home) as lib:
        assert lib.folders == [bundled_articles_dir()]
        assert lib.index.needs_update
        summary, _ = lib.update_index()
        assert summary.added == 5 and len(lib.articles()) == 5


def test_folders_are_remembered_and_checked(home, seeds, tmp_path):
    with Library(home) as lib:
        lib.add_folders([seeds])
        with pytest.raises(LibraryError, match="Not a folder"):
            lib.add_folders([tmp_path / "nope"])
    with Library(home) as lib:
        assert seeds.resolve() in lib.folders
    (home / "library.json").write_text("{ not json", encoding="utf-8")
    with Library(home) as lib:  # a damaged config is recovered from its kept copy, not failed on
        assert lib.folders == [seeds.resolve()] and "recovered" in lib.messages[0]


def test_a_second_library_on_the_same_home_works_beside_the_first(library, seeds, tmp_path):
    """The window and reader-cli beside it: each sees what the other did."""
    assert library.changes_elsewhere() == Elsewhere()  # the first call only looks
    article_id = library.articles()[0].id
    with Library(library.paths.home) as beside:
        note = beside.add_note(article_id, quote=library.article(article_id).text[:12]).note
        seen = library.changes_elsewhere()
        assert seen.notes.added == {note.id} and seen.notes.articles == {article_id}
        assert not seen.index and library.note(note.id) == note
        extra = tmp_path / "extra"
        extra.mkdir()
        (extra / "new.md").write_text("# Kherson\n\nThe bridge at Kherson was struck.\n",
                                      encoding="utf-8")
        beside.add_folders([extra])
        assert not library.index_busy()
        beside.update_index()
    seen = library.changes_elsewhere()
    assert seen.index and seen.notes is None
    assert [h.title for h in library.search("Kherson").hits] == ["Kherson"]
    assert library.changes_elsewhere() == Elsewhere()


def test_articles_open_by_reader_link(library):
    info = library.articles()[0]
    assert library.article(f"reader://article/{info.id}?note=x").id == info.id
    with pytest.raises(LibraryError, match="cannot open this link"):
        library.article("reader://nowhere/else")


def test_add_note_validates_the_passage(library):
    article_id = library.articles()[0].id
    with pytest.raises(LibraryError, match="outside the article"):
        library.add_note(article_id, start=5, end=10**7)
    with pytest.raises(LibraryError, match="not found"):
        library.add_note(article_id, quote="words that are nowhere in it")
    with pytest.raises(LibraryError, match="colour"):
        library.add_note(article_id, start=0, end=5, color="orange")


def test_note_counts_and_scope_both(library):
    info = next(a for a in library.articles() if "002_" in a.path)
    library.add_note(info.id, quote="Kerry", body="US side", tags=["diplomacy"])
    counts = {a.id: a.note_count for a in library.articles()}
    assert counts[info.id] == 1 and sum(counts.values()) == 1
    results = library.search("Kerry", scope="both")
    assert [h.kind for h in results.hits] == ["article", "note"]
    assert library.search("diplomacy", scope="notes").hits[0].article_id == info.id


def test_edited_article_reanchors_and_undo_restores_delete(library, seeds):
    path = seeds / "001_80c24120098c9853.txt"
    note = library.add_note(str(path), quote="Crocus City concert hall", tags=["moscow"]).note
    path.write_text("Breaking update.\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    _, reanchored = library.update_index()
    assert reanchored.counts["moved"] == 1
    moved = library.note(note.id)
    text = library.article(str(path)).text
    assert moved.status == "moved" and text[moved.start:moved.end] == "Crocus City concert hall"
    library.delete_note(note.id)
    assert library.list_notes() == []
    assert library.undo().note.id == note.id
    assert library.note(note.id).tags == ["moscow"]


@pytest.mark.parametrize("looked_up", [0, 2000])
def test_reanchoring_finds_the_records_one_by_one_or_all_at_once(library, seeds, monkeypatch,
                                                                 looked_up):
    """A few articles with notes are looked up one by one (a big library's whole
    list takes a second); many, in one listing: the same outcome either way."""
    monkeypatch.setattr(library_module, "_RECORDS_LOOKED_UP", looked_up)
    edited, gone = seeds / "001_80c24120098c9853.txt", sorted(seeds.glob("*.txt"))[-1]
    moved = library.add_note(str(edited), quote="Crocus City concert hall").note
    orphan = library.add_note(str(gone), quote=library.article(str(gone)).blocks[-1].text).note
    edited.write_text("Breaking update.\n\n" + edited.read_text(encoding="utf-8"),
                      encoding="utf-8")
    gone.unlink()
    _, reanchored = library.update_index()
    assert (reanchored.counts["moved"], reanchored.counts["orphaned"]) == (1, 1)
    assert library.note(moved.id).status == "moved"
    assert library.note(orphan.id).status == "orphaned"


def test_orphan_can_be_reattached(library, seeds):
    path = seeds / "001_80c24120098c9853.txt"
    note = library.add_note(str(path), quote="Crocus City concert hall", body="keep me").note
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Crocus City concert hall", "venue"), encoding="utf-8")
    library.update_index()
    orphan = library.note(note.id)
    assert orphan.status == "orphaned" and orphan.body == "keep me"
    assert orphan.exact == "Crocus City concert hall"
    text = library.article(str(path)).text
    start = text.index("venue")
    fixed = library.reattach_note(note.id, start, start + len("venue")).note
    assert (fixed.status, fixed.exact, fixed.body) == ("intact", "venue", "keep me")


def test_notes_find_their_passages_again_when_a_removed_folder_comes_back(library, seeds):
    note = library.add_note(str(seeds / "001_80c24120098c9853.txt"),
                            quote="Crocus City concert hall", body="keep me").note
    library.remove_folder(seeds)
    _, gone = library.update_index()
    assert gone.counts["orphaned"] == 1 and library.note(note.id).status == "orphaned"
    library.add_folders([seeds])  # the drive is mounted again, the folder added back
    _, back = library.update_index()
    found = library.note(note.id)
    assert back.counts["intact"] == 1 and (found.status, found.start) == ("intact", note.start)


def test_an_article_is_parsed_once_until_its_file_changes(library, seeds, monkeypatch):
    import os
    import time

    from reader.core.articles import cache as articles

    path = sorted(seeds.glob("*.txt"))[0]
    old = time.time() - 60
    os.utime(path, (old, old))  # not "racy": written long enough ago to trust its mtime
    parsed: list = []
    real = articles.load_articles
    monkeypatch.setattr(articles, "load_articles", lambda p: parsed.append(p) or real(p))
    first = library.article(str(path))
    assert library.article(first.id) is first and len(parsed) == 1
    path.write_text(path.read_text(encoding="utf-8") + "\nA new last paragraph.\n", encoding="utf-8")
    changed = library.article(first.id)
    assert changed.text.endswith("A new last paragraph.") and len(parsed) == 2
    # Just written: parsed every time, since a second write in the same clock
    # tick could leave size and mtime as they are.
    assert library.article(first.id).text == changed.text and len(parsed) == 3


def test_supported_suffixes_and_warm_up_need_no_reach_past_the_facade(library):
    suffixes = Library.supported_suffixes()
    assert {".md", ".txt", ".html"} <= suffixes
    assert all(s.startswith(".") and s == s.lower() for s in suffixes)
    Library.warm_up()  # loads python-markdown's extensions; must not fail or touch the library


def test_check_index_in_child_sees_what_the_app_indexed(library):
    indexed = len(library.articles())  # the fixture indexed the seeds
    assert indexed
    checked = library.check_index_in_child()
    assert checked.unchanged == indexed and not checked.added and not checked.removed
    assert len(library.articles()) == indexed  # the app's own index is still usable


def test_markdown_quote_goes_through_the_door(library):
    article = library.article(library.articles()[0].id)
    start = len(article.blocks[0].text) + 1
    quote = library.markdown_quote(article, start, start + 20)
    assert quote.startswith("> ") and quote.endswith(f" ({article.path})\n")
    with pytest.raises(LibraryError, match="Cannot quote"):
        library.markdown_quote(article, 5, 5)


def test_exports_and_quotes_cite_the_page_of_a_pdf_passage(tmp_path):
    from tests.core.articles.checks import indexed_library
    from tests.core.articles.formats.pdfs import make_pdf

    pages = [["Moscow and the Coalition", "",
              "The committee approved the plan on Tuesday after a long debate about the",
              "costs of the campaign."],
             ["The allies settled the cooperation on the second page, after a long debate",
              "about the costs."]]
    with indexed_library(tmp_path, {"sitrep.pdf": make_pdf(pages, {"Title": "Sitrep"}),
                                    "plain.txt": b"Plain\n\nA paragraph without pages.\n"}) as (lib, _):
        by_title = {info.title: lib.article(info.id) for info in lib.articles()}
        pdf, plain = by_title["Sitrep"], by_title["Plain"]
        start = pdf.text.index("allies")
        lib.add_note(pdf.id, start=start, end=start + 20)
        lib.add_note(plain.id, start=plain.text.index("paragraph"), end=len(plain.text))
        text, _files, count = lib.export_notes("markdown")
        assert count == 2
        assert "\n\n— *Sitrep*, p. 2\n" in text and "\n\n— *Plain*\n" in text
        assert lib.markdown_quote(pdf, start, start + 6).endswith(f"> — *Sitrep*, p. 2 ({pdf.path})\n")


def test_note_search_counts_every_match_not_only_the_ones_shown(library):
    info = library.articles()[0]
    for n in range(120):
        library.add_note(info.id, start=n, end=n + 10, body=f"zanzibar memo {n}")
    results = library.search("zanzibar", scope="notes", limit=50)
    assert (results.total, results.notes_total, len(results.hits)) == (120, 120, 50)
    more = library.search("zanzibar", scope="notes", limit=100)
    assert len(more.hits) == 100 and more.total == 120
    both = library.search("zanzibar", scope="both", limit=20)
    assert both.notes_total == 120 and both.total == 120 and len(both.hits) == 20


def test_a_file_name_that_is_not_utf8_is_indexed_found_opened_and_noted(home, tmp_path):
    import os

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain\n\nNothing to see.", encoding="utf-8")
    raw = os.fsencode(folder) + b"/caf\xe9-report.txt"  # a Latin-1 name, as an old archive has
    with open(raw, "wb") as handle:
        handle.write(b"Cafe report\n\nThe Damascus bakery reopened on Tuesday.")
    with Library(home) as lib:
        lib.remove_folder(lib.folders[0])
        lib.add_folders([folder])
        summary, _ = lib.update_index()
        assert summary.added == 2 and summary.skipped == []
        [hit] = lib.search("bakery").hits
        assert hit.path.endswith("caf\ufffd-report.txt")  # shown with a replacement character
        info = next(a for a in lib.articles() if a.id == hit.id)
        assert os.fsencode(info.path) == raw  # kept losslessly: the very bytes
        article = lib.article(hit.id)
        assert "bakery" in article.text and article.title == "Cafe report"
        note = lib.add_note(hit.id, quote="bakery", body="a Latin-1 name").note
        assert lib.note(note.id).article_id == hit.id
        again, _ = lib.update_index()
        assert again.unchanged == 2 and again.added == again.updated == 0
        assert lib.note(note.id).status == "intact"


def test_articles_say_how_many_other_files_hold_the_same_text(library, seeds):
    original = seeds / "001_80c24120098c9853.txt"
    (seeds / "001 copy.txt").write_bytes(original.read_bytes())
    (seeds / "001 edited.txt").write_bytes(original.read_bytes() + b"\nA correction.")
    library.update_index()
    copies = {Path(info.path).name: info.copies for info in library.articles()}
    assert copies["001_80c24120098c9853.txt"] == copies["001 copy.txt"] == 1
    assert copies["001 edited.txt"] == 0 and sum(copies.values()) == 2
