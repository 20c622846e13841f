"""Start Reader: the one dispatcher between the command line, the self-test and the window.

`reader` (or `python main.py`) opens the window; `reader index ...` (any CLI
command) runs the command line instead, so one entry point serves both.
The arguments are parsed once, here (reader.options): `reader --help`,
`reader --version` and bad arguments are answered before anything imports
Qt, so they work without a display.  `reader --selftest` runs
reader.ui.selftest (a throw-away data dir, then exit).
"""
from __future__ import annotations

import sys
from collections.abc import Sequence

from .options import build_parser, wants_cli


def main(argv: Sequence[str] | None = None) -> int:
    program = argv is None  # run from a shell, not called from Python (a test)
    argv = list(sys.argv[1:] if argv is None else argv)
    if wants_cli(argv):
        from .cli import main as cli_main

        return cli_main(argv, program=program)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else 0
    if args.selftest:
        from .ui.selftest import run_selftest

        return run_selftest(verbose=args.verbose)
    from .core.paths import DataPaths
    from .logs import setup_logging

    setup_logging(DataPaths.resolve(args.home).home, args.verbose)
    from .ui.main import run_gui

    return run_gui(args)
