"""search_articles on the seed articles: ranking, fields, dates, sorting, paging."""
from __future__ import annotations

from pathlib import Path

from reader.core import articles
from reader.core.search.articles import search_articles
from tests.core.search.hits import name as _name
from tests.core.search.hits import texts as _texts


def test_single_word(ix):
    results = search_articles(ix, "Kerry")
    assert [_name(h) for h in results.hits] == ["002_f1679ddc9c757593.txt"]
    hit = results.hits[0]
    assert _texts(ix, hit) == ["Kerry", "Kerry"]
    assert "<mark>Kerry</mark>" in hit.snippet
    assert hit.title == "How Terror Attacks Gift Russia Foreign Policy Opportunity"


def test_stemming_and_accent_folding(ix):
    hit = search_articles(ix, "Crocus").hits[0]
    assert _name(hit) == "001_80c24120098c9853.txt"
    attack = search_articles(ix, "attack", limit=50)
    forms = {t.lower() for h in attack.hits for t in _texts(ix, h)}
    assert {"attack", "attacks"} <= forms
    polish = search_articles(ix, "Wladimir Walesa")
    assert [_name(h) for h in polish.hits] == ["polish.md"]
    assert set(_texts(ix, polish.hits[0])) == {"Władimir", "Wałęsa"}
    cafe = search_articles(ix, "cafe")
    assert _name(cafe.hits[0]) == "polish.md" and "café" in _texts(ix, cafe.hits[0])


def test_boolean_operators(ix):
    both = {_name(h) for h in search_articles(ix, "Putin AND Kerry").hits}
    assert both == {"002_f1679ddc9c757593.txt"}
    without = {_name(h) for h in search_articles(ix, "Putin NOT Kerry", limit=50).hits}
    minus = {_name(h) for h in search_articles(ix, "Putin -Kerry", limit=50).hits}
    assert without == minus and "002_f1679ddc9c757593.txt" not in without and without
    either = {_name(h) for h in search_articles(ix, "Kerry OR Crocus").hits}
    assert either == {"002_f1679ddc9c757593.txt", "001_80c24120098c9853.txt"}


def test_fields_wildcards_fuzzy(ix):
    title = search_articles(ix, "title:caliphate")
    assert [_name(h) for h in title.hits] == ["000_bd4b439d0d512623.txt"]
    hit = title.hits[0]
    text = articles.load_article(Path(hit.path)).text
    assert [text[s:e] for s, e in hit.highlights] == ["Caliphate"]
    assert hit.highlights[0][1] <= len(hit.title) + text.index(hit.title)
    source = search_articles(ix, 'source:"Russia Insider"')
    assert [_name(h) for h in source.hits] == ["003_fda6f1deab9c57e6.txt"]
    wild = search_articles(ix, "counterterror*")
    assert "002_f1679ddc9c757593.txt" in {_name(h) for h in wild.hits}
    assert all(t.lower().startswith("counterterror") for h in wild.hits for t in _texts(ix, h))
    fuzzy = search_articles(ix, "Kery~")  # one edit from the stem of "Kerry"
    kerry = next(h for h in fuzzy.hits if _name(h) == "002_f1679ddc9c757593.txt")
    assert "Kerry" in _texts(ix, kerry)


def test_dates_sorting_paging(ix):
    dated = search_articles(ix, "date:2016")
    assert [_name(h) for h in dated.hits] == ["000_bd4b439d0d512623.txt"]
    assert search_articles(ix, "date:[2015 to 2017]").total == 1
    assert search_articles(ix, "date:2014").total == 0
    everything = search_articles(ix, "Russia", limit=50)
    by_date = search_articles(ix, "Russia", limit=50, sort="date")
    assert _name(by_date.hits[0]) == "000_bd4b439d0d512623.txt"
    page1 = search_articles(ix, "Russia", limit=2, page=1)
    page2 = search_articles(ix, "Russia", limit=2, page=2)
    assert page1.total == page2.total == everything.total >= 4
    assert not {h.id for h in page1.hits} & {h.id for h in page2.hits}


def test_empty_query_has_no_results(ix):
    assert search_articles(ix, "   ").total == 0


def test_a_date_query_says_how_many_articles_have_no_date(library):
    undated = sum(1 for info in library.articles() if not info.date)
    assert undated  # the seeds have some
    results = library.search("date:2016")
    assert results.undated == undated
    assert results.undated_note().startswith(f"{undated} article")
    assert "cannot match" in results.undated_note()
    assert library.search("putin").undated == 0  # no date: asked, nothing to say
    assert library.search("putin").undated_note() == ""


def test_folder_and_path_find_articles_by_where_their_files_are(library, seeds):
    briefs = seeds / "Syria briefs, 2016"
    briefs.mkdir()
    (briefs / "aleppo-note.md").write_text("# Aleppo\n\nThe siege of Aleppo tightened.\n",
                                           encoding="utf-8")
    library.update_index()
    assert [h.title for h in library.search('aleppo folder:"syria briefs, 2016"').hits] == [
        "Aleppo"]
    assert library.search(f'folder:"{briefs}"').total == 1  # the whole path, commas and all
    assert library.search(f"folder:{seeds.name}").total == 6  # every article under it
    assert library.search("path:aleppo-note.md").total == 1
    assert library.search("path:*.md").total == 1
    assert library.search("putin path:*.txt").total >= 1
    assert library.search("folder:nowhere").total == 0
