"""Facet chips: sources and years with their counts; a click narrows the search."""
from __future__ import annotations

from tests.ui.ui_helpers import search

from reader.ui.facet_bar import MAX_CHIPS, FacetBar
from reader.ui.theme import THEMES


def test_facet_chips_filter_by_source_and_year(qtbot, make_panel, rich_library):
    panel = make_panel(rich_library)
    search(qtbot, panel, "zephyr")
    assert panel.model.rowCount() == 3
    chips = panel.facets.chips()
    assert ("source", "The Guardian") in chips and ("year", "2015") in chips
    assert chips[("source", "The Guardian")].text() == "The Guardian  2"
    with qtbot.waitSignal(panel.runner.resultsReady, timeout=10000):
        panel.facets.chips()[("source", "The Guardian")].click()
    qtbot.waitUntil(lambda: not panel.runner.busy)
    assert {panel.model.hit(r).source for r in range(panel.model.rowCount())} == {"The Guardian"}
    # The other chips are still there to pick (counts of the unfiltered search).
    assert ("source", "The Economist") in panel.facets.chips()
    with qtbot.waitSignal(panel.runner.resultsReady, timeout=10000):
        panel.facets.chips()[("year", "2017")].click()
    qtbot.waitUntil(lambda: not panel.runner.busy)
    assert [panel.model.hit(r).title for r in range(panel.model.rowCount())] == ["Kremlin media abroad"]



def test_chips_pick_and_keep_values(qtbot):
    bar = FacetBar()
    qtbot.addWidget(bar)
    sources = {f"Source {i}": 10 - i for i in range(MAX_CHIPS + 3)}
    bar.set_facets({"source": sources, "year": {"2015": 4}}, total=10)
    chips = bar.chips()
    assert len([key for key in chips if key[0] == "source"]) == MAX_CHIPS
    assert ("year", "2015") in chips  # covers some results, not all: a useful chip
    bar.set_facets({"year": {"2015": 10}}, total=10)
    assert not bar.chips() and bar.isHidden()  # one value covering every result filters nothing
    bar.set_facets({"source": {"A": 2, "B": 1}}, total=3)
    with qtbot.waitSignal(bar.changed):
        bar.chips()[("source", "B")].click()
    assert bar.selected("source") == ("B",)
    bar.set_facets({"source": {"A": 3}}, total=3)
    assert bar.chips()[("source", "B")].text() == "B  0"  # a picked chip stays, even at zero
    bar.clear_selection()
    assert bar.selected("source") == ()


RUSSIAN = ("Министерство заявило во вторник, что боевики покинули город после двух дней "
           "тяжёлых обстрелов, а переговоры о перемирии возобновятся на следующей неделе.")


def test_language_chips_show_names_and_narrow_to_a_language(qtbot, make_panel, library, seeds):
    for n in range(2):
        (seeds / f"ru-{n}.txt").write_text(f"Перемирие {n}\n\n{RUSSIAN} Zephyr.\n",
                                           encoding="utf-8")
    (seeds / "en-zephyr.txt").write_text(
        "Zephyr talks\n\nThe ministry said on Tuesday that the fighters had left the town "
        "after two days of shelling, and that the zephyr talks would resume.\n", encoding="utf-8")
    library.update_index()
    panel = make_panel(library)
    search(qtbot, panel, "zephyr")
    chips = panel.facets.chips()
    assert chips[("language", "ru")].text() == "Russian  2"
    assert chips[("language", "en")].text() == "English  1"
    with qtbot.waitSignal(panel.runner.resultsReady, timeout=10000):
        chips[("language", "ru")].click()
    qtbot.waitUntil(lambda: not panel.runner.busy)
    assert sorted(panel.model.hit(r).title for r in range(panel.model.rowCount())) == [
        "Перемирие 0", "Перемирие 1"]
    assert panel.facets.selected("language") == ("ru",)


def test_chips_take_the_colours_of_a_theme_chosen_while_they_show(qtbot, window):
    """They stayed white on the dark theme until the next search."""
    search(qtbot, window.search_panel, "russia OR syria")
    chip = next(iter(window.search_panel.facets.chips().values()))

    def fill() -> str:  # inside the border, left of the text
        image = chip.grab().toImage()
        return image.pixelColor(5, image.height() // 2).name()

    assert fill() == THEMES["light"].base
    for name in ("dark", "sepia"):
        window.set_theme(name)
        assert fill() == THEMES[name].base
