"""Index updates in the window: progress only for long work, cancel, the messages."""
from __future__ import annotations

import os
import threading

from reader.core.library import Library


def test_progress_appears_only_for_long_work_and_can_be_cancelled(qtbot, window, library):
    release = threading.Event()
    real = library.update_index

    def slow(progress, cancelled, *, isolated=False):
        def step(done, total):
            progress(done, total)
            while not cancelled() and not release.is_set():
                release.wait(0.01)
        return real(step, cancelled, isolated=isolated)

    library.update_index = slow
    (window.library.folders[0] / "late.txt").write_text("Late\n\nText.\n", encoding="utf-8")
    window.reindex()
    assert window.indexer.running
    assert window.progress_widget.isHidden()  # not before the delay
    assert window.index_status.progress_delay.interval() == 400
    qtbot.waitUntil(lambda: not window.progress_widget.isHidden(), timeout=10000)
    with qtbot.waitSignal(window.indexer.finished, timeout=10000) as blocker:
        window.cancel_button.click()
    assert blocker.args[0].cancelled
    assert window.progress_widget.isHidden()
    assert window.index_label.text() == "Index update cancelled"
    release.set()
    library.update_index = real


def test_startup_shows_that_a_damaged_index_is_rebuilt(qtbot, make_window, home, seeds):
    library = Library(home)
    library.remove_folder(library.folders[0])
    library.add_folders([seeds])
    library.update_index()
    library.close()
    toc = next((home / "index").glob("*.toc"))
    toc.write_bytes(os.urandom(2048))
    library = Library(home)
    try:
        window = make_window(library)
        assert any("damaged" in text for _level, text in window.message_bar.history)
        assert not window.message_bar.isHidden()
        assert window.count_label.text() == "5 articles"  # rebuilt in the background
        assert sum("damaged" in text for _level, text in window.message_bar.history) == 1
    finally:
        library.close()



def test_the_lost_passage_message_follows_the_orphans_as_they_are_reattached(
        qtbot, make_window, library, seeds):
    from reader.core.model import ORPHANED
    from tests.ui.ui_helpers import wait_idle

    window = make_window(library)
    path = seeds / "001_80c24120098c9853.txt"
    text = path.read_text(encoding="utf-8")
    notes = [library.add_note(str(path), quote=quote).note
             for quote in ("Crocus City concert hall", "Islamic State")]
    with qtbot.waitSignal(window.indexer.finished, timeout=20000):
        path.write_text(text.replace("Crocus City concert hall", "a venue")
                        .replace("Islamic State", "the group"), encoding="utf-8")
        window.reindex()
    wait_idle(qtbot, window)
    assert [n.status for n in library.list_notes(str(path))] == [ORPHANED, ORPHANED]
    assert window.message_bar.text.startswith("2 note(s) lost their passage")
    article = library.article(str(path))
    window.notes.reattach(notes[0].id, article, 0, 10)
    assert window.message_bar.text.startswith("1 note(s) lost their passage")
    window.actions.undo.trigger()  # the orphan is back, and counted again
    assert window.message_bar.text.startswith("2 note(s) lost their passage")
    window.actions.redo.trigger()
    assert window.message_bar.text.startswith("1 note(s) lost their passage")
    window.notes.reattach(notes[1].id, article, 20, 30)
    assert window.message_bar.isHidden()
    assert library.list_notes(status=ORPHANED) == []
