"""The last few parsed articles, kept while their files stay as they were.

Opening an article again, or highlighting in it, must not parse 100 KB of
Markdown again.  A cached article is used only while its file's size, mtime
and inode are unchanged, and a file written in the last moments is parsed
every time ("racy git": two writes of the same size within one clock tick
leave the same mtime).
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from pathlib import Path

from .registry import FileArticles, load_articles

#: A file modified this recently is parsed every time.
RACY_SECONDS = 2.0


class ArticleCache:
    """``load(path)``: ``load_articles``, through the cache; thread-safe."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._parsed: OrderedDict[str, tuple[tuple[int, int, int], FileArticles]] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, path: Path) -> FileArticles:
        """The articles in ``path``; raises ``ArticleError`` as ``load_articles`` does."""
        try:
            st = path.stat()
        except OSError:
            return load_articles(path)  # it says why
        stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        with self._lock:
            cached = self._parsed.get(str(path))
            if cached is not None and cached[0] == stamp:
                self._parsed.move_to_end(str(path))
                return cached[1]
        found = load_articles(path)
        if time.time() - st.st_mtime_ns / 1e9 > RACY_SECONDS:
            with self._lock:
                self._parsed[str(path)] = (stamp, found)
                while len(self._parsed) > self._size:
                    self._parsed.popitem(last=False)
        return found
