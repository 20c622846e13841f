"""``reader-cli team``: setting up the team library on PostgreSQL.

    reader-cli team init URL                 create or upgrade the team schema
    reader-cli --team URL team add-member ROLE [--admin]
    reader-cli --team URL team remove-member ROLE
    reader-cli --team URL team members
    reader-cli --team URL team ingest FOLDER...
    reader-cli --team URL team sync           send and receive the team's notes
    reader-cli [--team URL] team status       synced, offline, or N changes waiting

The URL is libpq's (``postgresql://user@host/db?sslmode=verify-full``); the
global ``--team URL`` or ``READER_TEAM`` names it for the commands that do not
take it.  A password comes from where libpq looks (``.pgpass``,
``PGPASSWORD``), or is asked for at the terminal; it is never stored.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..core.model import TEAM_ENV, TeamError, TeamPasswordNeeded, format_moment

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..core.library import Library
    from ..core.model import SyncReport

_Result = TypeVar("_Result")


def add_team_parser(sub) -> None:
    team = sub.add_parser("team", help="set up the team library on a PostgreSQL server").add_subparsers(
        dest="team_command", required=True, metavar="ACTION")
    p = team.add_parser("init", help="create the team schema in a PostgreSQL 15+ database, or "
                                     "upgrade it")
    p.add_argument("url", metavar="URL",
                   help="the database, as libpq takes it: postgresql://user@host/dbname "
                        "(add ?sslmode=verify-full for TLS)")
    p = team.add_parser("add-member", help="let a PostgreSQL login role use the team library")
    p.add_argument("role", metavar="ROLE", help="an existing login role of the server")
    p.add_argument("--admin", action="store_true",
                   help="also let it add members (admins do not read others' private notes)")
    p = team.add_parser("remove-member", help="take a role out of the team (its notes stay, "
                                              "with their author)")
    p.add_argument("role", metavar="ROLE", help="a member's role")
    team.add_parser("members", help="list the team's members")
    p = team.add_parser("ingest", help="parse a folder's articles and store them in the team "
                                       "library (once, for every desktop)")
    p.add_argument("folders", nargs="+", metavar="FOLDER", help="folders of articles")
    team.add_parser("sync", help="send the notes changed here to the team library and "
                                 "receive the team's")
    team.add_parser("status", help="say whether the team's notes here are synced, or how "
                                   "many changes wait")

#: ``team`` actions on this desktop's copy of the team's notes: they open the library.
LOCAL_ACTIONS = ("sync", "status")


def named_team(args: argparse.Namespace) -> str:
    """The team database named by ``--team``, else $READER_TEAM; "" if none."""
    return args.team or os.environ.get(TEAM_ENV, "")


def team_url(args: argparse.Namespace) -> str:
    """The team database the command is about: ``team init``'s URL, or the named one."""
    url = getattr(args, "url", None) or named_team(args)
    if not url:
        raise TeamError(f"Which team database? Give --team URL or set {TEAM_ENV}.")
    return url


def cmd_team(args: argparse.Namespace) -> int:
    from ..core.library import Library  # (the parser imports this module: --help stays quick)

    url = team_url(args)
    if args.team_command == "init":
        done = _with_password(lambda password: Library.init_team(url, password))
        if done.before == done.after:
            print(f"The team schema is up to date (version {done.after}).")
        elif done.before == 0:
            print(f"Created the team schema (version {done.after}).")
        else:
            print(f"Upgraded the team schema from version {done.before} to {done.after}.")
    elif args.team_command == "add-member":
        member = _with_password(
            lambda password: Library.add_team_member(url, args.role, args.admin, password))
        print(f"{member.role} is now a team {'admin' if member.admin else 'member'}.")
    elif args.team_command == "remove-member":
        _with_password(lambda password: Library.remove_team_member(url, args.role, password))
        print(f"{args.role} is no longer a member of the team.")
    elif args.team_command == "ingest":
        summary = _with_password(
            lambda password: Library.ingest_team_folders(url, args.folders, password=password))
        print(f"Ingested into the team library: {summary.describe()}.")
        for skip in summary.skipped:
            print(f"  skipped {skip.path}: {skip.reason}", file=sys.stderr)
    else:
        for member in _with_password(lambda password: Library.team_members(url, password)):
            print(f"{member.role}{'  (admin)' if member.admin else ''}")
    return 0


def cmd_team_notes(lib: "Library", args: argparse.Namespace) -> int:
    """``team sync`` and ``team status``: this desktop's copy of the team's notes."""
    if args.team_command == "sync":
        report = sync_now(lib)
        print(f"Synced with the team library: {report.describe()}.")
    status = lib.team_status()
    print(status.describe() + (f" ({status.message})" if status.message else ""))
    if status.last_synced:
        print(f"Last synced {format_moment(status.last_synced)}.")
    return 0


def sync_now(lib: "Library") -> "SyncReport":
    """``lib.sync_team()``, asking for a password at the terminal if the server wants one."""
    url = lib.team_url
    if url is None:
        raise TeamError(f"Which team database? Give --team URL or set {TEAM_ENV}.")

    def attempt(password: str | None) -> "SyncReport":
        if password is not None:
            lib.use_team(url, password)
        return lib.sync_team()

    return _with_password(attempt)


def send_team_changes(lib: "Library", note_ids: "Iterable[str]") -> None:
    """After a change to notes from the command line: send it at once if it is a
    team note and a team is named; one line says where it stands."""
    if lib.team_url is None or not lib.team_entries(note_ids):
        return
    try:
        sync_now(lib)
        print("Synced with the team library.", file=sys.stderr)
    except TeamError as exc:
        print(f"Kept here; it goes to the team library at the next sync ({exc})",
              file=sys.stderr)


def _with_password(call: Callable[[str | None], _Result]) -> _Result:
    """``call(None)``; if the server wants a password libpq did not find, ``call``
    again with one typed at the terminal (when there is one to ask at)."""
    try:
        return call(None)
    except TeamPasswordNeeded:
        if not sys.stdin.isatty():
            raise
        return call(getpass.getpass("Password for the team server: "))
