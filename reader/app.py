"""Start Reader: the GUI with no command, the CLI with one.

`python main.py` opens the window; `python main.py index ...` (any CLI
command) runs the command line instead, so one entry point serves both.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence

from .cli import COMMANDS


def _wants_cli(argv: Sequence[str]) -> bool:
    words = [a for a in argv if not a.startswith("-")]
    # "--home DIR" takes a value: skip it when looking for the command.
    if "--home" in argv:
        i = list(argv).index("--home")
        if i + 1 < len(argv) and argv[i + 1] in words:
            words.remove(argv[i + 1])
    return bool(words) and words[0] in COMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_cli(argv) or "--version" in argv:
        from .cli import main as cli_main

        return cli_main(argv)
    from .ui.main import run_gui

    return run_gui(argv)
