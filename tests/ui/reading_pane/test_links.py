"""Which links a click follows, and where to (reading_pane/links.py): decided from the link alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.reading_pane.links import ARTICLE, EXTERNAL, READER, REFUSED, link_target

HERE = Path("/data/articles/2016/grain.md")


@pytest.mark.parametrize(("href", "path"), [
    ("other.md", "/data/articles/2016/other.md"),
    ("  ../2015/old%20report.md#part-2 ", "/data/articles/2016/../2015/old report.md"),
    ("sub/x.md?version=2", "/data/articles/2016/sub/x.md"),
    ("/srv/shared/notes.md", "/srv/shared/notes.md"),
    ("file:///srv/shared/notes.md", "/srv/shared/notes.md"),
])
def test_files_are_articles_to_look_up(href, path):
    target = link_target(href, HERE)
    assert target.kind == ARTICLE and target.path == Path(path)


@pytest.mark.parametrize("href", ["https://example.org/a?b=1&c=2", "http://example.org",
                                  "HTTPS://EXAMPLE.ORG/x", "mailto:desk@example.org"])
def test_web_and_mail_links_go_to_the_system(href):
    target = link_target(href, HERE)
    assert target.kind == EXTERNAL and target.url is not None and target.url.toString()


def test_readers_own_links_are_readers():
    assert link_target("reader://article/0123456789abcdef", HERE).kind == READER


@pytest.mark.parametrize(("href", "reason"), [
    ("javascript:alert(1)", "Reader does not follow javascript: links."),
    ("JavaScript:alert(1)", "Reader does not follow javascript: links."),
    ("data:text/html,<b>x</b>", "Reader does not follow data: links."),
    ("ftp://example.org/x", "Reader does not follow ftp: links."),
    ("http:no-host", "Reader does not follow http: links."),
    ("#section-2", "That link points into this same article."),
])
def test_everything_else_is_refused_with_a_reason(href, reason):
    target = link_target(href, HERE)
    assert target.kind == REFUSED and target.reason == reason
