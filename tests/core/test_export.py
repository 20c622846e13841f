"""Export: filters, Markdown (one document / one file per article), W3C JSON-LD, CSV.

Markdown is checked by parsing it the way its readers do (CommonMark via
markdown-it-py, front matter via PyYAML), not by comparing strings.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import re
import uuid
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from reader.core.export import (
    ANNO_CONTEXT,
    CSV_HEADER,
    KEEP_MARKER,
    LOST_HEADING,
    ArticleMeta,
    ExportError,
    NoteFilter,
    apply_filter,
    deep_link,
    from_w3c,
    to_csv,
    to_markdown,
    to_w3c,
    write_markdown_folder,
)
from reader.core.model import COLORS, ORPHANED, STATUSES, Note, article_id_for

WHEN = datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc)

ARTICLES = {
    "a1" * 8: ArticleMeta(id="a1" * 8, path="/lib/france.txt",
                          title="France will now hold its nose", date="2016-11-24",
                          author="Con Coughlin", source="The Telegraph"),
    "b2" * 8: ArticleMeta(id="b2" * 8, path="/lib/oil.md", title="Oil: a \"new\" era?",
                          source="Example News"),
}


def make_note(n: int, **fields) -> Note:
    base = dict(
        id=str(uuid.UUID(int=n, version=4)),
        article_id="a1" * 8,
        article_path="/lib/france.txt",
        article_title="France will now hold its nose",
        fingerprint="0123456789abcdef",
        exact=f"passage number {n}",
        prefix="before ",
        suffix=" after",
        start=10 * n,
        end=10 * n + 5,
        created=f"2026-11-{n:02d}T10:00:00+00:00",
        modified=f"2026-11-{n:02d}T11:00:00+00:00",
    )
    base.update(fields)
    return Note(**base)


@pytest.fixture
def notes() -> list[Note]:
    return [
        make_note(3, body="**bold** point\n\n- first\n- second", tags=["Russia", "big picture"],
                  color="green"),
        make_note(1, exact="# Not a heading\n- not a list\n1. not ordered\nplain line",
                  tags=["syria"]),
        make_note(2, article_id="b2" * 8, article_path="/lib/oil.md", article_title="Oil",
                  color="blue", body="Oil note"),
        make_note(4, status=ORPHANED, score=0.0, exact="lost words", body="Orphan body"),
    ]


def md_tokens(text: str):
    return MarkdownIt("commonmark").use(front_matter_plugin).parse(text)


def front_matter(text: str) -> dict:
    tokens = md_tokens(text)
    assert tokens[0].type == "front_matter"
    return yaml.safe_load(tokens[0].content)


def headings(tokens, tag: str) -> list[str]:
    return [tokens[i + 1].content for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == tag]


def blockquote_texts(tokens) -> list[str]:
    """The inline text of each paragraph inside a blockquote, by quote."""
    quotes, depth = [], 0
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            quotes.append([]) if depth == 1 else None
        elif token.type == "blockquote_close":
            depth -= 1
        elif depth and token.type == "inline":
            quotes[-1].append(token.content)
    return ["\n".join(q) for q in quotes]


def rendered(text: str) -> str:
    return MarkdownIt("commonmark").use(front_matter_plugin).render(text)


# --------------------------------------------------------------------------
# apply_filter


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


def test_markdown_front_matter_and_sections(notes):
    text = to_markdown(notes, ARTICLES, exported_at=WHEN)
    fm = front_matter(text)
    assert fm == {"title": "Reader notes", "exported_at": "2026-11-21T09:30:00+00:00",
                  "note_count": 4, "article_count": 2}
    tokens = md_tokens(text)
    assert headings(tokens, "h1") == ["Reader notes"]
    assert headings(tokens, "h2") == ["France will now hold its nose", 'Oil: a "new" era?']
    assert headings(tokens, "h3") == [LOST_HEADING]
    assert text.count("---\n") == 2  # one front matter only


def test_markdown_passages_bodies_tags_links(notes):
    text = to_markdown(notes, ARTICLES, exported_at=WHEN)
    quotes = blockquote_texts(md_tokens(text))
    assert "passage number 3" in quotes
    assert "passage number 2" in quotes
    html = rendered(text)
    assert "<strong>bold</strong> point" in html
    assert "<li>first</li>" in html and "<li>second</li>" in html
    assert "#Russia #big-picture" in text
    assert "Colour: green" in text
    assert f'<a href="{deep_link(notes[0])}">Open in Reader</a>' in html
    assert "<code>/lib/france.txt</code>" in html
    for note in notes:
        assert text.count(f"<!-- reader-note: {note.id} -->") == 1
        assert text.count(f"<!-- /reader-note: {note.id} -->") == 1


def test_markdown_reading_order_and_orphans_last(notes):
    text = to_markdown(notes, ARTICLES, exported_at=WHEN)
    france = text[:text.index("## Oil")]
    order = [france.index(f"reader-note: {n.id}") for n in (notes[1], notes[0], notes[3])]
    assert order == sorted(order)
    assert france.index(LOST_HEADING) < france.index(f"reader-note: {notes[3].id}")
    assert france.index(LOST_HEADING) > france.index(f"reader-note: {notes[0].id}")


def test_markdown_passage_cannot_become_structure(notes):
    text = to_markdown([notes[1]], ARTICLES, exported_at=WHEN)
    tokens = md_tokens(text)
    assert headings(tokens, "h1") == ["Reader notes"]
    inside = tokens[[t.type for t in tokens].index("blockquote_open"):]
    inside = inside[:[t.type for t in inside].index("blockquote_close")]
    assert {t.type for t in inside} == {
        "blockquote_open", "paragraph_open", "inline", "paragraph_close"}
    quote = blockquote_texts(tokens)[0]
    assert quote.splitlines() == ["\\# Not a heading", "\\- not a list", "1\\. not ordered",
                                  "plain line"]
    html = rendered(text)
    for line in ("# Not a heading", "- not a list", "1. not ordered", "plain line"):
        assert f"<p>{line}</p>" in html
    raw = text[text.index("> "):]
    quote_lines = raw[:raw.index("\n\n")].splitlines()
    assert all(line.startswith(">") for line in quote_lines)


@pytest.mark.parametrize("line", [
    "=====", "---", "***", "> nested", "+ plus", "* star", "    indented code",
    "```fence", "~~~tilde", "<div>html</div>", "[ref]: http://x", "| a | b |", "$$math",
    "<!-- reader: your notes below are kept -->", "2) two",
])
def test_markdown_passage_line_stays_a_paragraph(line):
    note = make_note(1, exact=f"Intro line\n{line}")
    html = rendered(to_markdown([note], ARTICLES, exported_at=WHEN))
    inner = html[html.index("<blockquote>"):html.index("</blockquote>")]
    assert inner.count("<p>") == 2
    assert not re.search(r"<(h\d|ul|ol|hr|pre|div|table)\b", inner)


def test_markdown_titles_and_metadata_render_literally():
    meta = ArticleMeta(id="c3" * 8, path="/lib/a `b`.txt", title="C# *not em* <b>x</b> [y](z) #",
                       author="_A_ & B", date="2016-11-24", source="- dash")
    text = to_markdown([make_note(1, article_id=meta.id)], {meta.id: meta}, exported_at=WHEN)
    assert headings(md_tokens(text), "h2") == [
        "C\\# \\*not em\\* \\<b\\>x\\</b\\> \\[y\\](z) \\#"]
    html = rendered(text)
    assert "<h2>C# *not em* &lt;b&gt;x&lt;/b&gt; [y](z) #</h2>" in html
    assert "<li>Author: _A_ &amp; B</li>" in html and "<li>Source: - dash</li>" in html
    assert "<code>/lib/a `b`.txt</code>" in html


def test_markdown_empty_export():
    text = to_markdown([], {}, exported_at=WHEN)
    assert front_matter(text)["note_count"] == 0
    assert "No notes to export." in text


def test_markdown_orphaned_article_uses_note_fallback():
    note = make_note(1, article_id="dead" * 4, article_title="Gone article",
                     article_path="/lib/gone.txt")
    text = to_markdown([note], {}, exported_at=WHEN)
    assert headings(md_tokens(text), "h2") == ["Gone article"]
    assert "<code>/lib/gone.txt</code>" in rendered(text)


def test_markdown_naive_exported_at_gets_a_zone(notes):
    stamp = front_matter(to_markdown(notes, ARTICLES, exported_at=datetime(2026, 1, 2, 3, 4)))
    assert datetime.fromisoformat(stamp["exported_at"]).tzinfo is not None


# --------------------------------------------------------------------------
# Markdown, one file per article


def md_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md"))


def test_folder_one_file_per_article(tmp_path, notes):
    written = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN)
    assert sorted(written) == md_files(tmp_path)
    assert [p.name for p in written] == [
        f"france-will-now-hold-its-nose-{'a1' * 4}.md", f"oil-a-new-era-{'b2' * 4}.md"]
    france = written[0].read_text(encoding="utf-8")
    assert front_matter(france) == {
        "title": "France will now hold its nose", "source": "The Telegraph",
        "author": "Con Coughlin", "date": "2016-11-24", "path": "/lib/france.txt",
        "tags": ["big-picture", "Russia", "syria"],
        "exported_at": "2026-11-21T09:30:00+00:00", "reader_article_id": "a1" * 8,
    }
    tokens = md_tokens(france)
    assert headings(tokens, "h1") == ["France will now hold its nose"]
    assert headings(tokens, "h2") == [LOST_HEADING]
    assert ("Author: Con Coughlin · Source: The Telegraph · Date: 2016-11-24 · "
            "File: `/lib/france.txt`") in france
    assert france.rstrip("\n").endswith(KEEP_MARKER)
    assert "passage number 3" in blockquote_texts(tokens)
    assert not list(tmp_path.glob(".*.tmp"))


def test_folder_front_matter_round_trips_nasty_values(tmp_path):
    meta = ArticleMeta(id="c3" * 8, path="C:\\Users\\me\\a\tb.txt",
                       title='Q: "quoted" \\ back\u2028ls\x85nel #hash — 中文 🙂\x7f',
                       author="O'Brien: Jr", date="2016-11-24", source="- dash")
    note = make_note(1, article_id=meta.id, tags=["a: b", "#x"])
    [path] = write_markdown_folder([note], {meta.id: meta}, tmp_path, exported_at=WHEN)
    fm = front_matter(path.read_text(encoding="utf-8"))
    assert (fm["title"], fm["author"], fm["source"], fm["path"], fm["date"]) == (
        " ".join(meta.title.split()), meta.author, meta.source, meta.path, meta.date)
    assert fm["tags"] == ["a-b", "x"]


def test_folder_reexport_updates_in_place(tmp_path, notes):
    first = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN)
    france = first[0]
    with france.open("a", encoding="utf-8") as fh:
        fh.write("\nMy own conclusion, keep me.\n")
    edited = [replace(notes[0], body="Edited body text", modified="2026-11-22T00:00:00+00:00"),
              *notes[1:], make_note(9, body="Brand new note", exact="fresh passage")]
    renamed = {**ARTICLES, "a1" * 8: replace(ARTICLES["a1" * 8], title="A new title")}
    second = write_markdown_folder(edited, renamed, tmp_path, exported_at=WHEN)
    assert second == first
    assert md_files(tmp_path) == sorted(first)
    text = france.read_text(encoding="utf-8")
    assert front_matter(text)["title"] == "A new title"
    assert "Edited body text" in text and "**bold** point" not in text
    assert "Brand new note" in text and "fresh passage" in text
    for note in edited[:2] + edited[3:]:
        assert text.count(f"<!-- reader-note: {note.id} -->") == 1
    assert text.count(KEEP_MARKER) == 1
    assert text.endswith(KEEP_MARKER + "\n\nMy own conclusion, keep me.\n")


def test_folder_reexport_finds_renamed_file_and_keeps_tail_with_crlf(tmp_path, notes):
    [path] = write_markdown_folder(notes[2:3], ARTICLES, tmp_path, exported_at=WHEN)
    moved = tmp_path / "My oil notes.md"
    path.rename(moved)
    with moved.open("ab") as fh:
        fh.write(b"mine\r\nalso mine\r\n")
    assert write_markdown_folder(notes[2:3], ARTICLES, tmp_path, exported_at=WHEN) == [moved]
    assert md_files(tmp_path) == [moved]
    assert moved.read_bytes().endswith(KEEP_MARKER.encode() + b"\nmine\r\nalso mine\r\n")


def test_folder_never_touches_foreign_files(tmp_path, notes):
    clash = tmp_path / f"oil-a-new-era-{'b2' * 4}.md"
    clash.write_text("---\ntitle: mine\n---\nnot Reader's\n", encoding="utf-8")
    other = tmp_path / "notes.md"
    other.write_bytes(b"\xff\xfe binary-ish")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (clash, other)}
    written = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN)
    assert clash not in written
    assert f"oil-a-new-era-{'b2' * 4}-2.md" in [p.name for p in written]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before


def test_folder_body_containing_markers_does_not_lose_user_text(tmp_path):
    note = make_note(1, body=f"tricky\n\n{KEEP_MARKER}\n\nstill the body")
    [path] = write_markdown_folder([note], ARTICLES, tmp_path, exported_at=WHEN)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("user text\n")
    write_markdown_folder([note], ARTICLES, tmp_path, exported_at=WHEN)
    text = path.read_text(encoding="utf-8")
    assert text.count("user text") == 1 and text.count("still the body") == 1


@pytest.mark.parametrize("title", [
    "Iran/Iraq: a \\ b? <c> * | \"d\"", "Россия и Сирия — анализ", "..", "",
    "中" * 200,
    "CON", "a\x00b\nc",
])
def test_folder_titles_give_safe_file_names(tmp_path, title):
    meta = ArticleMeta(id="d4" * 8, path="/lib/t.txt", title=title)
    [path] = write_markdown_folder([make_note(1, article_id=meta.id)], {meta.id: meta},
                                   tmp_path, exported_at=WHEN)
    assert path.parent == tmp_path and path.exists()
    assert re.fullmatch(r"[\w-]+-d4d4d4d4\.md", path.name)
    assert len(path.name.encode("utf-8")) <= 255
    if title == "Россия и Сирия — анализ":
        assert path.name == "россия-и-сирия-анализ-d4d4d4d4.md"


def test_folder_progress_and_cancel(tmp_path, notes):
    calls = []
    written = write_markdown_folder(notes, ARTICLES, tmp_path, exported_at=WHEN,
                                    progress=lambda done, total: calls.append((done, total)),
                                    cancelled=lambda: len(calls) >= 1)
    assert len(written) == 1 and calls == [(1, 2)]


# --------------------------------------------------------------------------
# W3C Web Annotation


def all_kinds_of_notes() -> list[Note]:
    kinds = [
        make_note(1, body="", tags=[]),
        make_note(2, body="emoji 🙂👩🏽‍💻 and ünïcode",
                  tags=["émoji tag", "two words"],
                  exact="multi\nline\npassage 🙂", prefix="", suffix=""),
        make_note(3, body="line one\nline two\n\n- item", exact="x", prefix="\n", suffix="\t"),
        make_note(4, article_id="gone" * 4, article_path="/old/place.txt",
                  article_title="Gone", fingerprint=""),
    ]
    kinds += [make_note(10 + i, color=color) for i, color in enumerate(COLORS)]
    kinds += [make_note(20 + i, status=status, score=0.5 if status == "fuzzy" else 1.0)
              for i, status in enumerate(STATUSES)]
    return kinds


def annotations_of(data) -> list[dict]:
    return data["first"]["items"]


def is_iri(value: object) -> bool:
    return isinstance(value, str) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", value) is not None


def test_w3c_collection_shape(notes):
    data = to_w3c(notes, ARTICLES, exported_at=WHEN)
    assert data["@context"] == ANNO_CONTEXT
    assert data["type"] == "AnnotationCollection" and is_iri(data["id"])
    assert data["label"] == "Reader notes" and data["total"] == len(notes)
    page = data["first"]
    assert page["type"] == "AnnotationPage" and is_iri(page["id"]) and page["startIndex"] == 0
    assert len(page["items"]) == len(notes)
    json.dumps(data)


def test_w3c_annotations_meet_the_model_musts(notes):
    for ann in to_w3c(all_kinds_of_notes() + notes, ARTICLES, collection=False, exported_at=WHEN):
        assert ann["@context"] == ANNO_CONTEXT
        assert is_iri(ann["id"]) and ann["id"].startswith("urn:uuid:")
        uuid.UUID(ann["id"][9:])
        assert ann["type"] == "Annotation"
        for key in ("created", "modified", "generated"):
            assert datetime.fromisoformat(ann[key]).tzinfo is not None
        for body in ann.get("body", []):
            assert body["type"] == "TextualBody" and isinstance(body["value"], str)
            assert body["purpose"] in ("commenting", "tagging")
        target = ann["target"]
        assert target["type"] == "SpecificResource" and is_iri(target["source"])
        assert target["source"].startswith("file:///")
        assert re.fullmatch(r"reader-color-[a-z]+", target["styleClass"])
        for selector in target["selector"]:
            if selector["type"] == "TextQuoteSelector":
                assert isinstance(selector["exact"], str)
                assert all(isinstance(selector.get(k, ""), str) for k in ("prefix", "suffix"))
            else:
                assert selector["type"] == "TextPositionSelector"
                assert 0 <= selector["start"] <= selector["end"]
                assert all(type(selector[k]) is int for k in ("start", "end"))
        extension = [k for k in ann if k not in (
            "@context", "id", "type", "motivation", "created", "modified", "generated",
            "body", "target")]
        assert extension == ["https://reader.invalid/ns#state"]
        assert all(is_iri(k) for k in ann[extension[0]])


def test_w3c_motivation_and_bodies():
    plain, tagged, noted = (make_note(1), make_note(2, tags=["t"]), make_note(3, body="b"))
    a_plain, a_tagged, a_noted = to_w3c([plain, tagged, noted], {}, collection=False)
    assert a_plain["motivation"] == "highlighting" and "body" not in a_plain
    assert a_tagged["motivation"] == "highlighting"
    assert a_tagged["body"] == [{"type": "TextualBody", "value": "t", "purpose": "tagging"}]
    assert a_noted["motivation"] == "commenting"
    assert a_noted["body"] == [{"type": "TextualBody", "value": "b",
                                "format": "text/markdown", "purpose": "commenting"}]


def test_w3c_round_trip_is_lossless():
    original = all_kinds_of_notes()
    snapshot = copy.deepcopy(original)
    data = to_w3c(original, ARTICLES, exported_at=WHEN)
    assert from_w3c(data) == snapshot
    assert from_w3c(json.loads(json.dumps(data))) == snapshot
    listed = to_w3c(original, ARTICLES, collection=False)
    assert from_w3c(json.loads(json.dumps(listed))) == snapshot
    assert from_w3c(listed[1]) == [snapshot[1]]
    assert original == snapshot


def test_w3c_accepts_items_directly_and_embedded_next_pages():
    anns = to_w3c(all_kinds_of_notes()[:3], {}, collection=False)
    assert len(from_w3c({"type": "AnnotationCollection", "items": anns})) == 3
    paged = {"type": "AnnotationCollection", "first": {
        "type": "AnnotationPage", "items": anns[:1],
        "next": {"type": "AnnotationPage", "items": anns[1:]}}}
    assert [n.id for n in from_w3c(paged)] == [n.id for n in all_kinds_of_notes()[:3]]
    assert from_w3c([]) == []


def test_w3c_imports_a_foreign_annotation_with_selectors(tmp_path):
    article = tmp_path / "an article.txt"
    ann = {
        "@context": ANNO_CONTEXT,
        "id": "http://example.org/anno/1",
        "type": "Annotation",
        "body": [{"type": "TextualBody", "value": "Interesting"},
                 {"type": "TextualBody", "value": "geo", "purpose": "tagging"}],
        "target": {"source": article.as_uri(), "selector": {
            "type": "TextQuoteSelector", "exact": "the quote", "prefix": "a "}},
    }
    [note] = from_w3c(ann)
    assert note == Note(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, "http://example.org/anno/1")),
        article_id=article_id_for(article), article_path=str(article),
        article_title="an article", fingerprint="", exact="the quote", prefix="a ",
        suffix="", start=0, end=0, color="yellow", tags=["geo"], body="Interesting",
    )
    assert from_w3c(ann) == [note]  # stable id: re-import does not duplicate


def test_w3c_imports_the_minimal_annotation():
    ann = {"@context": ANNO_CONTEXT, "id": "http://example.org/anno1", "type": "Annotation",
           "body": "http://example.org/post1", "target": "http://example.com/page1"}
    [note] = from_w3c(ann)
    assert note.status == ORPHANED and note.score == 0.0
    assert note.article_path == "http://example.com/page1"
    assert re.fullmatch("[0-9a-f]{16}", note.article_id)
    assert note.body == "<http://example.org/post1>"
    assert (note.exact, note.start, note.end) == ("", 0, 0)


def test_w3c_foreign_position_only_and_style_class():
    ann = {"id": f"urn:uuid:{uuid.UUID(int=7, version=4)}", "type": ["Annotation"],
           "bodyValue": "a comment", "created": "2020-01-01T00:00:00Z",
           "target": [{"type": "SpecificResource", "source": {"id": "file:///lib/x.txt"},
                       "styleClass": "mine reader-color-purple",
                       "selector": [{"type": "TextPositionSelector", "start": 5, "end": 9}]}]}
    [note] = from_w3c(ann)
    assert note.id == str(uuid.UUID(int=7, version=4))
    assert (note.start, note.end, note.status, note.color) == (5, 9, "intact", "purple")
    assert note.body == "a comment" and note.created == "2020-01-01T00:00:00Z"
    assert note.article_path == str(Path("/lib/x.txt"))


GOOD = {"id": "urn:x:1", "type": "Annotation", "target": "file:///a.txt"}


@pytest.mark.parametrize("data", [
    None, {}, "a string", 42, [None], [{}],
    {"type": "Annotation"},
    {"type": "Annotation", "target": "file:///a.txt"},
    {**GOOD, "type": "Note"},
    {**GOOD, "target": 5},
    {**GOOD, "target": []},
    {**GOOD, "target": {"type": "SpecificResource"}},
    {**GOOD, "target": {"source": "file:///a.txt", "selector": "css"}},
    {**GOOD, "target": {"source": "file:///a.txt",
                        "selector": {"type": "TextQuoteSelector"}}},
    {**GOOD, "target": {"source": "file:///a.txt",
                        "selector": {"type": "TextPositionSelector", "start": "1", "end": 2}}},
    {**GOOD, "target": {"source": "file:///a.txt",
                        "selector": {"type": "TextPositionSelector", "start": 3, "end": 2}}},
    {**GOOD, "target": {"source": "file:///a.txt",
                        "selector": {"type": "TextPositionSelector", "start": True, "end": 2}}},
    {**GOOD, "body": [{"type": "TextualBody", "value": 5}]},
    {**GOOD, "body": [7]},
    {**GOOD, "created": "yesterday"},
    {**GOOD, "created": 2020},
    {**GOOD, "https://reader.invalid/ns#state": []},
    {**GOOD, "https://reader.invalid/ns#state": {"https://reader.invalid/ns#status": "lost"}},
    {**GOOD, "https://reader.invalid/ns#state": {"https://reader.invalid/ns#score": "1"}},
    {"type": "AnnotationCollection", "first": "http://example.org/page1"},
    {"type": "AnnotationCollection", "first": {"items": {}}},
    {"type": "AnnotationPage", "items": [GOOD], "next": "http://example.org/page2"},
    [GOOD, GOOD],
])
def test_w3c_rejects_garbage(data):
    with pytest.raises(ExportError) as caught:
        from_w3c(data)
    assert str(caught.value)


def test_w3c_error_names_the_annotation():
    with pytest.raises(ExportError, match="annotation 2: it has no target"):
        from_w3c([GOOD, {"id": "urn:x:2", "type": "Annotation"}])


# --------------------------------------------------------------------------
# CSV


def test_csv_round_trips_through_the_csv_module(notes):
    tricky = make_note(5, body='He said "no", then\nleft.', exact="a, b\nc", tags=["x", "y z"])
    text = to_csv([*notes, tricky], ARTICLES)
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == len(notes) + 1
    last = rows[-1]
    assert last["note"] == 'He said "no", then\nleft.'
    assert last["quote"] == "a, b\nc"
    assert last["tags"].split("; ") == ["x", "y z"]
    assert last["article_title"] == "France will now hold its nose"
    assert (last["start"], last["end"], last["score"]) == ("50", "55", "1.0")
    oil = rows[2]
    assert (oil["article_title"], oil["article_path"], oil["color"]) == (
        'Oil: a "new" era?', "/lib/oil.md", "blue")
    assert rows[3]["status"] == ORPHANED
    assert rows[1]["created"] == notes[1].created


def test_csv_orphaned_article_falls_back_to_the_note():
    note = make_note(1, article_id="dead" * 4, article_title="Gone", article_path="/g.txt")
    [row] = list(csv.DictReader(io.StringIO(to_csv([note], {}), newline="")))
    assert (row["article_title"], row["article_path"]) == ("Gone", "/g.txt")


def test_export_module_is_stdlib_only():
    source = Path(__file__).parents[2].joinpath("reader/core/export.py").read_text("utf-8")
    imported = set(re.findall(r"^(?:from|import) ([\w.]+)", source, re.M))
    assert not {m for m in imported if m.split(".")[0] in ("yaml", "PySide6", "markdown_it")}
