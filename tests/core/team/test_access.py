"""The team library through the library facade: one results list, and a server that is not there."""
from __future__ import annotations

import time

from reader.core.team import access
from reader.core.team.connection import SEARCH_CONNECT_SECONDS
from tests.core.team.desks import ARTICLE


def test_team_hits_join_the_local_ones_in_one_list_each_ranked_on_its_own_scores(
        team, library):
    library.use_team(team.url_of("alice"))
    (library.paths.home.parent / "articles" / "geneva-local.txt").write_text(
        ARTICLE.replace("Geneva", "Vienna"), encoding="utf-8")
    library.update_index()
    local = library.search("ceasefire")
    assert local.team_total == 0 and not any(hit.team for hit in local.hits)  # (when asked)
    results = library.search("ceasefire", team=True)
    assert (results.total, results.team_total, results.team_error) == (local.total + 1, 1, "")
    assert [hit.team for hit in results.hits].count(True) == 1
    assert results.hits[0].title in ("Talks in Geneva", "Talks in Vienna")  # each origin's best
    by_date = library.search("ceasefire", team=True, sort="date")
    assert [hit.date for hit in by_date.hits] == sorted((h.date for h in by_date.hits),
                                                        reverse=True)


def test_a_narrowed_search_says_the_team_library_was_left_out(team, library):
    library.use_team(team.url_of("alice"))
    results = library.search("Putin", team=True, sources=["Russia Insider"])
    assert results.team_total == 0 and "narrows local articles only" in results.team_error


def test_a_server_that_is_not_there_is_not_waited_for_on_every_keystroke(
        library, tmp_path, monkeypatch):
    tried = []
    real = access._session

    def counted(url, password, timeout=None):
        tried.append((url, timeout))
        return real(url, password, timeout)

    monkeypatch.setattr(access, "_session", counted)
    library.use_team(f"postgresql://nobody@/db?host={tmp_path}/gone")
    first = library.search("Putin", team=True)
    assert first.total == 4 and first.team_error.startswith("Could not reach the team server")
    assert tried[0][1] == SEARCH_CONNECT_SECONDS  # (a search waits less on a connection)
    started = time.monotonic()
    second = library.search("Putin Kerry", team=True)
    assert second.team_error == first.team_error and len(tried) == 1
    assert time.monotonic() - started < access.TEAM_RETRY_SECONDS
    library.use_team(f"postgresql://nobody@/db?host={tmp_path}/gone")  # asked again: tried again
    library.search("Putin", team=True)
    assert len(tried) == 2
