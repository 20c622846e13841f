"""Site chrome: the subscribe prompts, paywalls and notices saved along with an article.

Chrome becomes ``boilerplate`` blocks: kept in the text and shown dimmed, but
not indexed.  It is recognised by a short list of patterns applied to whole
short lines and blocks, never per site: a rule per site would not survive
the next redesign, and the library holds pages from thousands of sites.
"""
from __future__ import annotations

import re
from functools import lru_cache

MAX_CHROME_CHARS = 400

# Chrome, as patterns for a whole short line or block.  Most must match
# at its start (a prompt opens with "Subscribe"); a few may match anywhere,
# starting at a word boundary (a look-behind, which is much faster than \b).
_CHROME_OPENINGS = (
    r"skip to (?:main )?(?:content|navigation)\b",
    r"(?:subscribe|sign up|sign in|log ?in|register|donate|share|print|e-?mail|comments?"
    r"|menu|search|advertisement|back to top(?: button)?)\W*$",
    r"leave a (?:reply|comment)\b",
    r"related(?: (?:articles?|stories|posts|content|coverage|reading))?\s*:?$",
    r"(?:read more|read also|see also|recommended|watch|listen)\s*:",
    r"(?:the )?\S+(?: \S+)? podcast\s*:",
    r"to continue reading\b",
    r"want more from\b",
    r"(?:only )?[$€£]\s?\d+(?:[.,]\d+)?\s*(?:per|a|/)\s*(?:year|month|week|day)\b",
    r"(?:sign up|subscribe) (?:for|to) our\b.{0,30}\bnewsletters?\b",
    r"(?:this|the) (?:post|article|story|piece) (?:was )?(?:first|originally) (?:appeared|published)\b",
    r"originally (?:published|appeared)\b",
    r"source\s*:",
    r"our comment(?:ing)? (?:rules|policy)\b",
    r"join our (?:community|newsletter|mailing list)\b",
    r"access (?:the|all|our)\b[^.!?]*$",
    r"follow us\b",
    r"share (?:this (?:article|story|post|page)|on (?:facebook|twitter|x|linkedin|whatsapp))\b",
    r"click here\b",
    r"(?:copyright|©|\(c\))\s*\d{4}\b",
)
_CHROME_ANYWHERE = (
    r"your email address will not be published",
    r"required fields are marked",
    r"subscriber[- ]only\b",
    r"subscribe (?:now|today|to (?:get|access|unlock|continue|read))\b",
    r"go ad[- ]free\b",
    r"free to republish\b",
    r"licensed (?:under )?(?:a )?creative commons\b",
    r"try .{1,40}? free for \d+ (?:days?|weeks?|months?)\b",
    r"all rights reserved\b",
    r"we use cookies\b",
)
# A word each of _CHROME_ANYWHERE's matches holds, in lower case: an ASCII
# text without any of them (nearly every line of prose) is no such match.
_CHROME_INSIDE_WORDS = ("email address", "required fields", "subscribe", "go ad", "republish",
                        "creative commons", "free for", "rights reserved", "cookies")
_CHROME_OPENING = re.compile("|".join(_CHROME_OPENINGS), re.IGNORECASE)
_CHROME_INSIDE = re.compile(rf"(?<!\w)(?:{'|'.join(_CHROME_ANYWHERE)})", re.IGNORECASE)


def is_chrome(text: str) -> bool:
    """Whether a whole line or block is site chrome rather than the article's prose.

    Only short blocks qualify: a long paragraph that happens to mention a
    subscription is prose.
    """
    return len(text) <= MAX_CHROME_CHARS and _is_short_chrome(text)


@lru_cache(maxsize=2048)
def _is_short_chrome(text: str) -> bool:
    """``is_chrome`` of a short text, remembered: most lines are asked about
    twice (as a line, then as a block), and the patterns are slow to search."""
    if _CHROME_OPENING.match(text):
        return True
    if text.isascii():  # (other letters may fold to ASCII ones: "ſ" is "s" to the pattern)
        lower = text.lower()
        if not any(map(lower.__contains__, _CHROME_INSIDE_WORDS)):
            return False
    return bool(_CHROME_INSIDE.search(text))
