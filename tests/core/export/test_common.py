"""Filters, deep links, and the pages citations name."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from reader.core.articles import FileArticles
from reader.core.export import ArticleMeta, NoteFilter, apply_filter, deep_link, with_pages
from reader.core.export.common import page_at, page_starts
from reader.core.model import Article, ArticleError, Block
from tests.core.export.helpers import make_note


def test_filter_none_keeps_all_in_order(notes):
    assert apply_filter(notes, NoteFilter()) == notes


def test_filter_article_ids(notes):
    assert [n.id for n in apply_filter(notes, NoteFilter(article_ids=frozenset({"b2" * 8})))] \
        == [notes[2].id]


def test_filter_tags_any_case_insensitive(notes):
    got = apply_filter(notes, NoteFilter(tags=frozenset({"RUSSIA", "Syria"})))
    assert got == [notes[0], notes[1]]


def test_filter_colors(notes):
    assert apply_filter(notes, NoteFilter(colors=frozenset({"green", "blue"}))) \
        == [notes[0], notes[2]]


def test_filter_dates_inclusive(notes):
    flt = NoteFilter(since=date(2026, 11, 2), until=date(2026, 11, 3))
    assert apply_filter(notes, flt) == [notes[0], notes[2]]
    assert apply_filter(notes, NoteFilter(since=date(2026, 11, 4))) == [notes[3]]
    assert apply_filter(notes, NoteFilter(until=date(2026, 11, 1))) == [notes[1]]


def test_filter_date_uses_the_notes_own_offset():
    late = make_note(1, created="2026-11-01T23:30:00-05:00")  # Nov 2 in UTC
    assert apply_filter([late], NoteFilter(until=date(2026, 11, 1))) == [late]


def test_filter_undated_note_fails_date_constraint():
    undated = make_note(1, created="")
    assert apply_filter([undated], NoteFilter(since=date(2000, 1, 1))) == []
    assert apply_filter([undated], NoteFilter()) == [undated]


def test_filter_note_ids_and_combination(notes):
    flt = NoteFilter(note_ids=frozenset({notes[0].id, notes[2].id}), colors=frozenset({"blue"}))
    assert apply_filter(notes, flt) == [notes[2]]


def test_filter_empty_set_matches_nothing(notes):
    assert apply_filter(notes, NoteFilter(tags=frozenset())) == []


def test_deep_link(notes):
    note = notes[0]
    assert deep_link(note) == f"reader://article/{note.article_id}?note={note.id}"


# --------------------------------------------------------------------------
# Markdown, one document


# --------------------------------------------------------------------------
# pages


def _paged_article():
    return Article(id="p" * 16, path=Path("/lib/report.pdf"), title="Report", blocks=(
        Block("heading", "Report", 1, page=1), Block("paragraph", "one", page=1),
        Block("paragraph", "two", page=2), Block("boilerplate", "Page 2", page=2),
        Block("paragraph", "four", page=4)))


def test_page_starts_and_page_at():
    article = _paged_article()
    pages = page_starts(article)
    assert pages == ((0, 1), (article.text.index("two"), 2), (article.text.index("four"), 4))
    assert [page_at(pages, article.text.index(word) + 1) for word in ("one", "two", "Page", "four")] \
        == [1, 2, 2, 4]
    assert page_at(pages, article.text.index("four") - 1) == 2  # the "\n" before a block
    assert page_at((), 10) == 0
    unpaged = Article(id="u" * 16, path=article.path, title="T", blocks=(Block("paragraph", "x"),))
    assert page_starts(unpaged) == ()


def test_with_pages_loads_the_articles_of_placed_notes_only():
    article = _paged_article()
    metas = {article.id: ArticleMeta(article.id, str(article.path), article.title),
             "gone" * 4: ArticleMeta("gone" * 4, "/lib/gone.pdf", "Gone"),
             "idle" * 4: ArticleMeta("idle" * 4, "/lib/idle.pdf", "No notes")}
    loaded = []

    def load(path):
        loaded.append(str(path))
        if path.name == "gone.pdf":
            raise ArticleError("no such file")
        return FileArticles((article,))

    notes = [make_note(1, article_id=article.id, fingerprint=article.fingerprint),
             make_note(2, article_id="gone" * 4),
             make_note(3, article_id="else" * 4)]  # an article the library does not know
    paged = with_pages(metas, notes, load)
    assert sorted(loaded) == ["/lib/gone.pdf", "/lib/report.pdf"]
    assert paged[article.id].pages[-1] == (article.text.index("four"), 4)
    assert paged["gone" * 4].pages == () and paged["idle" * 4] == metas["idle" * 4]


def test_with_pages_gives_no_pages_while_a_note_is_not_anchored_on_the_current_text():
    article = _paged_article()
    metas = {article.id: ArticleMeta(article.id, str(article.path), article.title)}
    stale = make_note(1, article_id=article.id, fingerprint="0" * 16)
    assert with_pages(metas, [stale], lambda _path: FileArticles((article,)))[article.id].pages == ()
    orphan = make_note(2, article_id=article.id, status="orphaned")
    assert with_pages(metas, [orphan], lambda _path: 1 / 0)[article.id].pages == ()
