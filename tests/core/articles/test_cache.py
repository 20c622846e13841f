"""The parsed-article cache: used only while the file is as it was."""
from __future__ import annotations

import os

from reader.core.articles import cache
from reader.core.articles.cache import ArticleCache


def _aged(path, seconds=60):
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def test_an_unchanged_file_is_parsed_once(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nSome text.\n")
    _aged(path)
    parsed = []
    real = cache.load_articles
    monkeypatch.setattr(cache, "load_articles", lambda p: parsed.append(p) or real(p))
    articles = ArticleCache(2)
    assert articles.load(path) is articles.load(path)
    assert parsed == [path]


def test_a_changed_or_fresh_file_is_parsed_again(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nFirst text.\n")
    _aged(path)
    articles = ArticleCache(2)
    first = articles.load(path)
    path.write_text("Title\n\nSecond, longer text.\n")  # just written: racy, never cached
    assert "Second" in articles.load(path).articles[0].text
    assert articles.load(path) is not articles.load(path)
    assert "First" in first.articles[0].text


def test_only_the_newest_articles_are_kept(tmp_path):
    articles = ArticleCache(1)
    paths = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"{name}\n\ntext {name}\n")
        _aged(path)
        paths.append(path)
    a = articles.load(paths[0])
    articles.load(paths[1])
    assert articles.load(paths[0]) is not a


def test_a_cached_article_keeps_its_spans(tmp_path):
    """The cache keeps the parsed Article itself, in this process only: nothing
    is written, so there is no stored form that could lack the spans."""
    path = tmp_path / "a.md"
    path.write_text("# A\n\nSome **bold** text.\n")
    _aged(path)
    articles = ArticleCache(2)
    first = articles.load(path).articles[0]
    again = articles.load(path).articles[0]
    assert again is first
    [paragraph] = [b for b in again.blocks if b.kind == "paragraph"]
    assert [(paragraph.text[s.start:s.end], s.kind) for s in paragraph.spans] == [("bold", "bold")]
