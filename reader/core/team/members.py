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


def remove_member(conn: psycopg.Connection, role: str) -> None:
    """Take ``role`` out of the team: it reads and writes nothing of the team
    library from now on.  Its notes stay, with their author: shared ones are
    still the team's to read, private ones no one else's."""
    try:
        with conn.transaction():
            with conn.cursor() as cur:
                cur.execute(sql.SQL("DELETE FROM {}.members WHERE role = %s RETURNING role").format(
                    sql.Identifier(SCHEMA)), (role,))
                if cur.fetchone() is None:
                    raise TeamError(f"'{role}' is not a member of the team.")
                for group in (ADMIN_ROLE, MEMBER_ROLE):
                    cur.execute(sql.SQL("REVOKE {} FROM {}").format(
                        sql.Identifier(group), sql.Identifier(role)))
                # A server may keep a grant another role made (PostgreSQL 16 revokes
                # only the current role's own grants): said, and nothing changed.
                cur.execute("SELECT string_agg(DISTINCT g.rolname, ', ') FROM pg_auth_members m "
                            "JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g "
                            "ON g.oid = m.grantor JOIN pg_roles t ON t.oid = m.roleid "
                            "WHERE r.rolname = %s AND t.rolname IN (%s, %s)",
                            (role, MEMBER_ROLE, ADMIN_ROLE))
                grantors = cur.fetchone()[0]
                if grantors:
                    raise TeamError(f"'{role}' was made a member by {grantors}: only "
                                    "they (or a superuser) can take it out of the team.")
    except psycopg.errors.InsufficientPrivilege:
        raise TeamError("Only a team admin may remove members.") from None
    except psycopg.errors.UndefinedTable:
        raise TeamError("This database has no team schema yet: run 'team init' first.") from None


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
