"""An article's language, detected from its text by CLD2 (pycld2).

CLD2 is Chromium's compact language detector: a C library whose tables are
inside the wheel (nothing is ever downloaded), imported in 2 ms with no
further dependency, and some 0.1 ms for the 4,000 characters looked at.
(py3langid, the other kept detector, needs NumPy and loads its model in
0.6 s and 125 MB per process: every indexing worker would pay that.)

CLD2 cannot be limited to a set of languages; a language Snowball cannot
stem is kept all the same (the facet and ``lang:`` show it) and indexed
without stemming (``index.analysis``).  Too little text, or text CLD2 is not
sure of, is "" (unknown).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from reader.core.model import BOILERPLATE, Block

log = logging.getLogger("reader.articles")

#: How much of an article is looked at: the start says the language, and a
#: 300-page PDF costs no more than a news item.
SAMPLE_CHARS = 4000

#: CLD2's own codes that differ from ISO 639-1 (Hebrew, Javanese), and its
#: script variants ("zh-Hant") are reduced to the language.
_CODES = {"iw": "he", "jw": "jv"}

# Marks CLD2 does not know as letters (an Arabic text with full harakat is
# "unknown" to it): deleted from the sample.  Characters its UTF-8 check
# refuses (controls, surrogates, noncharacters): spaces.
_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u0640"
                    "\u064b-\u065f\u0670\u06d6-\u06ed]")
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                      "\ufffe\uffff]")


def sample(blocks: Iterable[Block]) -> str:
    """The text the language is detected on: the start of the article, site
    chrome left out (a Russian page's English menu must not decide)."""
    parts, size = [], 0
    for block in blocks:
        if block.kind == BOILERPLATE:
            continue
        parts.append(block.text)
        size += len(block.text) + 1
        if size >= SAMPLE_CHARS:
            break
    return "\n".join(parts)[:SAMPLE_CHARS]


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, or ""."""
    import pycld2  # (imported on first use: the index workers need it, the CLI's --version does not)

    text = _REFUSED.sub(" ", _MARKS.sub("", text[:SAMPLE_CHARS]))
    try:
        reliable, _bytes, details = pycld2.detect(text, isPlainText=True)
    except pycld2.error as exc:  # text its UTF-8 check still refuses
        log.debug("language detection failed: %s", exc)
        return ""
    code = details[0][1] if reliable and details else ""
    if code in ("un", "xx", "xxx"):
        return ""
    code = code.split("-")[0]
    return _CODES.get(code, code)
