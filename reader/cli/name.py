"""The name the command line goes by, as the user called it (no imports worth the name)."""
from __future__ import annotations

import os
import sys


def program_name() -> str:
    """How the user called the program: ``reader`` (the window's program, or
    ``main.py`` in a checkout, handing a command over), else ``reader-cli``."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "reader" if name in ("reader", "main.py", "reader.exe") else "reader-cli"
