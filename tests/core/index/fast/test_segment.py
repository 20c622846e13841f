"""The fast segment writer against Whoosh's SegmentWriter: the same index."""
from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from reader.core.index.fast import _FastSegmentWriter, _Postings, _Preparer, encoding, segment
from reader.core.index.fast.buffer import _PostingBuffer
from reader.core.util import forking
from reader.core.util.forking import SharedEnds
from reader.core.index.schema import make_schema

VOCABULARY = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
              "omicron pi rho sigma tau upsilon phi chi psi omega state islamic russia").split()


def _documents(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        # (and a word of only three documents: terms of a few postings)
        body = " ".join(rng.choices(VOCABULARY, k=rng.randint(0, 60)) + [f"rare{i // 3}"])
        doc = dict(id=f"doc{seed}-{i}", path=f"/articles/{seed}/{i}.txt",
                   title=" ".join(rng.choices(VOCABULARY, k=rng.randint(1, 6))).title(),
                   body=body, author=rng.choice(["", "Ann Smith", "Bob Jones"]),
                   source=rng.choice(["", "Russia Insider", "Reuters"]), text=body,
                   title_span=(0, 5) if i % 2 else None)
        doc["source_facet"] = doc["source"]
        doc["datestr"] = ""
        if i % 3:
            date = datetime(2005 + i % 20, 1 + i % 12, 1 + i % 28, i % 24, 0)
            doc.update(date=date, year=str(date.year), datestr=date.isoformat(),
                       date_order=int(date.strftime("%Y%m%d%H%M")))
        if i == 7:  # one article past 64K characters: 32-bit offsets
            doc["body"] = doc["text"] = ("filler " * 10_000) + body
        docs.append(doc)
    return docs


def _open(folder: Path):
    folder.mkdir()
    return FileStorage(str(folder), supports_mmap=False).create_index(make_schema())


def _snapshot(ix) -> dict:
    """Everything a search can read back from an index."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        schema = searcher.schema
        terms = {}
        for fieldname, tbytes in reader.all_terms():
            info = reader.term_info(fieldname, tbytes)
            matcher = reader.postings(fieldname, tbytes)
            postings = []
            while matcher.is_active():
                docnum = matcher.id()
                postings.append((docnum, matcher.weight(), matcher.value()))
                matcher.next()
            terms[(fieldname, tbytes)] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                info.max_weight(), info.min_id(), info.max_id(), postings)
        docs = []
        for docnum in range(reader.doc_count_all()):
            docs.append((
                reader.is_deleted(docnum), reader.stored_fields(docnum),
                {f: reader.doc_field_length(docnum, f) for f in ("title", "body", "author")},
                {f: reader.column_reader(f)[docnum] for f in ("source_facet", "year", "date_order")},
            ))
        return {"terms": terms, "docs": docs, "count": reader.doc_count(),
                "lengths": {f: reader.field_length(f) for f in schema.names()}}


@pytest.fixture(params=["spilled", "pieces", "pieces-helper", "pieces-helper-fails",
                        "pieces-fork-refused"])
def fast_writer(request, monkeypatch):
    """How the fast writer writes its postings: from runs spilled to disk
    (a small buffer) or from the buffer's pieces, here, with a forked
    helper taking pieces from the back, or with a helper that fails after
    taking one (the parent then encodes it and the rest), or with no
    process to fork (the pieces are all encoded here).  Yields a writer
    factory, and after the test checks that the helpers ran as they should."""
    helpers: list[tuple[SharedEnds, int]] = []  # per helper: its pieces' ends, how many
    monkeypatch.setattr(_PostingBuffer, "_RUN_CHUNK", 2000)  # several pieces a field
    monkeypatch.setattr(segment, "_PIECE_POSTINGS", 2000)
    monkeypatch.setattr(segment, "may_fork", lambda: request.param.startswith(
        ("pieces-helper", "pieces-fork")))
    if request.param == "pieces-fork-refused":
        def refused():
            raise BlockingIOError("Resource temporarily unavailable")

        monkeypatch.setattr(forking.os, "fork", refused)
    shared_ends = segment._shared_ends

    def recorded(count):
        ends = shared_ends(count)
        helpers.append((ends, count))
        return ends

    monkeypatch.setattr(segment, "_shared_ends", recorded)
    if request.param == "pieces-helper-fails":
        def failing(_pieces, _formats, ends):
            ends.take_back()
            raise RuntimeError("the helper fails")

        monkeypatch.setattr(segment, "_encode_from_back", failing)
    limit = 3000 if request.param == "spilled" else 10**9
    yield lambda ix: _FastSegmentWriter(ix, buffer_limit=limit)
    if request.param.startswith("pieces-helper"):  # each commit had a helper, and it took some
        assert len(helpers) == 2
        assert all(0 < ends.met < count for ends, count in helpers)
    elif request.param == "pieces-fork-refused":  # no helper: every piece encoded here
        assert len(helpers) == 2
        assert all(ends.met == 0 for ends, _count in helpers)
    else:
        assert all(ends is None for ends, _count in helpers)


def test_fast_writer_writes_what_whoosh_writes(tmp_path, monkeypatch, fast_writer):
    monkeypatch.setattr(encoding, "POSTINGS_PER_BLOCK", 100)  # several blocks per term
    first, second = _documents(700, 1), _documents(150, 2)
    snapshots = []
    for kind in ("whoosh", "fast"):
        ix = _open(tmp_path / kind)
        for batch, docs in enumerate((first, second)):
            writer = SegmentWriter(ix) if kind == "whoosh" else fast_writer(ix)
            if batch:
                writer.delete_by_term("id", "doc1-3")
            for doc in docs:
                writer.add_document(**doc)
            # The second commit merges the first segment in (Whoosh's add_reader).
            writer.commit(optimize=bool(batch))
            snapshots.append(_snapshot(ix))
        ix.close()
    whoosh, fast = snapshots[:2], snapshots[2:]
    assert fast == whoosh
    # Some terms span several blocks, and one article needed 32-bit values.
    assert max(v[1] for v in fast[0]["terms"].values()) > 2 * encoding.POSTINGS_PER_BLOCK
    assert any(p[2] and p[2][0] & 0x7F == 4
               for v in fast[0]["terms"].values() for p in v[7])


def test_fast_writer_refuses_postings_that_do_not_line_up(tmp_path):
    ix = _open(tmp_path / "ix")
    writer = _FastSegmentWriter(ix)
    postings = _Postings()
    _Preparer(ix.schema).prepare(_documents(1, 3)[0], postings)
    with pytest.raises(Exception, match="do not end"):
        writer.add_postings(0, postings)
    writer.cancel()
    ix.close()



def test_merged_runs_are_encoded_in_batches_of_bounded_postings(monkeypatch):
    """Past the buffer, the merged records come a batch at a time: a batch
    holds about _PIECE_POSTINGS postings (a field of few, long-listed terms
    held whole took a 20,000-article commit from 320 MB to 1 GB)."""
    monkeypatch.setattr(segment, "_PIECE_POSTINGS", 100)
    records = [("body", f"t{i}".encode(), [0] * size, [1.0] * size, b"", [0] * size)
               for i, size in enumerate([30, 30, 50, 250, 10, 10])]
    batches = list(segment._batches(iter(records)))
    assert [[term for term, *_ in batch] for batch in batches] == [
        [b"t0", b"t1", b"t2"], [b"t3"], [b"t4", b"t5"]]
    assert batches[0][0] == records[0][1:]
