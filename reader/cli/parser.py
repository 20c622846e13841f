"""The command line's arguments: every command, option and argument, each with its help.

``reader-cli --help`` and ``reader-cli COMMAND --help`` are the manual; a
test walks this parser and fails on any option without help.  The program
names itself as it was invoked (``reader-cli``, or ``reader`` when the
window's program hands a command over), in usage lines and errors alike.
"""
from __future__ import annotations

import argparse
from datetime import date

from .. import __version__
from .name import program_name
from .team import add_team_parser
from ..core.model import (BUILTIN_TEMPLATES, COLORS, DEFAULT_TEMPLATE, EXPORT_FORMATS, SCOPES,
                          SORTS, STATUSES)


def build_parser() -> argparse.ArgumentParser:
    """The parser for the program's name as invoked, built once per name (the
    command server's children parse with the one their server built)."""
    name = program_name()
    if name not in _PARSERS:
        _PARSERS[name] = _build_parser(name)
    return _PARSERS[name]


_PARSERS: dict[str, argparse.ArgumentParser] = {}


def _build_parser(name: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=name,
        description="Reader: search, read and annotate a folder of articles, offline.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--home", metavar="DIR",
                        help="data directory (default: $READER_HOME or the user data dir)")
    parser.add_argument("--team", metavar="URL",
                        help="the team library's PostgreSQL database (default: $READER_TEAM)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("index", help="add folders to the library and bring the index up to date")
    p.add_argument("folders", nargs="*", metavar="FOLDER",
                   help="folders to add first (the library keeps them; none: just update)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")

    p = sub.add_parser("search", help="search the library")
    p.add_argument("query", help="words, \"phrases\", AND/OR/NOT, field:value, date:[A to B], "
                                 "prefix*, fuzzy~ (see the query language in the README)")
    p.add_argument("--limit", type=_positive, default=20, help="results per page (default: 20)")
    p.add_argument("--page", type=_positive, default=1, help="which page of results (default: 1)")
    p.add_argument("--sort", choices=SORTS, default="relevance",
                   help="best matches first, or newest first (default: relevance)")
    p.add_argument("--scope", choices=SCOPES, default="articles",
                   help="search the articles, the notes, or both (default: articles)")
    p.add_argument("--source", action="append", help="only this source (repeatable)")
    p.add_argument("--year", action="append", type=int, help="only this year (repeatable)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")

    p = sub.add_parser("show", help="print an article, with a query's hit offsets")
    p.add_argument("article", metavar="ID_OR_PATH",
                   help="the article: its id, path, unique file name or reader:// link")
    p.add_argument("--query", "-q", help="also give the character offsets of this query's hits")
    p.add_argument("--json", action="store_true", help="print the article as JSON")

    p = sub.add_parser("open", help="open a reader:// link, an article file or a folder in "
                                    "Reader's window (started if none is open)")
    p.add_argument("target", metavar="LINK_OR_PATH",
                   help="reader://article/ID[?note=NOTE], reader://search?q=QUERY, a file or a "
                        "folder")

    p = sub.add_parser("articles", help="list the articles in the library")
    p.add_argument("--json", action="store_true", help="print the list as JSON")

    p = sub.add_parser("folders", help="list the library's folders (articles, last update, skipped files), or remove one")
    p.add_argument("--remove", metavar="FOLDER",
                   help="remove this folder from the library (its articles leave the index)")
    p.add_argument("--skipped", action="store_true",
                   help="also list each file the last update skipped, with the reason")
    p.add_argument("--json", action="store_true",
                   help="print each folder's articles, last update and skipped files as JSON")

    _add_notes_parser(sub)
    p = sub.add_parser("server", help="the command server that answers commands without a "
                       "start-up (started by itself; READER_CLI_SERVER=0 turns it off)")
    p.add_argument("action", choices=("status", "stop"),
                   help="status: whether one runs, since when, commands served; stop: end it")
    return parser


def _add_notes_parser(sub) -> None:
    add_team_parser(sub)

    notes = sub.add_parser("notes", help="highlights and notes").add_subparsers(
        dest="notes_command", required=True, metavar="ACTION")

    p = notes.add_parser("add", help="add a highlight or note to a passage")
    p.add_argument("article", metavar="ID_OR_PATH", help="the article: id, path or link")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", help="the passage's text")
    where.add_argument("--start", type=int, help="start offset in the article's text")
    p.add_argument("--end", type=int, help="end offset (with --start)")
    p.add_argument("--occurrence", type=_positive, default=1, help="which occurrence of --quote")
    _add_note_fields(p)
    visibility = p.add_mutually_exclusive_group()
    visibility.add_argument("--private", dest="shared", action="store_false", default=None,
                            help="on a team article: a note for yourself alone (the default)")
    visibility.add_argument("--shared", dest="shared", action="store_true",
                            help="on a team article: a note the whole team reads")
    p.add_argument("--json", action="store_true", help="print the note as JSON")

    p = notes.add_parser("list", help="list notes")
    p.add_argument("article", nargs="?", metavar="ID_OR_PATH",
                   help="only this article's notes (id, path or link)")
    p.add_argument("--tag", help="only notes with this tag")
    p.add_argument("--status", choices=STATUSES,
                   help="only notes whose passage is in this state (orphaned: lost)")
    p.add_argument("--color", choices=COLORS, help="only notes of this colour")
    p.add_argument("--json", action="store_true", help="print the notes as JSON")

    p = notes.add_parser("search", help="search notes (quote, note text, tags)")
    p.add_argument("query", help="words, phrases and tag:NAME, as in the query language")
    p.add_argument("--json", action="store_true", help="print the hits as JSON")

    p = notes.add_parser("edit", help="change a note's text, tags or colour")
    p.add_argument("note_id", help="the note's id")
    _add_note_fields(p)
    p.add_argument("--json", action="store_true", help="print the note as JSON")

    p = notes.add_parser("delete", help="delete a note (into the Trash, kept 30 days)")
    p.add_argument("note_id", help="the note's id")

    p = notes.add_parser("trash", help="list the deleted notes the Trash keeps, or empty it")
    p.add_argument("--empty", action="store_true", help="delete the Trash's notes for good")
    p.add_argument("--json", action="store_true", help="print the list as JSON")

    p = notes.add_parser("restore", help="bring a deleted note back from the Trash")
    p.add_argument("note_id", help="the note's id (or its first 4+ characters)")

    p = notes.add_parser("reattach", help="attach a note (an orphan) to a new passage")
    p.add_argument("note_id", help="the note's id")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", help="the new passage's text")
    where.add_argument("--start", type=int, help="the new passage's start offset")
    p.add_argument("--end", type=int, help="its end offset (with --start)")
    p.add_argument("--occurrence", type=_positive, default=1, help="which occurrence of --quote")
    p.add_argument("--article", metavar="ID_OR_PATH", help="attach to another article")
    p.add_argument("--json", action="store_true", help="print the note as JSON")

    p = notes.add_parser("export", help="export notes to Markdown, W3C JSON-LD or CSV")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="markdown",
                   help="the kind of file (default: markdown)")
    p.add_argument("--template", metavar="NAME", default=DEFAULT_TEMPLATE,
                   help=f"Markdown: how the notes are laid out: {', '.join(BUILTIN_TEMPLATES)}, "
                        "or one of your Jinja2 templates in <data dir>/templates "
                        f"(default: {DEFAULT_TEMPLATE}; see --list-templates)")
    p.add_argument("--list-templates", action="store_true",
                   help="list the Markdown templates, yours included, and export nothing")
    p.add_argument("--with-colour", "--with-color", action="store_true", dest="with_colour",
                   help="Markdown: also give each note's highlight colour where the template "
                        "leaves it out unless asked (report)")
    p.add_argument("-o", "--output", metavar="FILE_OR_DIR",
                   help="file, or folder for one Markdown file per article (default: stdout)")
    p.add_argument("--per-article", action="store_true",
                   help="Markdown: one file per article into the -o folder")
    p.add_argument("--article", action="append", metavar="ID_OR_PATH",
                   help="only this article's notes (repeatable)")
    p.add_argument("--tag", action="append", help="only notes with this tag (repeatable)")
    p.add_argument("--color", action="append", choices=COLORS,
                   help="only notes of this colour (repeatable)")
    p.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help="only notes made on or after this day")
    p.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help="only notes made on or before this day")
    p.add_argument("--query", help="only notes matching this query")

    p = notes.add_parser("import", help="import notes from W3C Web Annotation JSON")
    p.add_argument("file", help="a W3C Web Annotation JSON file, as `notes export --format w3c` "
                                "writes")


def _add_note_fields(p) -> None:
    p.add_argument("--note", help="the note's text (Markdown)")
    p.add_argument("--tags", help="comma-separated tags")
    p.add_argument("--color", choices=COLORS, help="the highlight colour")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def split_tags(text: str | None) -> list[str] | None:
    return None if text is None else [t.strip() for t in text.split(",") if t.strip()]


# -- checks of the parsed arguments ------------------------------------------


#: The options that are text to search or store (paths may be any bytes; these may not).
TEXT_OPTIONS = {"query": "The query", "note": "The note", "quote": "The quote",
                "tags": "The tags", "tag": "The tag"}


def undecodable(args: argparse.Namespace) -> str:
    """A sentence for the first text option that holds bytes that are not UTF-8; "" if none.

    Python keeps such command-line bytes as lone surrogates ("\\udcff"): a
    query or a note made of them could be neither searched nor stored."""
    for option, what in TEXT_OPTIONS.items():
        values = getattr(args, option, None)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and any("\udc80" <= char <= "\udcff" for char in value):
                byte = next(ord(char) - 0xDC00 for char in value if "\udc80" <= char <= "\udcff")
                return (f"{what} is not valid UTF-8 text (it holds the byte 0x{byte:02x}): check "
                        "the terminal's encoding.")
    return ""
