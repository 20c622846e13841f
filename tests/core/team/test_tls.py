"""TLS to the team server with ``sslmode=verify-full``: libpq's own checks, as the README
tells administrators to set them up (a certificate for the server's name, its CA on the
desktop).  A server of its own: this one listens on a TCP port, with TLS."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from reader.core.model import TeamError
from reader.core.team.connection import connect


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _authority(folder: Path, name: str) -> None:
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
             f"/CN={name}", "-keyout", f"{name}.key", "-out", f"{name}.crt", cwd=folder)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """A cluster serving TLS on 127.0.0.1 with a certificate for "localhost" from a
    test CA; yields (port, the CA's certificate, another CA's certificate)."""
    from tests.core.team.server import remove_cluster, server_bin, start_cluster

    if server_bin() is None or shutil.which("openssl") is None:
        missing = "PostgreSQL's server or openssl is not installed"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    certs = tmp_path_factory.mktemp("certs")
    _authority(certs, "team-ca")
    _authority(certs, "other-ca")
    (certs / "san.cnf").write_text("subjectAltName=DNS:localhost\n")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout",
             "server.key", "-out", "server.csr", cwd=certs)
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "team-ca.crt", "-CAkey", "team-ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", "san.cnf", "-out", "server.crt",
             cwd=certs)
    cluster = start_cluster()
    try:
        for name in ("server.crt", "server.key"):
            shutil.copy(certs / name, cluster.folder / name)
            cluster.give(cluster.folder / name, 0o600)
        with socket.socket() as probe:  # a free port
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        cluster.stop()
        cluster.allow("hostssl all all 127.0.0.1/32 trust")
        cluster.start(f"-c listen_addresses=127.0.0.1 -c port={port} -c ssl=on "
                      f"-c ssl_cert_file={cluster.folder / 'server.crt'} "
                      f"-c ssl_key_file={cluster.folder / 'server.key'}")
        yield port, certs / "team-ca.crt", certs / "other-ca.crt"
    finally:
        remove_cluster(cluster)


def test_verify_full_connects_over_tls_to_the_server_named_in_its_certificate(tls_server):
    port, ca, _other = tls_server
    url = f"postgresql://postgres@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={ca}"
    with connect(url) as conn:
        assert conn.info.pgconn.ssl_in_use
        assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
                            ).fetchone() == (True,)


def test_a_certificate_from_another_authority_is_refused_in_a_sentence(tls_server):
    port, _ca, other = tls_server
    url = f"postgresql://postgres@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={other}"
    with pytest.raises(TeamError, match="Could not reach the team server: .*certificate verify"):
        connect(url)


def test_a_server_reached_by_another_name_than_its_certificates_is_refused(tls_server):
    port, ca, _other = tls_server
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres?sslmode=verify-full&sslrootcert={ca}"
    with pytest.raises(TeamError, match="does not match host name"):
        connect(url)
