"""The proof: an analyst's day, driven through the real window.

Search with highlighted results; open a hit and see exactly the hit offsets
highlighted; step through hits with F3; select a passage and add a note with
tags; restart on the same data dir and find the highlight in the same place;
edit the article on disk and see the note re-anchored (and orphaned when its
passage is gone); export and read the file.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from tests.ui.ui_helpers import make_writable, search, wait_idle

from reader.core.model import MOVED, ORPHANED
from reader.ui.note_editor import NoteEditor

PASSAGE_START, PASSAGE_END = "It seeks dominance", "beyond."  # the text between has no-break spaces
BODY = "Compare with the **UN speech** of 2015."
TAGS = "isis, un-speech"
ARTICLE_TITLE = "ISIS Can Be Defeated - Putin Said How"


def fill_editor(body: str, tags: str):
    """Stands in for the user typing into the note editor and pressing Save."""
    def run(editor: NoteEditor) -> bool:
        editor.body_edit.setPlainText(body)
        editor.tags_edit.setText(tags)
        return True
    return run


def drawn(pane, *kinds: str) -> list[str]:
    return [text for kind, _key, text in pane.drawn_passages(whole_article=True) if kind in kinds]


def test_an_analysts_day(qtbot, make_window, library, seeds, fresh_library, tmp_path):
    make_writable(seeds)
    window = make_window(library)
    window.watch_debounce_ms = 50
    panel, pane = window.search_panel, window.reading_pane

    # 1. Type a query: results, with the matched words marked.
    search(qtbot, panel, "putin")
    assert panel.tabs.currentIndex() == panel.RESULTS_TAB
    titles = [panel.model.hit(r).title for r in range(panel.model.rowCount())]
    assert ARTICLE_TITLE in titles
    for r in range(panel.model.rowCount()):
        assert {w.lower() for w in re.findall(r"<mark>(.*?)</mark>", panel.model.hit(r).snippet)} == {"putin"}

    # 2. Open a result: the highlighted ranges in the document are the hit offsets.
    row = titles.index(ARTICLE_TITLE)
    hit = panel.model.hit(row)
    rect = panel.list.visualRect(panel.model.index(row, 0))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    article = pane.article
    assert article is not None and article.id == hit.id
    assert window.windowTitle() == ARTICLE_TITLE  # the platform adds " — Reader", once
    assert pane.hits == hit.highlights == library.highlights(hit.id, "putin")
    assert drawn(pane, "hit") == [article.text[s:e] for s, e in hit.highlights]
    assert all(text.lower() == "putin" for text in drawn(pane, "hit"))
    assert drawn(pane, "current") == [article.text[slice(*hit.highlights[0])]]
    total = len(hit.highlights)
    assert total >= 3
    assert pane.current_hit == 1 and window.find_bar.label.text() == f"1 / {total}"
    assert not window.find_bar.isHidden()

    # 3. F3 moves the current hit; Shift+F3 goes back, wrapping around.
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_F3)
    assert pane.current_hit == 2 and window.find_bar.label.text() == f"2 / {total}"
    qtbot.keyClick(pane.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(pane.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert pane.current_hit == total

    # 4. Select a passage and add a note with tags (Ctrl+N).
    start = article.text.index(PASSAGE_START)
    end = article.text.index(PASSAGE_END, start) + len(PASSAGE_END)
    passage = article.text[start:end]
    assert "\xa0" in passage and "\n" not in passage
    pane.select_range(start, end)
    assert pane.selected_range() == (start, end)
    window.notes.run_editor = fill_editor(BODY, TAGS)
    qtbot.keyClick(pane.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    notes = library.list_notes()
    assert len(notes) == 1
    note = notes[0]
    assert (note.start, note.end, note.exact, note.body) == (start, end, passage, BODY)
    assert note.tags == ["isis", "un-speech"]
    assert [n.id for n in window.notes_panel.visible_notes()] == [note.id]
    assert drawn(pane, "note") == [passage]
    assert window.library_view.model.index(
        window.library_view.model.row_of(article.id), 3).data() == "1"

    # 5. Restart on the same data dir: the highlight is in the same place.
    window.close()
    library2 = fresh_library()
    window = make_window(library2)
    window.watch_debounce_ms = 50
    pane = window.reading_pane
    window.open_article(article.id)
    assert drawn(pane, "note") == [passage]
    again = library2.note(note.id)
    assert (again.start, again.end) == (start, end)

    # 6. Edit the article on disk: the note is re-anchored (found by the watcher).
    path = Path(article.path)
    original = path.read_text(encoding="utf-8")
    anchor = "Here is what President Putin said at the UN General Assembly:"
    inserted = "An editor's note added later, which moves everything below it.\n\n"
    with qtbot.waitSignal(window.indexer.finished, timeout=20000):
        path.write_text(original.replace(anchor, inserted + anchor), encoding="utf-8")
    wait_idle(qtbot, window)
    moved = library2.note(note.id)
    assert moved.status == MOVED and moved.start > start
    assert pane.article.text[moved.start:moved.end] == passage
    assert "An editor's note added later" in pane.article.text  # the open article was reloaded
    assert drawn(pane, "note") == [passage]

    # ... and orphaned (kept, listed) when its passage is gone.
    with qtbot.waitSignal(window.indexer.finished, timeout=20000):
        path.write_text(original.replace(passage, ""), encoding="utf-8")
    wait_idle(qtbot, window)
    orphan = library2.note(note.id)
    assert orphan.status == ORPHANED and orphan.body == BODY
    assert any("lost their passage" in text for _level, text in window.message_bar.history)
    assert drawn(pane, "note") == []
    window.actions.all_notes.trigger()
    listed = {n.id: n.status for n in window.notes_panel.visible_notes()}
    assert listed == {note.id: ORPHANED}

    # 7. Export, and check the file.
    dialog = window.show_export_dialog()
    target = tmp_path / "report" / "notes.md"
    dialog.all_articles.setChecked(True)
    dialog.set_template("obsidian")  # the one with #tags
    dialog.destination_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.export_button.click()
    exported = target.read_text(encoding="utf-8")
    assert passage in exported and "**UN speech**" in exported
    assert "#isis" in exported and "#un-speech" in exported
    dialog.close()
