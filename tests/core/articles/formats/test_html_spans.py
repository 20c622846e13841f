"""Inline spans of an HTML fragment (formats/html.py ``fragment_blocks``): bold,
italic, code and links over the block text, whatever cleaning did to it."""
from __future__ import annotations

import html as html_module

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.articles.formats.html import fragment_blocks, parse_html
from reader.core.articles.text import clean
from reader.core.model import BOLD, CODE, ITALIC, LINK, Block


def styled(block: Block) -> list[tuple[str, str, str]]:
    """(text, kind, href) of each span: what a reader sees styled."""
    return [(block.text[s.start:s.end], s.kind, s.href) for s in block.spans]


def test_bold_italic_code_and_links():
    [block] = fragment_blocks('<p>A <strong>strong</strong>, <b>b</b>, <em>em</em>, <i>i</i>, '
                              '<code>x = 1</code> and <a href="other.md">a link</a>.</p>')
    assert block.text == "A strong, b, em, i, x = 1 and a link."
    assert styled(block) == [("strong", BOLD, ""), ("b", BOLD, ""), ("em", ITALIC, ""),
                             ("i", ITALIC, ""), ("x = 1", CODE, ""), ("a link", LINK, "other.md")]


def test_nested_markup_gives_overlapping_spans():
    [block] = fragment_blocks("<p>x <b>bold <i>both</i> bold</b> <i><b>b</b>i</i></p>")
    assert block.text == "x bold both bold bi"
    assert sorted(styled(block)) == sorted([("bold both bold", BOLD, ""), ("both", ITALIC, ""),
                                            ("b", BOLD, ""), ("bi", ITALIC, "")])


def test_markup_at_the_edges_of_a_block_and_its_spaces():
    [block] = fragment_blocks("<p><b>  Edge </b>\n   middle   <i> end  </i></p>")
    assert block.text == "Edge middle end"
    assert styled(block) == [("Edge", BOLD, ""), ("end", ITALIC, "")]


def test_entities_and_scripts_of_every_width():
    [block] = fragment_blocks("<p>&amp;&nbsp;<b>&lt;tag&gt;</b> 🙂<i>Привет</i> "
                              "<em>مرحبا بكم</em> <a href='x'>🙂🙂 ok</a> &#x1F600;<code>é</code></p>")
    assert block.text == "&\u00a0<tag> 🙂Привет مرحبا بكم 🙂🙂 ok 😀é"
    assert styled(block) == [("<tag>", BOLD, ""), ("Привет", ITALIC, ""), ("مرحبا بكم", ITALIC, ""),
                             ("🙂🙂 ok", LINK, "x"), ("é", CODE, "")]


def test_only_links_with_a_target_are_links():
    [block] = fragment_blocks('<p><a name="top">anchor</a> <a href="  ">blank</a> '
                              '<a href=" a.md ">ok</a></p>')
    assert styled(block) == [("ok", LINK, "a.md")]


def test_an_element_across_blocks_styles_each_part():
    blocks = fragment_blocks('<a href="u"><p>one</p><p>two</p></a><p><b>x<br>y</b> z</p>')
    assert [styled(b) for b in blocks] == [[("one", LINK, "u")], [("two", LINK, "u")],
                                           [("x", BOLD, "")], [("y", BOLD, "")]]


def test_a_code_block_is_code_line_by_line():
    blocks = fragment_blocks("<pre><code>first()\nsecond()</code></pre>")
    assert [styled(b) for b in blocks] == [[("first()", CODE, "")], [("second()", CODE, "")]]


def test_adjacent_markup_of_one_kind_is_one_span():
    [block] = fragment_blocks("<p><b>a</b><b>b</b> <b>c<b>d</b></b></p>")
    assert styled(block) == [("ab", BOLD, ""), ("cd", BOLD, "")]


def test_a_saved_page_keeps_no_spans():
    parsed = parse_html("<html><body><article><h1>T</h1><p>Some <b>bold</b> and "
                        "<a href='/x'>link</a> text, long enough to be the article's text.</p>"
                        "</article></body></html>")
    assert all(not b.spans for b in parsed.blocks)


# -- property: spans stay inside their blocks, and cover what was marked up

_PIECES = st.text(alphabet=st.sampled_from("ab Жع🙂\t\n&<\x07\u00a0"), max_size=6)
_KINDS = {"b": BOLD, "strong": BOLD, "i": ITALIC, "em": ITALIC, "code": CODE, "a": LINK}


@st.composite
def _paragraph(draw) -> tuple[str, list[tuple[str, str]]]:
    """The HTML of a paragraph, and (kind, inner text) of each element in it."""
    parts, marked = [], []
    for _ in range(draw(st.integers(1, 5))):
        text = draw(_PIECES)
        tag = draw(st.sampled_from([None, *_KINDS]))
        inner = draw(st.sampled_from([None, *(k for k in _KINDS if not k == tag == "a")]))  # no <a> in an <a>
        if tag is None:
            parts.append(html_module.escape(text))
            continue
        inside = html_module.escape(text)
        if inner is not None:
            more = draw(_PIECES)
            inside += f"{_open(inner)}{html_module.escape(more)}</{inner}>"
            marked.append((_KINDS[inner], more))
            text += more
        parts.append(f"{_open(tag)}{inside}</{tag}>")
        marked.append((_KINDS[tag], text))
    return "<p>" + "".join(parts) + "</p>", marked


def _open(tag: str) -> str:
    return f'<{tag} href="t.md">' if tag == "a" else f"<{tag}>"


@settings(max_examples=300, deadline=None)
@given(st.lists(_paragraph(), min_size=1, max_size=4))
def test_spans_stay_inside_blocks_and_cover_their_markup(paragraphs):
    blocks = fragment_blocks("".join(html for html, _ in paragraphs))
    plain = fragment_blocks("".join(html for html, _ in paragraphs).replace("<b>", "<span>"))
    assert [b.text for b in blocks] == [b.text for b in plain if b.text]  # spans change no text
    by_text: dict[str, list[str]] = {}
    for block in blocks:
        for span in block.spans:
            assert 0 <= span.start < span.end <= len(block.text)
            styled_text = block.text[span.start:span.end]
            assert styled_text == styled_text.strip()
            by_text.setdefault(span.kind, []).append(styled_text)
    for _, marked in paragraphs:
        for kind, inner in marked:
            if clean(inner):  # what an element held is inside one span of its kind
                assert any(clean(inner) in s for s in by_text.get(kind, [])), (kind, inner)

