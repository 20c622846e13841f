"""Plain text (formats/plain.py): the seeds, reflow of hard-wrapped lines, lists, the headline."""
from __future__ import annotations

import re

import pytest

from reader.core.model import BOILERPLATE, HEADING, LIST_ITEM, PARAGRAPH, article_id_for
from tests.core.articles.checks import SEED_FILES, assert_text_model, kinds_and_texts, seed, txt


SEED_METADATA = {
    "000": ("France will now hold its nose and join Russia to crush Caliphate", "2016-11-24T23:21", ""),
    "001": ("Putin must now realize that he fought the wrong war", "", ""),
    "002": ("How Terror Attacks Gift Russia Foreign Policy Opportunity", "", ""),
    "003": ("ISIS Can Be Defeated - Putin Said How", "", "Russia Insider"),
    "004": ("Moscow backs fight against IS … to an extent", "", ""),
}


def test_there_are_five_seeds() -> None:
    assert [p.name[:3] for p in SEED_FILES] == sorted(SEED_METADATA)


@pytest.mark.parametrize("prefix", sorted(SEED_METADATA))
def test_seed_metadata(prefix: str) -> None:
    article = seed(prefix)
    title, date, source = SEED_METADATA[prefix]
    assert (article.title, article.date, article.author, article.source) == (title, date, "", source)
    assert article.id == article_id_for(article.path)


@pytest.mark.parametrize("prefix", sorted(SEED_METADATA))
def test_seed_text_model_and_title_heading(prefix: str) -> None:
    article = seed(prefix)
    assert_text_model(article)
    headings = [b for b in article.blocks if b.kind == HEADING]
    assert [(h.text, h.level) for h in headings] == [(article.title, 1)]


@pytest.mark.parametrize(
    ("prefix", "prose"),
    [
        ("000", "Beyond Friday night's carnage in Paris"),
        ("001", "Con Coughlin’s latest book, Assad: The Triumph of Tyranny, is published by Picador"),
        ("003", "At the UN General Assembly Session Putin set out a clear plan"),
        ("003", "If the Western powers refuse to do all these things"),
        ("004", "Russia is expressing cautious solidarity"),
        ("004", "Let me cite in this regard Daniel Serwer"),
    ],
)
def test_seed_prose_is_not_boilerplate(prefix: str, prose: str) -> None:
    (block,) = [b for b in seed(prefix).blocks if b.text.startswith(prose)]
    assert block.kind == PARAGRAPH


def test_hard_wrapped_seed_reads_as_paragraphs() -> None:
    article = seed("002")
    paragraphs = [b.text for b in article.blocks if b.kind == PARAGRAPH]
    sentence = (
        "Russian President Vladimir Putin went on television to express his condolences"
        " to the French people and President Francois Hollande over the horrendous act of"
        " terror in the southern town of Nice on July 14."
    )
    assert any(sentence in p for p in paragraphs)
    assert paragraphs[0] == (
        "When Moscow calls for joining forces with the West to combat global terrorism,"
        " it inevitably pursues a hidden political agenda."
    )
    assert all(re.search(r"[.!?][”\"]?$", p) for p in paragraphs), "a paragraph ends mid-sentence"
    assert len(paragraphs) == 12
    text = article.text
    assert "somewhat over-hyped, and" in text  # "overhyped" appears nowhere else: hyphen kept
    assert "el-Sissi. Their domestic solution was Ramzan Kadyrov" in text  # blank lines mid-sentence


def test_seed_word_broken_across_blank_line_is_rejoined() -> None:
    assert "extremely dangerous. This may make the" in seed("003").text


def test_seed_wrapped_caption_is_joined_but_not_merged_into_standfirst() -> None:
    texts = [b.text for b in seed("004").blocks]
    assert texts[2].endswith("support of the Syrian government.")
    assert texts[3].startswith("Russia's Foreign Minister Sergey Lavrov addresses a meeting")
    assert "Security Council at the 69th U.N. General Assembly" in texts[3]


def test_plain_text_paragraphs_and_lists() -> None:
    article = txt(
        "The Headline\n\nFirst paragraph is\nwrapped here.\n\nShopping list:\n- milk\n"
        "- bread that is\n  wholemeal\n* eggs\n1. one\n2. two\n"
    )
    assert kinds_and_texts(article) == [
        (HEADING, "The Headline"),
        (PARAGRAPH, "First paragraph is wrapped here."),
        (PARAGRAPH, "Shopping list:"),
        (LIST_ITEM, "milk"),
        (LIST_ITEM, "bread that is wholemeal"),
        (LIST_ITEM, "eggs"),
        (LIST_ITEM, "1. one"),
        (LIST_ITEM, "2. two"),
    ]
    assert_text_model(article)


def test_unwrapped_text_keeps_one_paragraph_per_line() -> None:
    long = "word " * 30
    article = txt(f"Headline\n\n{long}ends here.\nNext paragraph {long}ends.\nA caption that\nwraps.\n")
    assert [b.text for b in article.blocks[1:]] == [
        f"{long}ends here.".strip(),
        f"Next paragraph {long}ends.",
        "A caption that wraps.",
    ]


def test_wrapped_title_case_headline_is_joined() -> None:
    article = txt("\nA Long Wrapped\nHeadline Here\nThe body starts here and goes on.\nIt continues.\n")
    assert article.title == "A Long Wrapped Headline Here"
    assert article.blocks[1].text == "The body starts here and goes on. It continues."


def test_chrome_lines_are_not_merged_into_paragraphs() -> None:
    article = txt("Skip to main content\nHeadline Here\nBody text that ends.\nLeave a Reply\n")
    assert kinds_and_texts(article) == [
        (BOILERPLATE, "Skip to main content"),
        (HEADING, "Headline Here"),
        (PARAGRAPH, "Body text that ends."),
        (BOILERPLATE, "Leave a Reply"),
    ]


def test_character_references_left_by_a_scraper_are_read_as_characters():
    data = ("Bank fined &#163;1.8m over AT&amp;T deal\n\nThe fine of &#x20AC;2m &mdash; a "
            "record &ndash; was paid. Keep &copy;-like &unknown; text.\n").encode()
    article = txt(data.decode())
    assert article.title == "Bank fined £1.8m over AT&T deal"
    assert "The fine of €2m — a record – was paid. Keep &copy;-like &unknown; text." in article.text
