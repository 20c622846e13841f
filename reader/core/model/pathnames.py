"""File names as Reader keeps them and shows them, whatever their bytes.

On POSIX a file name is bytes, and an old archive's may not be UTF-8
(``caf\\xe9.txt`` from a Latin-1 machine).  Python hands such a name over
with each stray byte as a lone surrogate (U+DC80 to U+DCFF), which opens
the file but which SQLite, Whoosh and the terminal refuse.  So:

* ``stored`` is the form written to SQLite: the name itself when it is
  UTF-8 (nearly always), else a marked hex spelling of its bytes that
  ``restored`` turns back into the very same name (a NUL never appears
  in a file name, so the mark cannot be mistaken for one);
* ``shown`` is the form read by people and by the index's terms: the
  name with each stray byte as the replacement character, U+FFFD.
"""
from __future__ import annotations

#: Starts a stored name that is not UTF-8; its bytes follow in hex.
_MARK = "\x00bytes:"


def is_text(name: str) -> bool:
    """Whether ``name`` is UTF-8 text (holds no stray byte)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(name: str) -> str:
    """``name`` for people and for search terms: stray bytes as U+FFFD."""
    if is_text(name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def stored(name: str) -> str:
    """``name`` as SQLite keeps it, losslessly."""
    if is_text(name):
        return name
    return _MARK + name.encode("utf-8", "surrogateescape").hex()


def restored(text: str) -> str:
    """The name ``stored`` gave ``text`` for."""
    if text.startswith(_MARK):
        return bytes.fromhex(text[len(_MARK):]).decode("utf-8", "surrogateescape")
    return text
