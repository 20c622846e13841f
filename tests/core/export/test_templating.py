"""The Markdown templates: report, obsidian, the analyst's own; errors as sentences."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from reader.core.export import (TEMPLATE_KEEP_MARKER, available_templates, load_template,
                                write_markdown_folder)
from reader.core.model import BUILTIN_TEMPLATES, ExportError, parse_link
from tests.core.export.helpers import (ARTICLES, blockquote_texts, front_matter, headings,
                                       make_note, md_tokens, rendered)

STAMP = "2026-11-21T09:30:00+00:00"


def paragraphs(text: str) -> list[str]:
    """The inline text of each top-level paragraph (outside quotes and lists)."""
    tokens, depth, found = md_tokens(text), 0, []
    for i, token in enumerate(tokens):
        depth += {"blockquote_open": 1, "blockquote_close": -1, "bullet_list_open": 1,
                  "bullet_list_close": -1}.get(token.type, 0)
        if token.type == "inline" and not depth and tokens[i - 1].type == "paragraph_open":
            found.append(token.content)
    return found


def test_report_quotes_each_passage_then_cites_it_then_gives_the_note(notes):
    text = load_template("report", None).document(notes, ARTICLES, STAMP, False)
    assert "<!--" not in text and "reader://" not in text and "Colour" not in text
    tokens = md_tokens(text)
    assert headings(tokens, "h2") == ["France will now hold its nose", 'Oil: a "new" era?']
    assert "passage number 3" in blockquote_texts(tokens)
    assert paragraphs(text) == [
        "— *France will now hold its nose*, The Telegraph, 24 November 2016",
        "— *France will now hold its nose*, The Telegraph, 24 November 2016",
        "**bold** point",
        "— *France will now hold its nose*, The Telegraph, 24 November 2016",
        "Orphan body",
        '— *Oil: a "new" era?*, Example News',  # no author or date: no empty commas
        "Oil note",
    ]
    assert front_matter(text) == {"title": "Reader notes", "exported_at": STAMP, "note_count": 4,
                                  "article_count": 2}


def test_report_gives_the_colour_only_when_asked(notes):
    text = load_template("report", None).document(notes, ARTICLES, STAMP, True)
    assert "Colour: green" in paragraphs(text) and "Colour: blue" in paragraphs(text)


def test_report_per_article_front_matter_has_no_empty_keys(notes):
    oil = ARTICLES["b2" * 8]
    text = load_template("report", None).article(oil, [notes[2]], STAMP, False)
    assert front_matter(text) == {"title": 'Oil: a "new" era?', "source": "Example News",
                                  "path": "/lib/oil.md", "exported_at": STAMP,
                                  "reader_article_id": "b2" * 8}
    assert text.endswith(f"\n\n{TEMPLATE_KEEP_MARKER}\n")
    assert rendered(text).rstrip().endswith("<p>Oil note</p>")  # the marker renders as nothing


def test_obsidian_callouts_block_ids_tags_and_links(notes):
    tagged = [replace(notes[0], tags=["big picture", "1984", "a/b", "ü:x"]), *notes[1:]]
    template = load_template("obsidian", None)
    text = template.document(tagged, ARTICLES, STAMP, False)
    assert text == template.document(tagged, ARTICLES, "2027-01-01T00:00:00+00:00", False).replace(
        "2027-01-01T00:00:00+00:00", STAMP)
    callouts = [line for line in text.splitlines() if line.startswith("> [!quote|")]
    assert callouts[0] == ("> [!quote|yellow] *France will now hold its nose*, The Telegraph, "
                           "24 November 2016")
    assert len(callouts) == len(notes)
    ids = [line for line in text.splitlines() if line.startswith("^")]
    assert len(ids) == len(set(ids)) == len(notes)
    assert all(re.fullmatch(r"\^note-[0-9a-f]{8}", line) for line in ids)
    assert "> #big-picture #_1984 #a/b #ü-x · [Open in Reader](" in text
    links = re.findall(r"\]\((reader://[^)]+)\)", text)
    assert {parse_link(link).note_id for link in links} == {n.id for n in notes}
    # Each block id follows its callout after a blank line, as Obsidian wants for a quote.
    assert "\n>\n> #syria · [Open in Reader](" in text and "\n\n^note-" in text


def test_the_block_id_of_a_note_is_the_same_at_every_export(notes):
    template = load_template("obsidian", None)
    first = template.article(ARTICLES["a1" * 8], notes[:2], STAMP, False)
    again = template.article(ARTICLES["a1" * 8], [notes[1], make_note(7), notes[0]], STAMP, False)
    ids = [line for line in first.splitlines() if line.startswith("^")]
    assert set(ids) < {line for line in again.splitlines() if line.startswith("^")}


def test_the_builtin_templates_are_listed_with_the_default_first():
    listed = available_templates(None)
    assert [t.name for t in listed] == list(BUILTIN_TEMPLATES) and listed[0].name == "report"
    assert all(t.summary and not t.path for t in listed)


def test_a_users_template_is_offered_and_rendered(tmp_path, notes):
    (tmp_path / "brief.md.j2").write_text(
        "{# One line per note #}\n{{ front_matter }}\n{% for a in articles %}{% for n in a.notes %}"
        "- {{ n.quote | md }} ({{ a.source or 'no source' }}) {{ n.block_id }}\n"
        "{% endfor %}{% endfor %}", encoding="utf-8")
    (tmp_path / "report.jinja").write_text("Mine: {{ note_count }}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a template", encoding="utf-8")
    listed = {t.name: t for t in available_templates(tmp_path)}
    assert list(listed) == ["report", "obsidian", "detailed", "brief"]
    assert listed["brief"].summary == "One line per note"
    assert listed["report"].path == str(tmp_path / "report.jinja")
    assert load_template("report", tmp_path).document(notes, ARTICLES, STAMP, False) == "Mine: 4\n"
    text = load_template("brief", tmp_path).document(notes, ARTICLES, STAMP, False)
    assert "- passage number 3 (The Telegraph) note-" in text


@pytest.mark.parametrize("source, expected", [
    ("# {{ title }\n", r"The template 'bad' has an error at line 1: unexpected '}'"),
    ("ok\n{% for a in articles %}\n", r"has an error at line 2: Unexpected end of template"),
    ("\n\n{{ articles[0].nonsense }}\n", r"failed at line 3: 'dict object' has no attribute "
                                          r"'nonsense'"),
    ("{{ title.__class__.__mro__ }}\n", r"failed at line 1: access to attribute '__class__'"),
    ("{{ 1 // 0 }}\n", r"failed at line 1: ZeroDivisionError"),
])
def test_a_broken_template_is_a_sentence_with_its_name_and_line(tmp_path, notes, source, expected):
    (tmp_path / "bad.md.j2").write_text(source, encoding="utf-8")
    with pytest.raises(ExportError, match=expected) as caught:
        load_template("bad", tmp_path).document(notes, ARTICLES, STAMP, False)
    assert str(tmp_path / "bad.md.j2") in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_an_unknown_template_names_the_choices(tmp_path):
    with pytest.raises(ExportError, match=r"No template 'nope'; the templates are: report, "
                                          r"obsidian, detailed \(yours go in "):
        load_template("nope", tmp_path)


def test_a_folder_template_must_write_the_article_id(tmp_path, notes):
    (tmp_path / "bare.j2").write_text("{{ title }}\n", encoding="utf-8")
    with pytest.raises(ExportError, match="wrote no reader_article_id"):
        write_markdown_folder(notes, ARTICLES, tmp_path / "out",
                              template=load_template("bare", tmp_path))


def test_a_body_holding_the_keep_marker_cannot_end_readers_part(tmp_path):
    note = make_note(1, body=f"mine\n{TEMPLATE_KEEP_MARKER}\nstill mine")
    template = load_template("report", None)
    [path] = write_markdown_folder([note], ARTICLES, tmp_path, template=template)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("my conclusion\n")
    write_markdown_folder([note], ARTICLES, tmp_path, template=template)
    text = path.read_text(encoding="utf-8")
    assert text.count("still mine") == 1 and text.count("my conclusion") == 1
    assert headings(md_tokens(text), "h1") == ["France will now hold its nose"]
