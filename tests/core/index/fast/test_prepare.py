"""Prepared postings against Whoosh's field.index(): the same terms, weights, values."""
from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.index.fast import _Postings, _Preparer, prepare
from reader.core.index.schema import make_schema
from tests.core.index.fast.texts import TEXTS, WORDS, chain_tokens as _chain_tokens


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.lists(TEXTS, max_size=3))
def test_fast_postings_equal_the_formats_word_values(words, extra):
    """Terms, weights and encoded values, field by field, as Whoosh's
    field.index() (the formats' word_values over the analyzer) gives them."""
    _check_fast_postings(" ".join(words + extra))


@pytest.mark.parametrize("text", [
    "state " * 300 + "of the union",  # a term in more places than the packers cover
    "x " * 40_000 + "islamic state islamic state " * 3,  # offsets past 64K
])
def test_fast_postings_of_long_fields(text):
    _check_fast_postings(text)


def _check_fast_postings(text: str) -> None:
    schema = make_schema()
    preparer = _Preparer(schema)
    for name in ("title", "body", "author"):
        fieldobj = schema[name]
        expected = {tbytes: (weight, value)
                    for tbytes, _freq, weight, value in fieldobj.index(text)}
        postings = _Postings()
        length = preparer._fast_postings(preparer._fast_for(name, fieldobj), fieldobj, name,
                                         text, postings, 0)
        got = {tbytes: (lists[1][0], bytes(lists[2]))
               for tbytes, lists in postings.tables.get(name, {}).items()}
        assert got == expected
        assert length == len(_chain_tokens(text))



def test_a_document_is_analysed_in_its_language():
    """The document's lang value picks the stemmer of every text field: the
    terms Whoosh's own field.index() gives with that language."""
    schema = make_schema()
    preparer = _Preparer(schema)
    text = "Терроризмом и терроризма"
    for lang, stem in (("ru", "терроризм".encode()), ("", "терроризмом".encode())):
        postings = _Postings()
        doc = {"id": "a", "title": text, "body": text, **({"lang": lang} if lang else {})}
        preparer.prepare(doc, postings)
        assert stem in postings.tables["body"] and stem in postings.tables["title"]
        expected = {t for t, *_ in schema["body"].index(text, **({"language": lang} if lang else {}))}
        assert set(postings.tables["body"]) == expected
        assert set(postings.tables.get("lang", {})) == ({lang.encode()} if lang else set())


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=30), min_size=1, max_size=6),
       st.integers(0, 5))
def test_a_batch_of_documents_is_inverted_as_each_would_be(documents, looked_at):
    """Many documents in one batch (one long past 64K characters among them),
    the table read part way, and the batch pickled as a worker sends it: each
    term's lists are its documents' postings, in docnum order."""
    _check_batch(documents, looked_at)


def test_a_batch_past_its_waiting_tokens_is_inverted_as_it_goes(monkeypatch):
    monkeypatch.setattr(prepare, "MAX_WAITING_TOKENS", 7)
    documents = [["state", "of", "the", "islamic", "state"], ["russia"] * 9, ["the", "state"]]
    _check_batch(documents, looked_at=99)
    postings = _Postings()
    for words in documents:
        _Preparer(make_schema()).prepare({"id": "a", "body": " ".join(words)}, postings)
        assert all(len(waiting.numbers) < 7 for waiting in postings._pending.values())


def _check_batch(documents: list[list[str]], looked_at: int) -> None:
    schema = make_schema()
    preparer = _Preparer(schema)
    texts = [" ".join(words) for words in documents]
    texts[0] = "filler " * 10_000 + texts[0]
    postings = _Postings()
    expected: dict[str, dict[bytes, list]] = {}
    for docnum, text in enumerate(texts):
        preparer.prepare({"id": str(docnum), "title": text, "body": text}, postings)
        if docnum == looked_at:
            postings.table("body")  # (as a field indexed the slow way would)
        for name in ("title", "body"):
            for tbytes, _freq, weight, value in schema[name].index(text):
                expected.setdefault(name, {}).setdefault(tbytes, []).append(
                    (docnum, weight, value))
    postings = pickle.loads(pickle.dumps(postings))
    for name in ("title", "body"):
        got = {tbytes: list(zip(ids, weights, _values(values, lens)))
               for tbytes, (ids, weights, values, lens) in postings.tables[name].items()}
        assert got == expected[name]
    assert postings.count == sum(len(v) for table in expected.values() for v in table.values()
                                 ) + len(texts)  # (and one id posting a document)


def _values(blob: bytearray, lens) -> list[bytes]:
    out, at = [], 0
    for size in lens:
        out.append(bytes(blob[at:at + size]))
        at += size
    return out


_PATHS = st.lists(st.sampled_from(["/home/Ann/briefs/a.txt", "briefs", "BRIEFS", "İstanbul",
                                   "Straße", "", "x\r", "/home", "ÀB"]), max_size=8)


@settings(max_examples=200, deadline=None)
@given(_PATHS)
def test_fields_of_lines_are_indexed_as_whoosh_indexes_them(lines):
    """pathname and folder (a term per line, lower-cased, with its count):
    the terms, weights and values Whoosh's own field.index() gives."""
    schema = make_schema()
    value = "\n".join(lines)
    for name in ("pathname", "folder"):
        expected = {tbytes: (weight, value) for tbytes, _freq, weight, value
                    in schema[name].index(value)}
        postings = _Postings()
        preparer = _Preparer(schema)
        assert preparer._plain_kind(name, schema[name]) == prepare.LINES  # (not Whoosh's path)
        perdoc, _stored = preparer.prepare({"id": "a", name: value}, postings)
        got = {tbytes: (lists[1][0], bytes(lists[2]))
               for tbytes, lists in postings.tables.get(name, {}).items()}
        assert got == expected
        assert dict((field, length) for field, length, *_ in perdoc)[name] == 0
