"""The `reader` program's own command line: the window's options, and when to hand over.

`reader.app` parses the arguments here once and dispatches; the window and
the self-test get the parsed options.  Nothing here imports Qt or the core's
heavy parts (Whoosh, Markdown): `reader --help` and `reader --version` must
answer at once, without a display.
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence

from . import __version__

#: The first words that make `reader ...` the command line (reader.cli defines each).
COMMANDS = ("index", "search", "show", "open", "articles", "folders", "notes", "team",
            "server")
#: The command line's options that take a value, before the command.
_VALUED = ("--home", "--team")


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
    parser.add_argument("--team", metavar="URL",
                        help="work with the team library in this PostgreSQL database as well "
                             "(postgresql://you@server/team); remembered, as Preferences ▸ "
                             "Team library sets it (default: $READER_TEAM)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more (to stderr)")
    parser.add_argument("--selftest", action="store_true",
                        help="check the installation: open the window on a temporary data "
                             "directory, index the sample articles, search, add and export a "
                             "note, then exit (0 if all went well); never touches your data")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="a folder to add to the library, an article file to open, or a "
                             "reader:// link (an exported note's); with a window already open "
                             "on the data directory, they open there")
    return parser


def wants_cli(argv: Sequence[str]) -> bool:
    """True when the first word that is not an option is a CLI command (`reader index ...`)."""
    words = [a for a in argv if not a.startswith("-")]
    # "--home DIR" and "--team URL" take a value: skip it when looking for the command.
    for option in _VALUED:
        if option in argv:
            i = list(argv).index(option)
            if i + 1 < len(argv) and argv[i + 1] in words:
                words.remove(argv[i + 1])
    return bool(words) and words[0] in COMMANDS
