"""`reader-cli`: the command line (``parser`` declares it, ``commands`` runs it).

This door imports nothing of its own: ``reader-cli --version`` answers from
here, before the parser, the core's types or logging are loaded (the whole
process in about 30 ms), and every command imports what it needs when it runs.
The ``reader-cli`` program (and ``reader COMMAND``, ``python main.py
COMMAND``) first offers its command to the command server (served.py), which
runs it without a start-up; a call of ``main(argv)`` from Python runs it here.
"""
from __future__ import annotations

import sys

TYPE_CHECKING = False  # (typing itself is 3 ms that a served command would wait for)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any


def main(argv: Sequence[str] | None = None, *, program: bool | None = None) -> int:
    """Run a command; ``program``: as a program run from a shell (the default
    when ``argv`` is None), which offers it to the command server first, and
    ends the process as soon as a served command has ended."""
    args = list(sys.argv[1:] if argv is None else argv)
    if program is None:
        program = argv is None
    if args == ["--version"]:
        from .. import __version__
        from .name import program_name

        print(f"{program_name()} {__version__}")
        return 0
    from . import served

    offered = program and not _about_the_server(args) and served.enabled()
    if offered and (code := served.run_served(args)) is not None:
        served.exit_now(code)  # (a program's end: this process has nothing left to do)
    from .commands import main as run

    code = run(args)
    if offered:  # a server for the next command
        served.start_server()
    if program:
        served.end_program(code)  # (returns while other threads run: the usual exit joins them)
    return code


def _about_the_server(args: list[str]) -> bool:
    """``reader-cli [--home DIR] server status|stop`` (the command's one argument
    comes last): run here, and start no server."""
    return len(args) >= 2 and args[-2] == "server" and args[-1] in ("status", "stop")


def __getattr__(name: str) -> Any:
    """``reader.cli.build_parser`` and the rest, loaded when first asked for."""
    if name == "build_parser":
        from .parser import build_parser

        return build_parser
    raise AttributeError(f"module 'reader.cli' has no attribute {name!r}")
