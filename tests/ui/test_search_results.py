"""Search results: the model passes the model tester, the delegate's documents, marked snippets."""
from __future__ import annotations

from tests.ui.ui_helpers import search

from reader.core.model import Hit, NoteHit
from reader.ui.search_results import HIT_ROLE, ResultsModel, snippet_html
from reader.ui.theme import THEMES


def test_result_documents_are_made_once_and_follow_the_theme(qtbot, panel):
    search(qtbot, panel, "putin")
    index = panel.model.index(0, 0)
    width = panel.list.viewport().width()
    title, body = panel.delegate._docs(index, width, False)
    assert panel.delegate._docs(index, width, False) == (title, body)  # reused, not rebuilt
    assert "Putin" in body.toPlainText() or "putin" in body.toPlainText().lower()
    panel.set_theme(THEMES["dark"])
    dark_title, dark_body = panel.delegate._docs(index, width, False)
    assert dark_body is not body
    assert THEMES["dark"].hit.lower() in dark_body.toHtml().lower()


def test_results_model_passes_the_model_tester(qtmodeltester, qtbot, panel, library):
    search(qtbot, panel, "putin")
    qtmodeltester.check(panel.model)
    model = ResultsModel()
    hits = [Hit("a", "/a", "Title <b>", "2016-01-01", "Src", "", 2.0, "x <mark>y</mark>", [(0, 1)]),
            NoteHit("n1", "a", "Title", 1.0, "quote")]
    model.set_hits(hits)
    qtmodeltester.check(model)
    assert model.index(0, 0).data(HIT_ROLE) is hits[0]
    model.clear()
    qtmodeltester.check(model)



def test_snippet_marks_take_the_theme_colours():
    for theme in THEMES.values():
        styled = snippet_html("a <mark>b</mark> c", theme)
        assert "<mark>" not in styled and f"background-color:{theme.hit}" in styled
        assert styled.startswith("a <span") and styled.endswith("</span> c")
