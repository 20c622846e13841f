"""The writer's posting buffer: batches from workers added at their docnums."""
from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.index.fast import _Postings, _Preparer
from reader.core.index.fast.buffer import _PostingBuffer
from reader.core.index.schema import make_schema
from tests.core.index.fast.texts import WORDS

_TEXTS = st.lists(st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join),
                  min_size=1, max_size=5)


def _batch(preparer: _Preparer, texts: list[str], base: int, looked_at: int) -> _Postings:
    """A batch as a worker sends it: prepared, then pickled; its body table read
    part way, as a field indexed the slow way would."""
    postings = _Postings()
    for docnum, text in enumerate(texts):
        preparer.prepare(_fields(base + docnum, text), postings)
        if docnum == looked_at:
            postings.table("body")
    return pickle.loads(pickle.dumps(postings))


@settings(max_examples=40, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=4), st.integers(0, 5))
def test_batches_added_at_their_bases_are_the_postings_of_one_batch(tmp_path_factory, batches,
                                                                      looked_at):
    """Batches pickled by workers and added one after another, each at the
    docnum it starts at, give every term the lists a single batch of all
    the documents gives: docnums shifted, in order, values intact."""
    preparer = _Preparer(make_schema())
    buffer = _PostingBuffer(str(tmp_path_factory.mktemp("runs")))
    base = 0
    for texts in batches:
        batch = _batch(preparer, texts, base, looked_at)
        buffer.add_postings(base, batch)
        base += len(texts)
    whole = _Postings()
    for docnum, text in enumerate(t for texts in batches for t in texts):
        preparer.prepare(_fields(docnum, text), whole)
    expected = [(field, term, *lists) for field in sorted(whole.tables)
                for term, lists in sorted(whole.tables[field].items())]
    assert list(buffer.terms()) == expected
    assert buffer._postings.count == whole.count


def _fields(docnum: int, text: str) -> dict:
    return {"id": f"doc{docnum}", "title": text[:20], "body": text}


@settings(max_examples=25, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=4), st.integers(1, 60), st.integers(1, 9))
def test_postings_spilled_to_runs_come_back_merged(tmp_path_factory, batches, limit, chunk):
    """A buffer that spills to run files past ``limit`` postings, in chunks
    of about ``chunk`` (cut at every field too), gives back every term's
    lists as a buffer that never spilled: merged across runs, in order."""
    preparer = _Preparer(make_schema())
    spilling = _PostingBuffer(str(tmp_path_factory.mktemp("runs")), limit=limit)
    spilling._RUN_CHUNK = chunk
    whole = _PostingBuffer(str(tmp_path_factory.mktemp("none")))
    base = 0
    for texts in batches:
        for buffer in (spilling, whole):
            buffer.add_postings(base, _batch(preparer, texts, base, looked_at=-1))
        base += len(texts)
    assert spilling._runs or whole._postings.count < limit
    assert list(spilling.terms()) == list(whole.terms())
    spilling.cleanup()
