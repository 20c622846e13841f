"""The window's options and when `reader` hands over to the command line."""
from __future__ import annotations

import pytest

from reader.options import build_parser, wants_cli


@pytest.mark.parametrize(("argv", "cli"), [
    ([], False),
    (["--selftest"], False),
    (["some/folder"], False),
    (["index"], True),
    (["--home", "/tmp/h", "search", "x"], True),
    (["--home", "index"], False),  # "index" is the data dir here, not a command
    (["--team", "postgresql://db/team", "team", "members"], True),
    (["--team", "search", "index"], True),  # the team URL is no command; "index" is
    (["--team", "postgresql://db/team"], False),  # the window, with the team library
    (["--team", "postgresql://db/team", "briefs"], False),
    (["-v", "notes", "list"], True),
])
def test_wants_cli(argv, cli):
    assert wants_cli(argv) is cli


def test_the_window_options():
    args = build_parser().parse_args(["--home", "H", "-v", "folder"])
    assert (args.home, args.verbose, args.selftest, args.paths) == ("H", True, False, ["folder"])
    assert build_parser().parse_args([]).paths == []
    assert build_parser().parse_args(["--team", "postgresql://db/team"]).team == (
        "postgresql://db/team")
    assert build_parser().parse_args(["a.pdf", "reader://search?q=x"]).paths == [
        "a.pdf", "reader://search?q=x"]


def test_every_command_the_cli_defines_hands_over():
    import argparse

    from reader.cli import build_parser as cli_parser
    from reader.options import COMMANDS

    subparsers = next(a for a in cli_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) == set(COMMANDS)
