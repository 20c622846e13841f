"""The Qt-free core: articles, index, search, notes, anchoring, export.

Nothing in this package may import PySide6; a test enforces it so the CLI
and the test suite run without a display.
"""
from .util.lean_imports import load_lean

load_lean()  # (Whoosh without the network modules and asyncio it never uses here)
