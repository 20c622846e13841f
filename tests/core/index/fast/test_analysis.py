"""FastAnalyzer against Whoosh's analyzer chain: the same tokens."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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


# Russian (ё, a stress mark), Arabic (harakat, tatweel), Hebrew points, French
# and German letters, and the characters around words.
MULTILINGUAL = st.text(st.sampled_from(list(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяЁЖ" "іїєґ" "\u0301"
    "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإةى" "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
    "שלום\u05b8\u05b9\u05c1" "éèàçœâêîôûëïüÿ" "äöüßÄÖÜ" "abcxyz" "0123456789" "._ \n-'’,")),
    max_size=200)
LANGUAGES = st.sampled_from(["", "en", "ru", "uk", "ar", "fr", "de", "he", "ja"])


@settings(max_examples=300, deadline=None)
@given(MULTILINGUAL, LANGUAGES)
def test_fast_analyzer_per_language_yields_the_chains_tokens(text, language):
    """In any language, the fast path is the chain given the article's language."""
    terms, starts, ends = FastAnalyzer(make_analyzer(), language).tokens(text)
    fast = [(t.decode("utf-8"), pos, s, e)
            for pos, (t, s, e) in enumerate(zip(terms, starts, ends))]
    chain = [(t.text, t.pos, t.startchar, t.endchar) for t in make_analyzer()(
        text, positions=True, chars=True, mode="index", language=language)]
    assert fast == chain
    assert all(terms), "no empty term"
