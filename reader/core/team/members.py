"""Who may use the team library: PostgreSQL roles, made members (or admins) by an admin.

A member is a login role the server already has (the administrator makes
logins as the server's other users are made: ``CREATE ROLE ... LOGIN``,
LDAP, certificates); adding it grants the ``reader_member`` group role, and
an admin also ``reader_admin``, both with the right to grant them on.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..model import TeamError
from .migrations import ADMIN_ROLE, MEMBER_ROLE, SCHEMA


@dataclass(frozen=True)
class Member:
    role: str
    admin: bool


def add_member(conn: psycopg.Connection, role: str, admin: bool = False) -> Member:
    """Make ``role`` a member of the team (and an admin, with ``admin``)."""
    try:
        with conn.transaction():
            with conn.cursor() as cur:
                cur.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (role,))
                found = cur.fetchone()
                if found is None:
                    raise TeamError(f"The server has no role '{role}': create its login first "
                                    f"(CREATE ROLE \"{role}\" LOGIN ...), then add it.")
                grants = [MEMBER_ROLE] + ([ADMIN_ROLE] if admin else [])
                for group in grants:
                    cur.execute(sql.SQL("GRANT {} TO {}{}").format(
                        sql.Identifier(group), sql.Identifier(role),
                        sql.SQL(" WITH ADMIN OPTION" if admin else "")))
                cur.execute(sql.SQL(
                    "INSERT INTO {}.members (role, admin) VALUES (%s, %s) "
                    "ON CONFLICT (role) DO UPDATE SET admin = EXCLUDED.admin").format(
                        sql.Identifier(SCHEMA)), (role, admin))
    except psycopg.errors.InsufficientPrivilege:
        raise TeamError("Only a team admin may add members.") from None
    except psycopg.errors.UndefinedTable:
        raise TeamError("This database has no team schema yet: run 'team init' first.") from None
    return Member(role, admin)


def members(conn: psycopg.Connection) -> list[Member]:
    """The team's members, by name."""
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("SELECT role, admin FROM {}.members ORDER BY role").format(
                sql.Identifier(SCHEMA)))
            return [Member(role, admin) for role, admin in cur.fetchall()]
    except psycopg.errors.UndefinedTable:
        conn.rollback()
        raise TeamError("This database has no team schema yet: run 'team init' first.") from None
