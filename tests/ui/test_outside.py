"""What reaches the window from outside: reader-cli beside it, and targets handed over."""
from __future__ import annotations

import subprocess
import sys

from tests.core.notes.notes_helpers import child_env

from reader.core.library import Library
from reader.ui.outside import open_target

CLI = "import sys; from reader.cli import main; raise SystemExit(main(sys.argv[1:]))"


def cli(home, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLI, "--home", str(home), *args],
                            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def two_hundred_notes(seeds, tmp_path) -> str:
    """A W3C export of 200 notes on the seed articles, made by another library."""
    with Library(tmp_path / "elsewhere") as other:
        other.remove_folder(other.folders[0])
        other.add_folders([seeds])
        other.update_index()
        infos = other.articles()
        for i in range(200):
            info = infos[i % len(infos)]
            other.add_note(info.id, start=i, end=i + 10, body=f"from the desk {i}")
        target = tmp_path / "notes.jsonld"
        other.export_notes("w3c", target)
    return str(target)


def test_notes_added_from_the_command_line_appear_and_the_windows_edits_survive(
        qtbot, make_window, library, seeds, tmp_path):
    window = make_window(library)
    info = library.articles()[0]
    mine = library.add_note(info.id, quote=library.article(info.id).text[:20], body="draft").note
    window.notes_panel.show_all_notes()
    qtbot.waitUntil(lambda: len(window.notes_panel.visible_notes()) == 1, timeout=3000)

    importing = cli(library.paths.home, "notes", "import", two_hundred_notes(seeds, tmp_path))
    edits = 0
    while importing.poll() is None or edits < 5:  # the analyst goes on working meanwhile
        window.notes.update_note(mine.id, body=f"draft {edits}")
        edits += 1
        qtbot.wait(20)
    out, err = importing.communicate()
    assert importing.returncode == 0, err
    added = cli(library.paths.home, "notes", "add", info.id, "--quote",
                library.article(info.id).text[30:60], "--note", "added at the terminal")
    assert added.wait(60) == 0, added.stderr.read()
    added.stdout.close()
    added.stderr.close()

    qtbot.waitUntil(lambda: len(window.notes_panel.visible_notes()) == 202, timeout=3000)
    bodies = {note.body for note in window.notes_panel.visible_notes()}
    assert {"from the desk 0", "from the desk 199", "added at the terminal",
            f"draft {edits - 1}"} <= bodies
    assert library.note(mine.id).body == f"draft {edits - 1}"


def test_the_index_updated_at_the_terminal_shows_in_the_window(qtbot, make_window, library,
                                                               tmp_path):
    window = make_window(library)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "kherson.md").write_text("# Kherson\n\nThe bridge at Kherson was struck.\n",
                                      encoding="utf-8")
    indexing = cli(library.paths.home, "index", str(extra))
    out, err = indexing.communicate(timeout=120)
    assert indexing.returncode == 0, err
    qtbot.waitUntil(lambda: window.library_view.article_count() == 6, timeout=3000)


def test_open_target_takes_links_and_files(qtbot, make_window, library, seeds):
    window = make_window(library)
    info = library.articles()[1]
    open_target(window, f"reader://article/{info.id}")
    assert window.reading_pane.article.id == info.id
    open_target(window, "reader://search?q=Putin")
    qtbot.waitUntil(lambda: window.search_panel.query == "Putin", timeout=3000)
    open_target(window, "reader://what")
    assert "cannot open this link" in window.message_bar.text


def test_a_note_being_written_is_kept_and_offered_back_after_a_crash(qtbot, make_window,
                                                                      library, fresh_library):
    from reader.ui.note_editor import DRAFT_DELAY_MS

    window = make_window(library)
    info = library.articles()[0]
    article = library.article(info.id)
    kept: list = []

    def write_then_crash(editor) -> bool:
        qtbot.keyClicks(editor.body_edit, "Two hours of careful writing")
        editor.tags_edit.setText("kremlin")
        qtbot.waitUntil(lambda: bool(library.drafts()), timeout=DRAFT_DELAY_MS * 5)
        kept.extend(library.drafts())
        return False  # (the editor closes; a crash would have left the draft)

    window.notes.run_editor = write_then_crash
    window.notes.add_note(window, article, 10, 40)
    [draft] = kept
    assert (draft.body, draft.tags, draft.start, draft.end) == (
        "Two hours of careful writing", ("kremlin",), 10, 40)
    assert library.drafts() == []  # closed: the draft goes with the editor
    library.save_draft(draft)  # as the crash left it
    window.close()

    again = make_window(fresh_library())
    assert "when Reader last closed was kept" in again.message_bar.text
    opened: list = []
    again.notes.run_editor = lambda editor: opened.append(editor.values()) or True
    again.message_bar.action_button.click()
    assert opened[0].body == "Two hours of careful writing" and opened[0].tags == ["kremlin"]
    [note] = again.library.list_notes(info.id)
    assert (note.body, note.tags, note.start, note.end) == (
        "Two hours of careful writing", ["kremlin"], 10, 40)
    assert again.library.drafts() == [] and again.message_bar.isHidden()
