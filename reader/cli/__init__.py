"""`reader-cli`: the command line (``parser`` declares it, ``commands`` runs it).

This door imports nothing of its own: ``reader-cli --version`` answers from
here, before the parser, the core's types or logging are loaded (the whole
process in about 30 ms), and every command imports what it needs when it runs.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from .. import __version__
        from .name import program_name

        print(f"{program_name()} {__version__}")
        return 0
    from .commands import main as run

    return run(args)


def __getattr__(name: str) -> Any:
    """``reader.cli.build_parser`` and the rest, loaded when first asked for."""
    if name == "build_parser":
        from .parser import build_parser

        return build_parser
    raise AttributeError(f"module 'reader.cli' has no attribute {name!r}")
