"""The fast term index writer against Whoosh's OrderedHashWriter."""
from __future__ import annotations

import random

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.system import pack_ushort

from reader.core.index.fast import _TermIndexWriter


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
    fast = _TermIndexWriter(storage.create_file("fast"))
    fast.add_sorted(keys[:5000], values[:5000])
    fast.add_sorted([], [])
    fast.add_sorted(keys[5000:], values[5000:])
    for writer in (whoosh, fast):
        writer.extras["fieldmap"] = {"body": 0}
        writer.close()
    assert (tmp_path / "fast").read_bytes() == (tmp_path / "whoosh").read_bytes()


def test_term_index_refuses_keys_out_of_order(tmp_path):
    writer = _TermIndexWriter(FileStorage(str(tmp_path)).create_file("terms"))
    writer.add_sorted([b"b"], [b"1"])
    for keys in ([b"a"], [b"c", b"c"]):
        with pytest.raises(ValueError, match="increase"):
            writer.add_sorted(keys, [b""] * len(keys))
    writer.close()
