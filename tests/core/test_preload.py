"""Library.preload (reader/core/preload.py): after it, common work imports nothing more."""
from __future__ import annotations

import json
import subprocess
import sys

from reader.core.library import Library

#: Run in a new interpreter: the test process has imported everything already.
WORK = """
import json, sys
from reader.core.library import Library
Library.preload()
before = set(sys.modules)
with Library() as lib:
    lib.add_folders([sys.argv[1]])
    lib.update_index()
    lib.update_index()  # the unchanged re-index
    hit = lib.search("putin").hits[0]
    lib.search('"islamic state" OR title:russia~ AND date:>2015')
    lib.article(hit.id)
    lib.highlights(hit.id, "putin")
    lib.list_notes(); lib.articles(); lib.folder_statuses(); lib.tags(); lib.search_notes("x")
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_searching_reading_and_updating_import_nothing_more(seeds):
    with Library() as lib:  # a first update of five articles, in this process
        lib.add_folders([seeds])
        lib.update_index()
    done = subprocess.run([sys.executable, "-c", WORK, str(seeds)], capture_output=True,
                          text=True, check=True)
    loaded = json.loads(done.stdout)
    ours = [name for name in loaded if name.split(".")[0] in ("reader", "whoosh", "pycld2")
            and name != "reader.resources"]  # the sample articles' folder: no code
    assert ours == []
