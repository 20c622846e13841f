"""The team schema: created, upgraded step by step, never run twice, and refused when newer."""
from __future__ import annotations

import psycopg
import pytest

from reader.core.model import TeamError
from reader.core.team import migrations
from reader.core.team.connection import connect
from reader.core.team.migrations import STEPS, current_version, migrate


def test_init_creates_the_schema_then_finds_it_up_to_date(team_url):
    with connect(team_url) as conn:
        assert current_version(conn) == 0
        assert migrate(conn) == migrations.Migrated(0, STEPS[-1].version)
        assert migrate(conn) == migrations.Migrated(STEPS[-1].version, STEPS[-1].version)
        tables = {row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'reader_team'")}
        assert tables == {"schema_version", "members", "articles", "notes", "words", "team"}
        applied = conn.execute("SELECT version, applied_by FROM reader_team.schema_version")
        assert applied.fetchall() == [(step.version, "postgres") for step in STEPS]


def test_a_new_step_upgrades_an_older_schema(team_url, monkeypatch):
    with connect(team_url) as conn:
        migrate(conn)
        last = STEPS[-1].version
        later = migrations.Step(last + 1, "a test step", "CREATE TABLE reader_team.later (x int)")
        monkeypatch.setattr(migrations, "STEPS", (*STEPS, later))
        assert migrate(conn) == migrations.Migrated(last, last + 1)
        assert conn.execute("SELECT to_regclass('reader_team.later')").fetchone()[0]


def test_a_schema_newer_than_reader_is_left_alone(team_url):
    with connect(team_url) as conn:
        migrate(conn)
        conn.execute("INSERT INTO reader_team.schema_version VALUES (99, 'from the future')")
        conn.commit()
        with pytest.raises(TeamError, match="newer than this Reader knows"):
            migrate(conn)
        assert current_version(conn) == 99


def test_a_failing_step_leaves_the_schema_as_it_was(team_url, monkeypatch):
    broken = migrations.Step(STEPS[-1].version + 1, "broken", "CREATE TABLE reader_team.half (x int); SELECT 1/0")
    monkeypatch.setattr(migrations, "STEPS", (*STEPS, broken))
    with connect(team_url) as conn:
        with pytest.raises(psycopg.errors.DivisionByZero):
            migrate(conn)
        conn.rollback()
        assert current_version(conn) == 0  # not even step 1: one transaction
        assert conn.execute("SELECT to_regclass('reader_team.half')").fetchone()[0] is None


def test_articles_get_a_search_vector_in_their_language(team_url):
    with connect(team_url) as conn:
        migrate(conn)
        conn.execute("""INSERT INTO reader_team.articles (id, path, title, language, fingerprint,
                        text, blocks) VALUES
                        ('a', '/a.txt', 'Talks', 'en', 'f1', 'The delegations were meeting', '[]'),
                        ('b', '/b.txt', 'Переговоры', 'ru', 'f2', 'Делегации встретились', '[]')""")
        found = [row[0] for row in conn.execute(
            "SELECT id FROM reader_team.articles WHERE words @@ to_tsquery('english', 'meet')")]
        assert found == ["a"]  # "meeting", stemmed as English
        found = [row[0] for row in conn.execute(
            "SELECT id FROM reader_team.articles "
            "WHERE words @@ to_tsquery('russian', 'делегация')")]
        assert found == ["b"]
        plan = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_words'")
        assert "gin (words)" in plan.fetchone()[0]


def test_a_role_without_rights_gets_a_sentence(cluster, team_url):
    stranger = cluster.new_login("stranger")
    url = team_url.replace("postgres@", f"{stranger}@")
    with connect(url) as conn:  # (no CREATE on the database, no CREATEROLE)
        with pytest.raises(TeamError, match="may not create the team schema"):
            migrate(conn)
