"""``reader-cli team``: setting up the team library on PostgreSQL.

    reader-cli team init URL                 create or upgrade the team schema
    reader-cli --team URL team add-member ROLE [--admin]
    reader-cli --team URL team members
    reader-cli --team URL team ingest FOLDER...

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
from typing import TypeVar

from ..core.model import QueryError, Results, TeamError, TeamPasswordNeeded
from .name import program_name

#: The environment variable that names the team database when --team does not.
TEAM_ENV = "READER_TEAM"
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
    team.add_parser("members", help="list the team's members")
    p = team.add_parser("ingest", help="parse a folder's articles and store them in the team "
                                       "library (once, for every desktop)")
    p.add_argument("folders", nargs="+", metavar="FOLDER", help="folders of articles")


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


def team_results(args: argparse.Namespace) -> Results | None:
    """The team library's answer to ``reader-cli search``, when a team is named
    (None if not).  A server that cannot answer, or a query it cannot run,
    is said in one line on stderr; the local results stand."""
    url = named_team(args)
    if not url or args.scope == "notes":
        return None
    from ..core.library import Library

    try:
        return _with_password(lambda password: Library.search_team(
            url, args.query, limit=args.limit, page=args.page, password=password))
    except (TeamError, QueryError) as exc:
        print(f"{program_name()}: the team library was not searched: {exc}", file=sys.stderr)
        return None


def team_article(args: argparse.Namespace, local_error: Exception):
    """``reader-cli show``'s article from the team library, when it is not a
    local one and a team is named: (article, highlights); else the local error."""
    url = named_team(args)
    if not url:
        raise local_error
    from ..core.library import Library

    article = _with_password(lambda password: Library.team_article(url, args.article, password))
    if article is None:
        raise local_error
    return article, Library.team_highlights(article, args.query) if args.query else []


def _with_password(call: Callable[[str | None], _Result]) -> _Result:
    """``call(None)``; if the server wants a password libpq did not find, ``call``
    again with one typed at the terminal (when there is one to ask at)."""
    try:
        return call(None)
    except TeamPasswordNeeded:
        if not sys.stdin.isatty():
            raise
        return call(getpass.getpass("Password for the team server: "))
