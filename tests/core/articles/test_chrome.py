"""Site chrome (chrome.py): prompts and notices become boilerplate, prose does not."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.articles import chrome
from reader.core.model import BOILERPLATE, HEADING, PARAGRAPH
from tests.core.articles.checks import seed, txt


SEED_CHROME = {
    "000": [
        "The JC Podcast:",
        "Want more from the JC?",
        "To continue reading, we just need a few details...",
        "Want more from the JC?",
        "To continue reading, we just need a few details...",
        "Get the best news and views",
    ],
    "001": [
        "Broaden your horizons",
        "Related Articles",
        "Leave a Reply",
        "Your email address will not be published.",
        "Back to top button",
    ],
    "002": [],
    "003": [
        "Support Russia Insider - Go Ad-Free!",
        "This post first appeared on Russia Insider",
        "Support Russia Insider - Go Ad-Free!",
        "This post first appeared on Russia Insider",
        "Anyone is free to republish",
        "Our commenting rules:",
    ],
    "004": [
        "Skip to main content",
        "Access the Middle East news and analysis you can trust",
        "Join our community of Middle East readers",
        "Subscribe",
        "Only $100 per year.",
    ],
}


@pytest.mark.parametrize("prefix", sorted(SEED_CHROME))
def test_seed_chrome_is_boilerplate(prefix: str) -> None:
    chrome = [b.text for b in seed(prefix).blocks if b.kind == BOILERPLATE]
    assert len(chrome) == len(SEED_CHROME[prefix])
    for text, opening in zip(chrome, SEED_CHROME[prefix]):
        assert text.startswith(opening)


def test_prose_mentioning_subscriptions_is_not_chrome() -> None:
    prose = "Analysts who subscribe to this view argue that sanctions work; readers may subscribe to it too."
    long = "Subscribe now, the editors said, " + "and the debate went on " * 20 + "for weeks."
    article = txt(f"Headline\n\n{prose}\n\n{long}\n\nSubscribe\n")
    assert [b.kind for b in article.blocks] == [HEADING, PARAGRAPH, PARAGRAPH, BOILERPLATE]


def test_every_pattern_found_anywhere_holds_one_of_the_prefilters_words() -> None:
    """An ASCII line without any of the words skips the slow search: each
    pattern must hold one of them literally, or its chrome would be missed."""
    for pattern in chrome._CHROME_ANYWHERE:
        assert any(word in pattern for word in chrome._CHROME_INSIDE_WORDS), pattern


_PHRASES = ["We use cookies", "all Rights Reserved", "subscriber-only", "SUBSCRIBE NOW",
            "go ad free", "Free to republish", "licensed under a Creative Commons",
            "try Reader free for 30 days", "your email address will not be published",
            "Required fields are marked", "email", "free", "the", "ſubscribe now", "ad", "x"]


@given(st.lists(st.sampled_from(_PHRASES + [" ", "-", "."]), max_size=8))
@settings(max_examples=500)
def test_the_prefilter_changes_no_answer(parts) -> None:
    text = " ".join(parts)
    slow = bool(chrome._CHROME_OPENING.match(text) or chrome._CHROME_INSIDE.search(text))
    assert chrome._is_short_chrome(text) == slow
