"""The notes: the file (file.py), its layout (schema.py), the store (store.py), undo (history.py)."""
from reader.core.model import normalise_tags

from .history import History
from .schema import SCHEMA_VERSION
from .store import NoteStore

__all__ = ["SCHEMA_VERSION", "History", "NoteStore", "normalise_tags"]
