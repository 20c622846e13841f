"""File names kept losslessly whatever their bytes, and shown with replacement characters."""
from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from reader.core.model import restored, shown, stored


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"\x00" not in b and b"/" not in b))
def test_any_bytes_of_a_file_name_come_back_exactly(name: bytes) -> None:
    path = os.fsdecode(b"/archive/" + name)  # as os.scandir hands it over
    kept = stored(path)
    kept.encode("utf-8")  # SQLite takes it
    assert restored(kept) == path and os.fsencode(restored(kept)) == b"/archive/" + name
    shown(path).encode("utf-8")  # people and the index's terms take it


def test_a_utf8_name_is_kept_and_shown_as_it_is() -> None:
    for name in ("/lib/Москва.txt", "/lib/café.md", "/lib/دمشق.html"):
        assert stored(name) == shown(name) == restored(name) == name
    latin1 = os.fsdecode(b"/lib/caf\xe9.txt")
    assert shown(latin1) == "/lib/caf\ufffd.txt" and stored(latin1) != latin1
