"""Databases for the source tests: SQLite and DuckDB files, and a real PostgreSQL server.

The server is Debian's PostgreSQL, started once per session in a temporary folder as an
unprivileged user (``nobody`` when the tests run as root, which PostgreSQL refuses to run
as), listening on a unix socket in that folder and on no network address. It is stopped
and its folder removed at the end. Without the binaries the tests that need it are
skipped and say why (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.conftest import app  # noqa: F401 - the app session fixture, shared with tests/app
from tests.sources.databases import build_shop

PG_BIN = Path("/usr/lib/postgresql")
PG_USER = "syndata"
PASSWORD = "pw-Xq81zz"
"""Sent in every PostgreSQL URL (the local cluster trusts its socket, so any password
works) and looked for in every output to prove it never leaks."""


@pytest.fixture
def sqlite_shop(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    build_shop(url)
    return url


@pytest.fixture
def duckdb_shop(tmp_path) -> str:
    url = f"duckdb:///{tmp_path / 'shop.duckdb'}"
    build_shop(url)
    return url


def _pg_bin() -> Path | None:
    found = sorted(PG_BIN.glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A URL (with ``PASSWORD``) of a database ``shop`` on a throwaway local server."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries are missing (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="syndata-pg-", dir="/tmp"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        run_as = ["runuser", "-u", "nobody", "--"]
    data = folder / "data"

    def pg(*args: str) -> None:
        subprocess.run([*run_as, *args], check=True, capture_output=True, timeout=120)

    try:
        pg(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", PG_USER,
           "--no-sync", "-E", "UTF8")
        pg(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w",
           "-o", f"-k {folder} -c listen_addresses= -c fsync=off", "start")
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not start here: {error}")
    base = f"postgresql://{PG_USER}:{PASSWORD}@/{{db}}?host={folder}"
    try:
        import sqlalchemy as sa

        admin = sa.create_engine(base.format(db="postgres").replace(
            "postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text("CREATE DATABASE shop"))
            connection.execute(sa.text("CREATE ROLE stranger LOGIN"))
        admin.dispose()
        url = base.format(db="shop")
        build_shop(url.replace("postgresql://", "postgresql+psycopg://"), schema="sales")
        yield url
    finally:
        pg(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)
