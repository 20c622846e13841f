"""Snippets: escaped HTML with the matches marked."""
from __future__ import annotations

from reader.core.search.snippets import render_snippet


def test_snippet_rendering_escapes_and_marks():
    text = "Title\nA <b>bold</b> claim & a quokka here."
    start = text.index("quokka")
    html = render_snippet(text, [(start, start + 6)])
    assert "<mark>quokka</mark>" in html and "&lt;b&gt;" in html and "&amp;" in html
