"""Searching the team library: the local query language, answered by PostgreSQL, hits as local ones."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.model import QueryError
from reader.core.team.connection import connect
from reader.core.team.corpus import ingest
from reader.core.team.migrations import migrate
from reader.core.team.search import search_team

SEEDS = Path(__file__).resolve().parents[3] / "resources" / "articles"
RUSSIAN = ("Переговоры в Женеве\n\n2016-03-12\n\nДелегации встретились в Женеве и "
           "договорились о перемирии. Переговоры продолжатся.\n")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for path in SEEDS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "geneva.txt").write_text(RUSSIAN, encoding="utf-8")
    return folder


@pytest.fixture
def conn(team_url, folder):
    with connect(team_url) as conn:
        migrate(conn)
        ingest(conn, [folder])
        yield conn


def _names(results) -> list[str]:
    return sorted(Path(hit.path).name for hit in results.hits)


@pytest.mark.parametrize("text", [
    "Putin", "Putin Kerry", "Putin OR Kerry", "Putin -Kerry", '"Islamic State"', "caliph*",
    "title:russia", "Russia AND NOT Putin", "lang:en Moscow", "Kery~", "Krelmin~2", "stat~",
    "title:Rusia~", "very", "\"of the\""])
def test_the_same_articles_as_a_local_search(conn, library, folder, text):
    """The team library answers the query language as the local index does,
    on the same articles (counts, and which articles)."""
    library.add_folders([folder])
    library.update_index()
    local = library.search(text, limit=50)
    team = search_team(conn, text, limit=50)
    assert team.total == local.total and _names(team) == _names(local), text


def test_hits_carry_the_same_passages_and_snippets_as_local_ones(conn, library, folder):
    library.add_folders([folder])
    library.update_index()
    local = {Path(h.path).name: h for h in library.search('"Islamic State"', limit=50).hits}
    for hit in search_team(conn, '"Islamic State"', limit=50).hits:
        article = library.article(hit.path)
        assert hit.highlights and all(
            article.text[s:e].lower() == "islamic state" for s, e in hit.highlights)
        assert hit.highlights == local[Path(hit.path).name].highlights
        assert "<mark>" in hit.snippet


def test_words_are_stemmed_in_each_articles_language(conn):
    found = search_team(conn, "переговор")
    assert _names(found) == ["geneva.txt"]
    [hit] = found.hits
    assert hit.highlights and hit.date == "2016-03-12"
    assert search_team(conn, "date:2016 переговоры").total == 1
    assert search_team(conn, "date:[2017 to 2018] переговоры").total == 0
    assert search_team(conn, "lang:ru").total == 1


def test_results_are_paged_best_first(conn):
    first = search_team(conn, "Russia", limit=2)
    second = search_team(conn, "Russia", limit=2, page=2)
    assert first.total == second.total >= 3
    assert len(first.hits) == 2 and not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert first.hits[0].score >= first.hits[1].score


def test_what_the_team_library_cannot_answer_yet_is_a_sentence(conn):
    with pytest.raises(QueryError, match="cannot be searched in the team library yet"):
        search_team(conn, "st*te")
    with pytest.raises(QueryError, match="closing quote"):
        search_team(conn, '"Islamic State')


def test_a_server_that_goes_away_mid_search_is_a_sentence(folder, library):
    """Its own server, stopped between the connection and the query."""
    from reader.core.model import TeamError
    from tests.core.team.server import remove_cluster, start_cluster

    own = start_cluster()
    try:
        url = own.url(own.new_database())
        with connect(url) as conn:
            migrate(conn)
            ingest(conn, [folder])
        conn = connect(url)
        own.stop()
        with pytest.raises(TeamError, match="went away during the search"):
            search_team(conn, "Putin")
        conn.close()
        assert library.search("Putin").total == 4  # the local library does not mind
    finally:
        own.start()  # (so that it can be stopped and removed as usual)
        remove_cluster(own)


def test_a_search_the_server_gives_up_on_is_a_sentence(conn, monkeypatch):
    from reader.core.model import TeamError
    from reader.core.team import search

    monkeypatch.setattr(search, "SEARCH_SECONDS", 0.001)
    with pytest.raises(TeamError, match="gave up on this search"):
        search_team(conn, "Putin OR Kerry OR Moscow OR Russia OR state~2")
    monkeypatch.setattr(search, "SEARCH_SECONDS", 30)
    assert search_team(conn, "Putin").total  # the connection is usable again
