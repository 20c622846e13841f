"""Start Reader: the GUI with no command, the CLI with one.

`reader` (or `python main.py`) opens the window; `reader index ...` (any CLI
command) runs the command line instead, so one entry point serves both.
`reader --help`, `reader --version` and bad arguments are answered here,
before anything imports Qt: they work without a display.  `reader
--selftest` runs reader.ui.selftest (a throw-away data dir, then exit).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .cli import COMMANDS


def build_parser() -> argparse.ArgumentParser:
    """The window's command line (the CLI has its own: reader.cli.build_parser)."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Reader: an offline reading desk for analysts. Opens the window on your "
                    "library (the bundled sample articles until you add a folder).",
        epilog=f"reader COMMAND ... runs the command line instead ({', '.join(COMMANDS)}); "
               "see reader-cli --help.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--home", metavar="DIR",
                        help="data directory (default: $READER_HOME or the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more (to stderr)")
    parser.add_argument("--selftest", action="store_true",
                        help="check the installation: open the window on a temporary data "
                             "directory, index the sample articles, search, add and export a "
                             "note, then exit (0 if all went well); never touches your data")
    parser.add_argument("path", nargs="?", metavar="PATH",
                        help="a folder to add to the library, or an article file to open")
    return parser


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
    if _wants_cli(argv):
        from .cli import main as cli_main

        return cli_main(argv)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else 0
    if args.selftest:
        from .ui.selftest import run_selftest

        return run_selftest(verbose=args.verbose)
    from .ui.main import run_gui

    return run_gui(argv)
