"""Whoosh's term index file, written a batch of terms at a time."""
from __future__ import annotations

import struct
from itertools import islice

from whoosh.filedb.filetables import OrderedHashWriter

# The layout of OrderedHashWriter's files (whoosh.filedb.filetables).
_HASH_LENGTHS = struct.Struct("!ii")
_HASH_POINTER = struct.Struct("!Iq")
_HASH_DIRECTORY_ENTRY = struct.Struct("!qi")


class _TermIndexWriter(OrderedHashWriter):
    """Whoosh's term index (an ordered hash file), written a segment at a time.

    The bytes are OrderedHashWriter's own, but ``add`` costs four calls into
    the file wrapper per term, and ``close`` one per hash slot (two per
    term): a few microseconds a term, a third of the commit of a small
    library.  Here a batch of terms is written in one call, and the hash
    tables in one.
    """

    def add_sorted(self, keys: list[bytes], values: list[bytes]) -> None:
        """``add(key, value)`` for each pair; the keys must be in increasing order."""
        if not keys:
            return
        if keys[0] <= self.lastkey or any(map(bytes.__ge__, keys, islice(keys, 1, None))):
            raise ValueError("Keys must increase")
        hashfn, buckets, pack = self.hashfn, self.buckets, _HASH_LENGTHS.pack
        position = self.dbfile.tell()
        positions = []
        parts = []
        for key, value in zip(keys, values):
            positions.append(position)
            h = hashfn(key)
            buckets[h & 255].append((h, position))
            parts += (pack(len(key), len(value)), key, value)
            position += 8 + len(key) + len(value)
        self.dbfile.write(b"".join(parts))
        self.index.extend(positions)
        self.lastkey = keys[-1]

    def _write_hashes(self) -> None:
        """HashWriter._write_hashes: the same tables, written in one call."""
        dbfile = self.dbfile
        position = dbfile.tell()
        parts = []
        for entries in self.buckets:
            numslots = 2 * len(entries)
            self.directory.append((position, numslots))
            # Slot by slot, a hash and a key position; an empty slot is 0, 0
            # (no key is at position 0: the file's header is).
            hashes, keyposes = [0] * numslots, [0] * numslots
            for hashval, keypos in entries:
                slot = (hashval >> 8) % numslots
                while keyposes[slot]:
                    slot = (slot + 1) % numslots
                hashes[slot] = hashval
                keyposes[slot] = keypos
            parts += map(_HASH_POINTER.pack, hashes, keyposes)
            position += _HASH_POINTER.size * numslots
        dbfile.write(b"".join(parts))

    def _write_directory(self) -> None:
        """HashWriter._write_directory, in one call."""
        self.dbfile.write(b"".join(_HASH_DIRECTORY_ENTRY.pack(*entry)
                                   for entry in self.directory))

