"""The export dialog: formats, filters, destination, the result, and errors the user can act on."""
from __future__ import annotations

import csv
import errno
import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QThreadPool
from tests.ui.ui_helpers import Opened

from reader.core.model import NoteFilter
from reader.ui.export_dialog import ExportDialog


@pytest.fixture
def notes(library):
    """Three notes on two articles, with tags and colours."""
    first, second = library.articles()[0], library.articles()[3]
    return [
        library.add_note(first.id, quote="Putin", body="Check this **claim**.", tags=["evidence"],
                         color="yellow").note,
        library.add_note(first.id, quote="Russia", body="", tags=["context"], color="green").note,
        library.add_note(second.id, quote="Putin", body="The UN speech.", tags=["evidence", "un"],
                         color="blue").note,
    ]


@pytest.fixture
def make_dialog(qtbot):
    pool = QThreadPool()
    dialogs = []

    def make(library, **kwargs) -> ExportDialog:
        kwargs.setdefault("open_url", Opened())
        dialog = ExportDialog(library, pool=pool, **kwargs)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        return dialog

    yield make
    pool.waitForDone()


def run(qtbot, dialog: ExportDialog) -> None:
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.export_button.click()


def test_markdown_export_of_every_note(qtbot, make_dialog, library, notes, tmp_path):
    opened = Opened()
    dialog = make_dialog(library, open_url=opened)
    assert dialog.count_label.text() == "3 notes will be exported."
    target = tmp_path / "out" / "notes.md"
    dialog.destination_edit.setText(str(target))
    run(qtbot, dialog)
    text = target.read_text(encoding="utf-8")
    assert "Check this **claim**." in text and "The UN speech." in text
    assert "Exported 3 notes" in dialog.status_label.text()
    assert not dialog.open_folder_button.isHidden()
    dialog.open_folder_button.click()
    assert [url.toLocalFile() for url in opened.urls] == [str(target.parent)]


def test_filters_current_article_tags_colours_and_query(qtbot, make_dialog, library, notes, tmp_path):
    first = library.articles()[0]
    dialog = make_dialog(library, article_id=first.id, article_title=first.title)
    assert dialog.current_article.isChecked()
    assert dialog.count_label.text() == "2 notes will be exported."
    qtbot.keyClicks(dialog.tags_edit, "evidence")
    assert dialog.count_label.text() == "1 note will be exported."
    assert dialog.note_filter() == NoteFilter(article_ids=frozenset({first.id}),
                                              tags=frozenset({"evidence"}))
    dialog.all_articles.setChecked(True)
    assert dialog.count_label.text() == "2 notes will be exported."
    dialog.color_boxes["blue"].setChecked(False)
    assert dialog.count_label.text() == "1 note will be exported."
    dialog.color_boxes["blue"].setChecked(True)
    qtbot.keyClicks(dialog.query_edit, "speech")
    assert dialog.count_label.text() == "1 note will be exported."
    dialog.set_format("csv")
    target = tmp_path / "notes.csv"
    dialog.destination_edit.setText(str(target))
    run(qtbot, dialog)
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1 and "The UN speech." in json.dumps(rows)


def test_date_range_filter(qtbot, make_dialog, library, notes):
    dialog = make_dialog(library)
    today = QDate.currentDate()
    dialog.since_check.setChecked(True)
    dialog.since_edit.setDate(today.addDays(1))
    assert dialog.count_label.text() == "No notes match these choices."
    assert not dialog.export_button.isEnabled()
    dialog.since_edit.setDate(today.addDays(-1))
    dialog.until_check.setChecked(True)
    dialog.until_edit.setDate(today.addDays(1))
    flt = dialog.note_filter()
    assert flt.since == date.today() - timedelta(days=1)
    assert dialog.count_label.text() == "3 notes will be exported."


def test_w3c_json_and_a_folder_per_article(qtbot, make_dialog, library, notes, tmp_path):
    dialog = make_dialog(library)
    dialog.set_format("w3c")
    assert dialog.destination_edit.text().endswith(".jsonld")
    target = tmp_path / "notes.jsonld"
    dialog.destination_edit.setText(str(target))
    run(qtbot, dialog)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(json.dumps(data)) > 100 and "Annotation" in json.dumps(data)

    dialog.set_format("markdown_folder")
    folder = tmp_path / "by-article"
    dialog.destination_edit.setText(str(folder))
    run(qtbot, dialog)
    files = sorted(folder.glob("*.md"))
    assert len(files) == 2 and sorted(dialog.written) == files
    assert "(2 files)" in dialog.status_label.text()
    assert dialog.result_folder() == folder


def test_a_full_disk_is_explained_and_nothing_is_lost(qtbot, make_dialog, library, notes, tmp_path,
                                                        monkeypatch):
    dialog = make_dialog(library)
    target = tmp_path / "notes.md"
    target.write_text("the previous export\n", encoding="utf-8")
    dialog.destination_edit.setText(str(target))

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(library, "export_notes", disk_full)
    with qtbot.waitSignal(dialog.failed, timeout=10000) as blocker:
        dialog.export_button.click()
    message = blocker.args[0]
    assert "No space left on device" in message and "Free some space" in message
    assert dialog.status_label.text() == message
    assert dialog.open_folder_button.isHidden()
    assert dialog.export_button.isEnabled()  # try again, e.g. elsewhere
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert len(library.list_notes()) == 3


def test_a_folder_given_for_one_file_is_refused_with_advice(qtbot, make_dialog, library, notes,
                                                              tmp_path):
    dialog = make_dialog(library)
    dialog.destination_edit.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.failed) as blocker:
        dialog.export_button.click()
    assert "is a folder" in blocker.args[0]


def test_no_notes_means_nothing_to_export(qtbot, make_dialog, library):
    dialog = make_dialog(library)
    assert dialog.count_label.text() == "No notes match these choices."
    assert not dialog.export_button.isEnabled()
    assert not dialog.current_article.isEnabled()  # no article open


# --------------------------------------------------------------------------
# Templates, and the choices the dialog remembers


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, widget.height() // 2))


def type_destination(qtbot, dialog: ExportDialog, path) -> None:
    dialog.destination_edit.selectAll()
    qtbot.keyClick(dialog.destination_edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.destination_edit, str(path))


def choose_template(qtbot, dialog: ExportDialog, name: str) -> None:
    dialog.template_combo.setFocus()
    qtbot.keyClicks(dialog.template_combo, name)
    assert dialog.template == name


def test_the_template_and_colours_shape_the_markdown(qtbot, make_dialog, library, notes, tmp_path):
    dialog = make_dialog(library)
    assert [dialog.template_combo.itemText(i) for i in range(dialog.template_combo.count())] == [
        "report", "obsidian", "detailed"]
    assert dialog.template == "report" and not dialog.colour_check.isChecked()
    target = tmp_path / "report.md"
    type_destination(qtbot, dialog, target)
    run(qtbot, dialog)
    text = target.read_text(encoding="utf-8")
    assert "\n\n— *" in text and "<!--" not in text and "Colour:" not in text
    click(qtbot, dialog.colour_check)
    run(qtbot, dialog)
    assert "Colour: blue" in target.read_text(encoding="utf-8")
    choose_template(qtbot, dialog, "obsidian")
    run(qtbot, dialog)
    assert "> [!quote|blue]" in target.read_text(encoding="utf-8")
    click(qtbot, dialog.format_buttons["csv"])
    assert not dialog.template_combo.isEnabled() and not dialog.colour_check.isEnabled()
    click(qtbot, dialog.format_buttons["markdown_folder"])
    assert dialog.template_combo.isEnabled() and dialog.colour_check.isEnabled()


def test_the_analysts_own_templates_are_offered(qtbot, make_dialog, library, notes, tmp_path):
    templates = library.paths.templates_dir
    templates.mkdir()
    (templates / "brief.md.j2").write_text("{# Just the count #}\n{{ note_count }} notes\n",
                                           encoding="utf-8")
    dialog = make_dialog(library)
    assert dialog.template_combo.itemText(3) == "brief"
    assert dialog.template_combo.itemData(3, Qt.ItemDataRole.ToolTipRole).startswith(
        "Just the count")
    choose_template(qtbot, dialog, "brief")
    target = tmp_path / "brief.md"
    type_destination(qtbot, dialog, target)
    run(qtbot, dialog)
    assert target.read_text(encoding="utf-8") == "3 notes\n"


def test_a_broken_template_is_said_in_the_dialog(qtbot, make_dialog, library, notes, tmp_path):
    library.paths.templates_dir.mkdir()
    (library.paths.templates_dir / "bad.j2").write_text("{{ nope }}\n", encoding="utf-8")
    dialog = make_dialog(library)
    choose_template(qtbot, dialog, "bad")
    type_destination(qtbot, dialog, tmp_path / "bad.md")
    with qtbot.waitSignal(dialog.failed, timeout=10000) as blocker:
        click(qtbot, dialog.export_button)
    assert blocker.args[0].startswith("The template 'bad' failed at line 1: 'nope' is undefined")
    assert not (tmp_path / "bad.md").exists()


def test_the_last_choices_come_back_next_time(qtbot, make_dialog, library, notes, tmp_path):
    first = library.articles()[0]
    dialog = make_dialog(library, article_id=first.id, article_title=first.title)
    assert dialog.current_article.isChecked()
    click(qtbot, dialog.all_articles)
    click(qtbot, dialog.format_buttons["markdown_folder"])
    choose_template(qtbot, dialog, "obsidian")
    click(qtbot, dialog.colour_check)
    folder = tmp_path / "vault"
    type_destination(qtbot, dialog, folder)
    run(qtbot, dialog)
    dialog.close()

    again = make_dialog(library, article_id=first.id, article_title=first.title)
    assert again.format_key == "markdown_folder" and again.template == "obsidian"
    assert again.colour_check.isChecked() and again.all_articles.isChecked()
    assert again.destination_edit.text() == str(folder)
    click(qtbot, again.current_article)
    click(qtbot, again.format_buttons["markdown"])
    run(qtbot, again)  # into vault.md, beside the folder

    third = make_dialog(library, article_id=first.id, article_title=first.title)
    assert third.current_article.isChecked() and third.format_key == "markdown"
    assert third.destination_edit.text() == str(tmp_path / "vault.md")


def test_all_notes_when_the_open_article_has_none(qtbot, make_dialog, library, notes):
    bare = next(a for a in library.articles() if a.note_count == 0)
    dialog = make_dialog(library, article_id=bare.id, article_title=bare.title)
    assert dialog.current_article.isEnabled() and dialog.all_articles.isChecked()
    assert dialog.count_label.text() == "3 notes will be exported."
