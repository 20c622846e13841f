"""The fast indexing path against Whoosh's own: analysis, postings, segments.

reader.core.index computes what Whoosh's analyzer chain, posting formats and
SegmentWriter compute, in bulk; these tests hold the two side by side.
"""
from __future__ import annotations

import random
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.lang import porter
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

from reader.core import index
from reader.core.index import FastAnalyzer, PackedCharacters, PackedPositions, make_analyzer

SEEDS = Path(__file__).resolve().parents[2] / "resources" / "articles"
ANALYZER = make_analyzer()
FAST = FastAnalyzer(ANALYZER)

# Letters with and without accents, other scripts, digits, "_" and "." (which
# the token pattern treats specially), emoji and other symbols, spaces.
ALPHABET = st.sampled_from(list(
    "abcxyzABCXYZ" "éÉèàçñøåßŁłŁęĘąś" "ΣσςДдЖж" "0123456789" "_..."
    "  \n\t" "-'’,;:!?()" "😀🎉🇫🇷" "\u0301\u200b\u00a0" "İıﬁ"
))
TEXTS = st.text(ALPHABET, max_size=200)
WORDS = ["state", "states", "stated", "islamic", "Islam", "russia", "Russian", "café", "cafe",
         "Władimir", "Wałęsa", "the", "of", "and", "U.S", "3.141", "big-time", "under_score"]


def _chain_tokens(text: str) -> list[tuple[str, int, int, int]]:
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in ANALYZER(text, positions=True, chars=True, mode="index")]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_fast_analyzer_yields_the_chains_tokens(text):
    terms, starts, ends = FAST.tokens(text)
    fast = [(t.decode("utf-8"), pos, s, e)
            for pos, (t, s, e) in enumerate(zip(terms, starts, ends))]
    assert fast == _chain_tokens(text)


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
    schema = index.make_schema()
    preparer = index._Preparer(schema)
    for name in ("title", "body", "author"):
        fieldobj = schema[name]
        expected = {tbytes: (weight, value)
                    for tbytes, _freq, weight, value in fieldobj.index(text)}
        postings = index._Postings()
        length = preparer._fast_postings(preparer._fast_for(name, fieldobj), fieldobj, text,
                                         postings, postings.table(name), 0)
        got = {tbytes: (lists[1][0], bytes(lists[2]))
               for tbytes, lists in postings.tables.get(name, {}).items()}
        assert got == expected
        assert length == len(_chain_tokens(text))


def _porter_endings() -> set[str]:
    """Every ending Whoosh's Porter stemmer looks for: the alternatives of its
    patterns' groups, and the endings its code tests."""
    return {word for value in vars(porter).values() if isinstance(value, re.Pattern)
            for group in re.findall(r"\(([a-z|]+)\)", value.pattern)
            for word in group.split("|")} | {
        "s", "ss", "sses", "ies", "eed", "ed", "ing", "y", "e", "ll", "sion", "tion"}


# Stems of every shape the stemmer's measures and consonant-vowel tests tell apart.
_STEMS = ["", "a", "b", "e", "y", "ya", "by", "yy", "tr", "hop", "fil", "conn", "agre", "bake",
          "relat", "gener", "oscill", "feud", "probat", "cry", "sky", "roll", "controll", "ee",
          "fail", "sing", "ss", "caress", "é", "жур", "ÿ", "x1"]


def test_porter_stem_is_whooshs():
    words = {stem + ending + more for stem in _STEMS for ending in _porter_endings() | {""}
             for more in ("", "s", "e", "ed", "ing", "ly", "y")}
    words |= {term.decode("utf-8") for path in SEEDS.glob("*.txt")
              for term in FastAnalyzer(make_analyzer(stem=False)).tokens(path.read_text("utf-8"))[0]}
    assert len(words) > 10_000
    assert [index._porter_stem(w) for w in sorted(words)] == [porter.stem(w) for w in sorted(words)]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("aeiouybcdgilnrstzY"), max_size=14))
def test_porter_stem_is_whooshs_for_any_word(word):
    assert index._porter_stem(word) == porter.stem(word)


def test_packed_values_decode_as_whooshs_formats():
    text = "Putin met Kerry; Kerry met Putin. Putin! " * 3
    for fmt in (PackedPositions(), PackedCharacters()):
        for tbytes, freq, _weight, value in fmt.word_values(text, ANALYZER):
            tokens = [t for t in _chain_tokens(text) if t[0] == tbytes]
            assert fmt.decode_frequency(value) == freq == len(tokens)
            assert fmt.decode_positions(value) == [t[1] for t in tokens]
            if fmt.supports("characters"):
                assert fmt.decode_characters(value) == [t[1:] for t in tokens]


def test_long_articles_get_32_bit_values():
    fmt = PackedCharacters()
    far = [(70_000, 300_000, 300_005)]
    assert fmt.decode_characters(fmt.encode(far)) == far
    near = [(1, 10, 15), (2, 20, 25)]
    assert fmt.decode_characters(fmt.encode(near)) == near
    assert len(fmt.encode(far)) > len(fmt.encode(near[:1]))


# -- the writer ---------------------------------------------------------------------

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
    return FileStorage(str(folder), supports_mmap=False).create_index(index.make_schema())


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


def test_fast_writer_writes_what_whoosh_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(index, "POSTINGS_PER_BLOCK", 100)  # several blocks per term
    first, second = _documents(700, 1), _documents(150, 2)
    snapshots = []
    for kind in ("whoosh", "fast"):
        ix = _open(tmp_path / kind)
        for batch, docs in enumerate((first, second)):
            if kind == "whoosh":
                writer = SegmentWriter(ix)
            else:  # a small buffer: spilled runs merged at commit
                writer = index._FastSegmentWriter(ix, buffer_limit=3000)
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
    assert max(v[1] for v in fast[0]["terms"].values()) > 2 * index.POSTINGS_PER_BLOCK
    assert any(p[2] and p[2][0] & 0x7F == 4
               for v in fast[0]["terms"].values() for p in v[7])


def test_fast_writer_refuses_postings_that_do_not_line_up(tmp_path):
    ix = _open(tmp_path / "ix")
    writer = index._FastSegmentWriter(ix)
    postings = index._Postings()
    index._Preparer(ix.schema).prepare(_documents(1, 3)[0], postings)
    with pytest.raises(Exception, match="do not end"):
        writer.add_postings(0, postings)
    writer.cancel()
    ix.close()


def test_term_index_writes_what_whoosh_writes(tmp_path):
    """The fast term index writer: the same file as Whoosh's, byte for byte
    (with keys past 64K into the file, where Whoosh's key positions widen)."""
    rng = random.Random(5)
    keys = sorted({pack_ushort(rng.randrange(3)) + rng.randbytes(rng.randint(1, 12))
                   for _ in range(9000)})
    values = [rng.randbytes(rng.randint(0, 40)) for _ in keys]
    storage = FileStorage(str(tmp_path))
    whoosh = OrderedHashWriter(storage.create_file("whoosh"))
    for key, value in zip(keys, values):
        whoosh.add(key, value)
    fast = index._TermIndexWriter(storage.create_file("fast"))
    fast.add_sorted(keys[:5000], values[:5000])
    fast.add_sorted([], [])
    fast.add_sorted(keys[5000:], values[5000:])
    for writer in (whoosh, fast):
        writer.extras["fieldmap"] = {"body": 0}
        writer.close()
    assert (tmp_path / "fast").read_bytes() == (tmp_path / "whoosh").read_bytes()


def test_term_index_refuses_keys_out_of_order(tmp_path):
    writer = index._TermIndexWriter(FileStorage(str(tmp_path)).create_file("terms"))
    writer.add_sorted([b"b"], [b"1"])
    for keys in ([b"a"], [b"c", b"c"]):
        with pytest.raises(ValueError, match="increase"):
            writer.add_sorted(keys, [b""] * len(keys))
    writer.close()
