"""A throw-away PostgreSQL cluster for the team tests: initdb in a temporary
folder, a Unix socket only (no TCP port), stopped and deleted at the end.

The server's programs come from PATH or Debian's /usr/lib/postgresql/N/bin
(``.ci/run`` installs Debian's postgresql when they are missing).  initdb
refuses to run as root: under root the cluster is made and run by the
``postgres`` system user that Debian's package creates.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

SUPERUSER = "postgres"


def server_bin() -> Path | None:
    """The folder of initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]))
    return Path(candidates[-1]).parent if candidates else None


@dataclass
class Cluster:
    """A running cluster: its folder (also the socket's) and how to reach it."""

    folder: Path
    bin: Path
    run_as: list[str]

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{database}?host={self.folder}"

    def new_database(self) -> str:
        name = f"team_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def new_login(self, prefix: str, password: str | None = None) -> str:
        """A new login role (names are the cluster's: unique per test)."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(name), sql.Literal(password or "unused")))
        return name

    def require_password(self, role: str) -> None:
        """Ask ``role`` for its password on the socket (the others stay trusted)."""
        self.allow(f"local all {role} scram-sha-256")
        self.pg_ctl("reload")

    def pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                        *args], check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "immediate", "-w")

    def start(self, extra: str = "") -> None:
        """Start on the socket alone; ``extra``: more server settings (``-c name=value``)."""
        self.pg_ctl("start", "-w", "-l", str(self.folder / "server.log"), "-o",
                    f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' "
                    f"-c fsync=off -c synchronous_commit=off -c full_page_writes=off {extra}")

    def give(self, path: Path, mode: int) -> None:
        """Make ``path`` the server's own (its key file must be), with ``mode``."""
        if self.run_as:
            owner = pwd.getpwnam("postgres")
            os.chown(path, owner.pw_uid, owner.pw_gid)
        os.chmod(path, mode)

    def allow(self, hba_line: str) -> None:
        """Put ``hba_line`` first in pg_hba.conf (read at the next start or reload)."""
        hba = str(self.folder / "data" / "pg_hba.conf")
        lines = subprocess.run([*self.run_as, "cat", hba], capture_output=True, text=True,
                               check=True).stdout
        subprocess.run([*self.run_as, "tee", hba], input=f"{hba_line}\n" + lines, text=True,
                       check=True, capture_output=True)


def start_cluster() -> Cluster:
    """initdb and start a cluster in a new temporary folder; trust on the socket
    (the folder is the process owner's alone), passwords where a test sets them."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL's server programs (initdb) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="reader-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    os.chmod(folder, 0o700)
    subprocess.run([*run_as, str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", SUPERUSER,
                    "--auth-local=trust", "--auth-host=reject", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True, timeout=120)
    cluster = Cluster(folder, bin_dir, run_as)
    cluster.start()
    return cluster


def remove_cluster(cluster: Cluster) -> None:
    try:
        cluster.stop()
    finally:
        shutil.rmtree(cluster.folder, ignore_errors=True)
