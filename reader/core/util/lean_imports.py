"""Two libraries loaded without modules they import and Reader never uses.

* ``whoosh.compat`` (every Whoosh module imports it first) imports
  ``urlretrieve`` from ``urllib.request``, and with it ``http.client``,
  ``email`` and ``ssl``: a function nothing in Whoosh calls, and Reader,
  which never goes online, never needs.
* ``cached_property`` (Whoosh's index reader caches its deleted documents
  with it) imports ``asyncio``, for cached properties that are coroutines;
  Whoosh has none.

Together some 45 ms of every process that searches or indexes: the command
line, the app, each spawned worker.  While each library loads, the module
it would import is a stand-in: what the library takes from it answers as
the real module would (``asyncio.iscoroutinefunction`` is inspect's, for
plain functions the same answer), and imports the real module if it is
ever called for more.  The stand-ins leave ``sys.modules`` once the
libraries are loaded, so whatever imports those modules later gets the
real ones.
"""
from __future__ import annotations

import inspect
import sys
import types


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _ensure_future(*args, **kwargs):
    from asyncio import ensure_future

    return ensure_future(*args, **kwargs)


#: library -> (the module it imports, what it takes from it)
_STAND_INS = {
    "whoosh.compat": ("urllib.request", {"urlretrieve": _urlretrieve}),
    "cached_property": ("asyncio", {"iscoroutinefunction": inspect.iscoroutinefunction,
                                    "ensure_future": _ensure_future}),
}


def load_lean() -> None:
    """Import the libraries above with their stand-ins (each one unless it,
    or the module it would import, is loaded already)."""
    for library, (name, attributes) in _STAND_INS.items():
        if library in sys.modules or name in sys.modules:
            continue
        stand_in = types.ModuleType(name, f"A stand-in while {library} loads (lean_imports).")
        stand_in.__dict__.update(attributes)
        sys.modules[name] = stand_in
        try:
            __import__(library)
        finally:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
