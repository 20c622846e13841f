"""The team schema, created or upgraded one numbered step at a time.

Everything lives in the ``reader_team`` schema of the team's database:

* ``schema_version``: the steps applied, with when and by whom;
* ``members``: the roles that may use the team library (``members.py``);
* ``articles``: each article's text, blocks and metadata, stored once by
  ``team ingest`` (parsed by the same loaders as local folders, so the text
  and every offset into it are the same on every desktop), with a generated
  ``tsvector`` in the article's language's text search configuration and a
  GIN index on it;
* ``notes``: highlights and notes on team articles, each with its author
  (the PostgreSQL role that wrote it) and private or shared;
* ``team``: the team library's identity, so a desktop never mixes the notes
  of two team libraries;
* ``words``: every word of the articles, as Reader's analyser finds them
  (unstemmed), with a trigram index (``pg_trgm``): the candidates of a
  fuzzy term, checked by edit distance (``fuzzystrmatch``).

Two group roles carry the rights: ``reader_member`` (read articles and
shared notes; write articles, and one's own notes) and ``reader_admin``
(also add and remove members).  Row-level security on ``notes`` does the
enforcing in the server, whatever client connects: a role reads its own
notes and the shared ones, and writes only its own.  Admins manage members,
not notes: they do not read private notes either.

The group roles are the server's (PostgreSQL roles belong to the cluster,
not to one database): a cluster that holds several team databases shares
their membership.  A step is never edited once released; a change is a new
step.  ``migrate`` runs the missing steps in one transaction, under an
advisory lock, so two desktops initialising at once do not collide.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg

from ..model import TeamError
from .connection import first_line

SCHEMA = "reader_team"
MEMBER_ROLE = "reader_member"
ADMIN_ROLE = "reader_admin"


#: The languages whose words the server stems (ISO 639-1 code: Snowball's name).
LANGUAGES = {"en": "english", "ru": "russian", "fr": "french", "de": "german", "ar": "arabic",
             "es": "spanish", "it": "italian", "pt": "portuguese", "nl": "dutch",
             "tr": "turkish"}


def _configurations() -> str:
    """A text search configuration per language that stems as PostgreSQL's own
    but keeps every word: Reader's index drops no stop words, so "the" and
    "very" are found in the team library as in a local one."""
    statements = []
    for name in LANGUAGES.values():
        statements.append(
            f"CREATE TEXT SEARCH DICTIONARY {SCHEMA}.{name}_stem "
            f"(TEMPLATE = snowball, Language = {name});\n"
            f"CREATE TEXT SEARCH CONFIGURATION {SCHEMA}.{name} (COPY = pg_catalog.{name});\n"
            f"ALTER TEXT SEARCH CONFIGURATION {SCHEMA}.{name} ALTER MAPPING FOR asciiword, "
            f"asciihword, hword_asciipart, word, hword, hword_part WITH {SCHEMA}.{name}_stem;")
    return "\n".join(statements)


def _step_1() -> str:
    return f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{MEMBER_ROLE}') THEN
    CREATE ROLE {MEMBER_ROLE} NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ADMIN_ROLE}') THEN
    CREATE ROLE {ADMIN_ROLE} NOLOGIN;
  END IF;
END $$;
GRANT {MEMBER_ROLE} TO {ADMIN_ROLE};

CREATE TABLE {SCHEMA}.members (
    role name PRIMARY KEY,
    admin boolean NOT NULL DEFAULT false,
    added_by name NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now()
);

{_configurations()}
-- The text search configuration of an article's language (ISO 639-1), as
-- Reader's local index stems it; 'simple' (no stemming) for the others.
CREATE FUNCTION {SCHEMA}.search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
  SELECT CASE language
    {" ".join(f"WHEN '{code}' THEN '{SCHEMA}.{name}'" for code, name in LANGUAGES.items())}
    ELSE 'simple' END::regconfig
$f$;

CREATE TABLE {SCHEMA}.articles (
    id text PRIMARY KEY,
    path text NOT NULL,
    part text NOT NULL DEFAULT '',
    title text NOT NULL,
    author text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    date text NOT NULL DEFAULT '',
    language text NOT NULL DEFAULT '',
    fingerprint text NOT NULL,
    text text NOT NULL,
    blocks jsonb NOT NULL,
    ingested_by name NOT NULL DEFAULT current_user,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    words tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector({SCHEMA}.search_config(language), title), 'A')
        || to_tsvector({SCHEMA}.search_config(language), text)) STORED
);
CREATE INDEX articles_words ON {SCHEMA}.articles USING gin (words);

CREATE TABLE {SCHEMA}.notes (
    id text PRIMARY KEY,
    article_id text NOT NULL,
    author name NOT NULL DEFAULT current_user,
    shared boolean NOT NULL DEFAULT false,
    quote text NOT NULL,
    prefix text NOT NULL DEFAULT '',
    suffix text NOT NULL DEFAULT '',
    start_offset integer NOT NULL,
    end_offset integer NOT NULL,
    body text NOT NULL DEFAULT '',
    tags text[] NOT NULL DEFAULT '{{}}',
    color text NOT NULL DEFAULT '',
    created timestamptz NOT NULL DEFAULT now(),
    modified timestamptz NOT NULL DEFAULT now(),
    deleted timestamptz
);
CREATE INDEX notes_article ON {SCHEMA}.notes (article_id);
CREATE INDEX notes_author ON {SCHEMA}.notes (author);

ALTER TABLE {SCHEMA}.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE {SCHEMA}.notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_read ON {SCHEMA}.notes FOR SELECT
    USING (author = current_user OR shared);
CREATE POLICY notes_add ON {SCHEMA}.notes FOR INSERT
    WITH CHECK (author = current_user);
CREATE POLICY notes_change ON {SCHEMA}.notes FOR UPDATE
    USING (author = current_user) WITH CHECK (author = current_user);
CREATE POLICY notes_remove ON {SCHEMA}.notes FOR DELETE
    USING (author = current_user);

ALTER TABLE {SCHEMA}.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE {SCHEMA}.members FORCE ROW LEVEL SECURITY;
CREATE POLICY members_read ON {SCHEMA}.members FOR SELECT USING (true);
CREATE POLICY members_manage ON {SCHEMA}.members FOR ALL
    USING (pg_has_role(current_user, '{ADMIN_ROLE}', 'MEMBER'))
    WITH CHECK (pg_has_role(current_user, '{ADMIN_ROLE}', 'MEMBER'));

GRANT USAGE ON SCHEMA {SCHEMA} TO {MEMBER_ROLE};
GRANT SELECT ON {SCHEMA}.schema_version, {SCHEMA}.members TO {MEMBER_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON {SCHEMA}.articles, {SCHEMA}.notes TO {MEMBER_ROLE};
GRANT INSERT, UPDATE, DELETE ON {SCHEMA}.members TO {ADMIN_ROLE};
"""


def _step_2() -> str:
    # pg_trgm and fuzzystrmatch are trusted extensions: the database's owner
    # may create them.  They go where the server puts extensions (public).
    return f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE TABLE {SCHEMA}.words (word text PRIMARY KEY);
CREATE INDEX words_trigrams ON {SCHEMA}.words USING gin (word gin_trgm_ops);
GRANT SELECT, INSERT ON {SCHEMA}.words TO {MEMBER_ROLE};
"""


def _step_3() -> str:
    # ``note``: the note exactly as Reader wrote it (Note.to_dict), so a round
    # trip through the server is lossless; the columns of step 1 stay filled
    # for row-level security and for SQL reports.  ``revision`` is the
    # optimistic lock a desktop pushes against; ``changed_xid`` orders changes
    # for pulling (a desktop asks for what changed since the oldest
    # transaction that was still running at its last pull: see sync.py).
    return f"""
ALTER TABLE {SCHEMA}.notes
    ADD COLUMN note jsonb,
    ADD COLUMN revision bigint NOT NULL DEFAULT 1,
    ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX notes_changed ON {SCHEMA}.notes (changed_xid);
CREATE FUNCTION {SCHEMA}.note_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  NEW.revision := OLD.revision + 1;
  NEW.changed_xid := pg_current_xact_id();
  RETURN NEW;
END $f$;
CREATE TRIGGER notes_changed BEFORE UPDATE ON {SCHEMA}.notes
    FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.note_changed();
CREATE TABLE {SCHEMA}.team (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now());
INSERT INTO {SCHEMA}.team DEFAULT VALUES;
GRANT SELECT ON {SCHEMA}.team TO {MEMBER_ROLE};
"""


@dataclass(frozen=True)
class Step:
    version: int
    description: str
    sql: str


#: Every step, in order; the schema's version is the last one applied.
STEPS: tuple[Step, ...] = (
    Step(1, "members, articles with their text search vectors, notes with row-level security",
         _step_1()),
    Step(2, "the words of the articles, with a trigram index, for fuzzy terms", _step_2()),
    Step(3, "notes as desktops sync them: the whole note, a revision, the change order; "
            "the team's identity", _step_3()),
)


@dataclass(frozen=True)
class Migrated:
    """What ``migrate`` did: the version found, and the version now."""

    before: int
    after: int


def current_version(conn: psycopg.Connection) -> int:
    """The schema version of the team database (0: no team schema)."""
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.schema_version",))
        if cur.fetchone()[0] is None:
            return 0
        cur.execute(f"SELECT coalesce(max(version), 0) FROM {SCHEMA}.schema_version")
        return cur.fetchone()[0]


def migrate(conn: psycopg.Connection) -> Migrated:
    """Create the team schema, or bring it up to the last step, in one transaction."""
    try:
        with conn.transaction():
            with conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (SCHEMA,))
                cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
                cur.execute(f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.schema_version (
                    version integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_by name NOT NULL DEFAULT current_user,
                    applied_at timestamptz NOT NULL DEFAULT now())""")
            before = current_version(conn)
            if before > STEPS[-1].version:
                raise TeamError(f"The team schema is version {before}, newer than this Reader "
                                f"knows ({STEPS[-1].version}): update Reader.")
            for step in STEPS:
                if step.version > before:
                    with conn.cursor() as cur:
                        cur.execute(step.sql)
                        cur.execute(f"INSERT INTO {SCHEMA}.schema_version (version, description)"
                                    " VALUES (%s, %s)", (step.version, step.description))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise TeamError("This role may not create the team schema (it needs CREATE on the "
                        f"database and CREATEROLE): {first_line(exc)}") from None
    return Migrated(before, current_version(conn))
