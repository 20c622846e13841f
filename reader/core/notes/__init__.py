"""The notes: the file (file.py), its layout (schema.py), the store (store.py)."""
from reader.core.model import normalise_tags

from .schema import SCHEMA_VERSION
from .store import NoteStore

__all__ = ["SCHEMA_VERSION", "NoteStore", "normalise_tags"]
