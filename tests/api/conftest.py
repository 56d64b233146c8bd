"""One API server and one uploaded flights dataset for all the API tests (module fixtures
would start several servers: each start costs seconds on 2 cores)."""

from __future__ import annotations

import io
import zipfile

import pytest

from syndata.demos import load_demo
from tests.api.server import ApiServer, start_server

UPLOAD_CAP_MB = 5


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> ApiServer:
    running = start_server(tmp_path_factory.mktemp("api"),
                           SYNDATA_MAX_UPLOAD_MB=str(UPLOAD_CAP_MB))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def token(server) -> str:
    return server.new_token()


@pytest.fixture(scope="session")
def client(server, token):
    with server.client(token) as session:
        yield session


@pytest.fixture(scope="session")
def flights_demo():
    return load_demo("flights_multi")


@pytest.fixture(scope="session")
def flights(client, flights_demo) -> str:
    """The 4-table flights demo uploaded as one ZIP of CSV files and the demo's
    ``metadata.json`` (the layout of our export ZIP), so its schema is the demo's."""
    tables = {f"{name}.csv": frame.to_csv(index=False).encode()
              for name, frame in flights_demo.tables.items()}
    archive = zip_of({**tables, "metadata.json": flights_demo.schema.to_json().encode()})
    created = client.post("/datasets", files={"files": ("flights.zip", archive)})
    assert created.status_code == 201, created.text
    return created.json()["id"]


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
