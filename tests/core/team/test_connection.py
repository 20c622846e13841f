"""Reaching the team server: libpq's passwords, and every failure as a sentence."""
from __future__ import annotations

import pytest

from reader.core.model import TeamError, TeamPasswordNeeded
from reader.core.team.connection import connect, redacted


@pytest.fixture
def guarded(cluster, team_url):
    """A login that must give its password; (its URL, the password)."""
    role = cluster.new_login("pat", password="s3cret-words")
    cluster.require_password(role)
    return team_url.replace("postgres@", f"{role}@"), "s3cret-words"


def test_a_password_the_server_wants_and_nobody_gave_is_asked_for(guarded, monkeypatch):
    url, _password = guarded
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    with pytest.raises(TeamPasswordNeeded, match=r"\.pgpass, PGPASSWORD"):
        connect(url)


def test_passwords_come_from_libpqs_usual_places(guarded, tmp_path, monkeypatch):
    url, password = guarded
    monkeypatch.setenv("PGPASSWORD", password)
    connect(url).close()
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:*:{password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    connect(url).close()
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    connect(url, password=password).close()  # typed at the prompt
    with pytest.raises(TeamPasswordNeeded):
        connect(url, password="wrong")


def test_a_server_that_is_not_there_is_said_so(tmp_path):
    with pytest.raises(TeamError, match="Could not reach the team server"):
        connect(f"postgresql://someone@/team?host={tmp_path}")


def test_an_address_that_is_no_url_is_said_so():
    with pytest.raises(TeamError, match="not a PostgreSQL URL"):
        connect("postgresql://[::1")


def test_passwords_never_reach_a_message():
    assert redacted("postgresql://ann:hunter2@db.example/team") == (
        "postgresql://ann:***@db.example/team")
    assert redacted("host=db password=hunter2 dbname=team") == "host=db password=*** dbname=team"
