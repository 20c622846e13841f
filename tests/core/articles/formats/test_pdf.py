"""PDF: reading order, paragraphs across lines and pages, running furniture, metadata, scans."""
from __future__ import annotations

import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.core.articles import parse_article
from reader.core.model import BOILERPLATE, HEADING, LIST_ITEM, PARAGRAPH, ArticleError, Block
from tests.core.articles.checks import assert_text_model, indexed_library
from tests.core.articles.formats.pdfs import Styled, make_pdf, make_unicode_pdf

REPORT = [
    ["Moscow and the Coalition", "Situation Report",
     "The committee approved the plan on Tuesday after a long debate about the",
     "costs of the campaign and the place of Russian cooperation in it.",
     "Critics said it was rushed.",
     "A paragraph that goes on over the page break, as long paragraphs in",
     "Page 1 of 2"],
    ["Situation Report",
     "reports do, and ends on the second page after the coopera-",
     "tion of the allies was settled.",
     "Page 2 of 2"],
]
INFO = {"Title": "Moscow and the Coalition", "Author": "A. Analyst",
        "CreationDate": "D:20161124093000+01'00'"}


def parse(pages, info=None, name="report.pdf"):
    return parse_article(Path("/reports") / name, make_pdf(pages, info))


def test_title_author_and_date_come_from_the_document_information():
    article = parse(REPORT, INFO)
    assert (article.title, article.author, article.date) == (
        "Moscow and the Coalition", "A. Analyst", "2016-11-24")
    assert_text_model(article)


def test_a_converters_placeholder_title_gives_way_to_the_first_heading():
    article = parse(REPORT, {**INFO, "Title": "Microsoft Word - sitrep_final.docx"})
    assert article.title == "Moscow and the Coalition"
    assert [b.kind for b in article.blocks if b.text == article.title] == [HEADING]


def test_lines_become_paragraphs_and_a_paragraph_runs_across_the_page_break():
    paragraphs = [b for b in parse(REPORT, INFO).blocks if b.kind == PARAGRAPH]
    assert [(b.text, b.page) for b in paragraphs] == [
        ("The committee approved the plan on Tuesday after a long debate about the costs of the "
         "campaign and the place of Russian cooperation in it. Critics said it was rushed.", 1),
        ("A paragraph that goes on over the page break, as long paragraphs in reports do, and ends "
         "on the second page after the cooperation of the allies was settled.", 1),
    ]


def test_running_headers_and_page_numbers_are_boilerplate_with_their_pages():
    article = parse(REPORT, INFO)
    furniture = [(b.text, b.page) for b in article.blocks if b.kind == BOILERPLATE]
    assert furniture == [("Situation Report", 1), ("Page 1 of 2", 1), ("Situation Report", 2),
                         ("Page 2 of 2", 2)]
    assert "Situation Report" not in article.indexable_text()


LAID_OUT = [
    ["Situation Report",
     Styled("Moscow and the Coalition", 22),
     "",
     Styled("1. The vote", 15),
     "The committee approved the plan on Tuesday after a long debate about",
     "the costs.",
     "",
     "A second paragraph follows a blank line's gap, however long its last",
     "line is, and",
     Styled("Key points", 11, bold=True),
     "\u2022 The first point of the list, which is long enough that it wraps",
     "onto a second line.",
     "\u2022 The second point.",
     "Page 1"],
    ["Situation Report",
     Styled("2. The costs", 15),
     "Contents . . . . . . . . . . . 4",
     "The last paragraph.",
     "Page 2"],
]


def test_sizes_and_weights_make_headings_and_gaps_make_paragraphs():
    article = parse(LAID_OUT)
    assert article.title == "Moscow and the Coalition"
    assert [(b.kind, b.level, b.text, b.page) for b in article.blocks] == [
        (BOILERPLATE, 0, "Situation Report", 1),
        (HEADING, 1, "Moscow and the Coalition", 1),
        (HEADING, 2, "1. The vote", 1),
        (PARAGRAPH, 0, "The committee approved the plan on Tuesday after a long debate about "
                       "the costs.", 1),
        (PARAGRAPH, 0, "A second paragraph follows a blank line's gap, however long its last "
                       "line is, and", 1),
        (HEADING, 3, "Key points", 1),
        (LIST_ITEM, 0, "The first point of the list, which is long enough that it wraps onto "
                       "a second line.", 1),
        (LIST_ITEM, 0, "The second point.", 1),
        (BOILERPLATE, 0, "Page 1", 1),
        (BOILERPLATE, 0, "Situation Report", 2),
        (HEADING, 2, "2. The costs", 2),
        (PARAGRAPH, 0, "Contents . . . . . . . . . . . 4", 2),
        (PARAGRAPH, 0, "The last paragraph.", 2),
        (BOILERPLATE, 0, "Page 2", 2),
    ]
    assert_text_model(article)


def test_a_gap_parts_paragraphs_of_full_lines_even_when_most_gaps_are_between_paragraphs():
    """A brief of short paragraphs: the gap between paragraphs is the commonest one."""
    lines = ["The first paragraph runs over two full lines of text, as set here in",
             "the brief, and it ends with a sentence that fills its last line too.",
             "",
             "The second paragraph has one full line that ends its own sentence.",
             "",
             "The third paragraph has one full line that ends its own sentence too.",
             "",
             "The fourth paragraph runs over two full lines of text, as set here in",
             "the brief, and it ends with a sentence that fills its last line too."]
    paragraphs = [b.text for b in parse([lines]).blocks if b.kind == PARAGRAPH]
    assert [p.split()[1] for p in paragraphs] == ["first", "second", "third", "fourth"]


def test_a_title_set_large_on_page_one_is_no_running_header():
    """The running header repeats the title's words in small type; the title is still the title."""
    pages = [[Styled("Situation Report", 20), "The first page's text, a full sentence here."],
             ["Situation Report", "The second page's text, a full sentence here."],
             ["Situation Report", "The third page's text, a full sentence here."]]
    article = parse(pages)
    assert article.blocks[0] == Block(HEADING, "Situation Report", 1, page=1)
    assert [b.page for b in article.blocks if b.kind == BOILERPLATE] == [2, 3]


def test_a_pdf_without_a_text_layer_says_it_is_a_scan():
    with pytest.raises(ArticleError, match=r"no text layer \(scanned\)"):
        parse([[], []])


def test_a_damaged_pdf_says_so():
    with pytest.raises(ArticleError, match="not a readable PDF"):
        parse_article(Path("broken.pdf"), b"%PDF-1.4\nthis is not a PDF at all\n")


def test_a_folder_of_pdfs_is_indexed_and_searched_with_hit_offsets(tmp_path):
    files = {"sitrep.pdf": make_pdf(REPORT, INFO), "scan.pdf": make_pdf([[]])}
    with indexed_library(tmp_path, files) as (library, summary):
        assert summary.added == 1
        assert [(Path(s.path).name, s.reason) for s in summary.skipped] == [
            ("scan.pdf", "no text layer (scanned)")]
        [hit] = library.search('"Russian cooperation"').hits
        text = library.article(hit.id).text
        assert [text[s:e] for s, e in hit.highlights] == ["Russian cooperation"]


CREATED = datetime(2019, 1, 10, 9, 30, tzinfo=timezone.utc)
RU_HEADING = "Доклад о терроризме в Сирии"
RUSSIAN = [
    "Министерство обороны России сообщило во вторник, что группировка Исламское государство "
    "потеряла контроль над последними позициями в провинции Дейр-эз-Зор, а её боевики "
    "отступили к границе с Ираком.",
    "Эксперты предупреждают, что угроза терроризма в регионе сохраняется: сети вербовки "
    "продолжают работать в интернете, а спецслужбы ждут новых атак.",
]
#: "Islamic State" and "no longer" are written with lam-alef ligatures, one glyph for two letters.
AR_HEADING = "تقرير عن الدولة الإسلامية"
ARABIC = [
    "أعلنت وزارة الدفاع الروسية يوم الثلاثاء أن تنظيم الدولة الإسلامية فقد السيطرة على آخر "
    "مواقعه في محافظة دير الزور، وأن مقاتليه انسحبوا نحو الحدود العراقية.",
    "ويحذر الخبراء من أن خطر الإرهاب في المنطقة لا يزال قائما، إذ تواصل شبكات التجنيد "
    "عملها على الإنترنت.",
]
PRESENTATION_FORMS = ("\ufb50", "\ufdff"), ("\ufe70", "\ufeff")


def russian_pdf() -> bytes:
    return make_unicode_pdf(RU_HEADING, RUSSIAN, title=RU_HEADING, author="А. Аналитик",
                            created=CREATED)


def arabic_pdf() -> bytes:
    return make_unicode_pdf(AR_HEADING, ARABIC, title=AR_HEADING, author="محلل", created=CREATED,
                            rtl=True)


def test_a_russian_report_has_its_title_author_date_heading_and_paragraphs():
    article = parse_article(Path("/reports/doklad.pdf"), russian_pdf())
    assert (article.title, article.author, article.date) == (RU_HEADING, "А. Аналитик",
                                                             "2019-01-10")
    assert [(b.kind, b.text) for b in article.blocks if b.kind != BOILERPLATE] == [
        (HEADING, RU_HEADING), (PARAGRAPH, RUSSIAN[0]), (PARAGRAPH, RUSSIAN[1])]
    assert_text_model(article)


def test_a_russian_phrase_is_found_at_its_offsets_in_a_pdf(tmp_path):
    with indexed_library(tmp_path, {"doklad.pdf": russian_pdf()}) as (library, summary):
        assert summary.added == 1
        [hit] = library.search('"Исламское государство"').hits
        text = library.article(hit.id).text
        assert [text[s:e] for s, e in hit.highlights] == ["Исламское государство"]


def test_an_arabic_reports_title_author_and_date_come_from_the_document_information():
    article = parse_article(Path("/reports/taqrir.pdf"), arabic_pdf())
    assert (article.title, article.author, article.date) == (AR_HEADING, "محلل", "2019-01-10")


def test_arabic_text_comes_out_in_logical_order_in_base_letters_and_paragraphs():
    article = parse_article(Path("/reports/taqrir.pdf"), arabic_pdf())
    assert [(b.kind, b.text) for b in article.blocks if b.kind != BOILERPLATE] == [
        (HEADING, AR_HEADING), (PARAGRAPH, ARABIC[0]), (PARAGRAPH, ARABIC[1])]
    assert not [c for c in article.text for lo, hi in PRESENTATION_FORMS if lo <= c <= hi]
    assert article.text == unicodedata.normalize("NFC", article.text)
    assert_text_model(article)


def test_an_arabic_phrase_is_found_at_its_offsets_in_a_pdf(tmp_path):
    with indexed_library(tmp_path, {"taqrir.pdf": arabic_pdf()}) as (library, summary):
        assert summary.added == 1
        hits = library.search('"الدولة الإسلامية"').hits
        assert len(hits) == 1
        text = library.article(hits[0].id).text
        assert [text[s:e] for s, e in hits[0].highlights] == ["الدولة الإسلامية"] * 2
