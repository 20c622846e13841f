"""FastAnalyzer against Whoosh's analyzer chain: the same tokens."""
from __future__ import annotations

from hypothesis import given, settings

from reader.core.index import FastAnalyzer, make_analyzer
from tests.core.index.fast.texts import FAST, TEXTS, chain_tokens as _chain_tokens


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_fast_analyzer_yields_the_chains_tokens(text):
    terms, starts, ends = FAST.tokens(text)
    fast = [(t.decode("utf-8"), pos, s, e)
            for pos, (t, s, e) in enumerate(zip(terms, starts, ends))]
    assert fast == _chain_tokens(text)



def test_fast_analyzer_stems_as_pystemmer_does():
    """The fast path's terms are the chain's Snowball stems (PyStemmer)."""
    words = ["running", "generously", "nationalities", "ponies", "caresses", "islamic", "Islam",
             "Russians", "relational", "hopping", "conditional", "yes", "café"]
    terms = FAST.tokens(" ".join(words))[0]
    assert [t.decode("utf-8") for t in terms] == [t.text for t in make_analyzer()(" ".join(words))]
    assert FastAnalyzer(make_analyzer(stem=False)).tokens("Running cafés")[0] == [b"running",
                                                                                  b"cafes"]
