"""The whole flow over HTTP against a real server: upload, fit, generate, evaluate,
download, cancel, and what another token (or none) may see."""

from __future__ import annotations

import io
import time
import zipfile

import pandas as pd
import psutil
import pytest

from syndata.signing import MAGIC
from tests.api.conftest import UPLOAD_CAP_MB
from tests.api.server import wait_done


@pytest.fixture(scope="module")
def fitted(client, flights) -> dict[str, dict]:
    """GaussianCopula and IRGAN (1 epoch) fitted on the flights, both jobs at once."""
    started = {}
    for model, settings in (("gaussian_copula", {}), ("irgan", {"epochs": 1, "batch_size": 200})):
        answer = client.post("/models", json={"dataset_id": flights, "model": model,
                                              "settings": settings})
        assert answer.status_code == 202, answer.text
        assert answer.json()["job"]["state"] in ("queued", "running")
        started[model] = answer.json()["id"]
    return {model: wait_done(client, f"/models/{mid}") for model, mid in started.items()}


@pytest.fixture(scope="module")
def generated(client, fitted) -> list[str]:
    """Three generate jobs from the IRGAN model: seed 7 twice, then seed 8."""
    ids = []
    for seed in (7, 7, 8):
        answer = client.post("/synthetic", json={"model_id": fitted["irgan"]["id"],
                                                 "seed": seed})
        assert answer.status_code == 202, answer.text
        ids.append(answer.json()["id"])
    for synthetic_id in ids:
        job = wait_done(client, f"/synthetic/{synthetic_id}")["job"]
        assert job["state"] == "done", job
    return ids


def test_a_zip_database_keeps_its_tables_and_metadata(client, flights, flights_demo):
    dataset = client.get(f"/datasets/{flights}").json()
    assert {t["name"]: t["rows"] for t in dataset["tables"]} == {
        "airlines": 16, "airports": 83, "planes": 764, "flights": 1000}
    assert dataset["tables"][0]["source"] == "flights.zip/airlines.csv"
    assert sorted(dataset["relationships"]) == sorted(
        r.label() for r in flights_demo.schema.relationships)
    metadata = client.get(f"/datasets/{flights}/metadata").json()
    assert metadata["tables"]["flights"]["primary_key"] == "flight_id"
    assert flights in [d["id"] for d in client.get("/datasets").json()]


def test_several_csv_files_are_one_database_with_detected_links(client, shop):
    files = [("files", (f"{name}.csv", frame.to_csv(index=False).encode()))
             for name, frame in shop.items()]
    created = client.post("/datasets", files=files)
    assert created.status_code == 201, created.text
    assert created.json()["relationships"] == ["orders.user_id -> users.user_id"]
    dataset = created.json()["id"]
    metadata = client.get(f"/datasets/{dataset}/metadata").json()
    metadata["tables"]["users"]["columns"]["country"]["sdtype"] = "categorical"
    replaced = client.put(f"/datasets/{dataset}/metadata", json=metadata)
    assert replaced.status_code == 200, replaced.text
    assert client.get(f"/datasets/{dataset}/metadata").json() == metadata
    assert client.delete(f"/datasets/{dataset}").json()["workspace_closed"] is False


def test_parquet_files_upload(client, shop):
    buffer = io.BytesIO()
    shop["orders"].to_parquet(buffer, index=False)
    created = client.post("/datasets", files={"files": ("orders.parquet", buffer.getvalue())})
    assert created.status_code == 201, created.text
    assert created.json()["tables"] == [{"name": "orders", "rows": 200, "columns": 4,
                                         "source": "orders.parquet"}]
    broken = client.post("/datasets", files={"files": ("bad.parquet", b"PAR1 nothing")})
    assert broken.status_code == 400 and "Parquet" in broken.json()["error"]


def test_profile_and_problems(client, flights):
    profile = client.get(f"/datasets/{flights}/profile").json()
    assert set(profile) == {"airlines", "airports", "planes", "flights"}
    tailnum = next(c for c in profile["flights"] if c["name"] == "tailnum")
    assert tailnum["nulls"] > 0 and tailnum["distinct"] > 1
    problems = client.get(f"/datasets/{flights}/problems").json()
    assert all(set(p) == {"message", "table", "fixes"} for p in problems)


def test_both_models_fit_to_done_with_progress_and_log(fitted):
    for model, body in fitted.items():
        assert body["job"]["state"] == "done", body["job"]
        assert body["job"]["fraction"] == 1.0 and body["job"]["eta_s"] == 0.0
        assert body["fit_seconds"] > 0 and body["device"] == "cpu"
        assert body["tables"] == ["airlines", "airports", "planes", "flights"], model
    assert any("epoch 1 of 1" in line for line in fitted["irgan"]["job"]["log"])
    assert fitted["irgan"]["settings"]["epochs"] == 1


def test_same_seed_gives_the_same_bytes(client, generated):
    first, again, other = (client.get(f"/synthetic/{s}/tables/flights").content
                           for s in generated)
    assert first == again
    assert first != other
    assert len(pd.read_csv(io.BytesIO(first))) == 1000


def test_downloads_csv_parquet_and_zip(client, generated):
    synthetic = generated[0]
    csv = pd.read_csv(io.BytesIO(client.get(f"/synthetic/{synthetic}/tables/planes").content))
    answer = client.get(f"/synthetic/{synthetic}/tables/planes", params={"format": "parquet"})
    assert answer.status_code == 200
    parquet = pd.read_parquet(io.BytesIO(answer.content))
    assert list(parquet.columns) == list(csv.columns) and len(parquet) == len(csv)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/synthetic/{synthetic}/download").content))
    assert sorted(archive.namelist()) == ["airlines.csv", "airports.csv", "flights.csv",
                                          "metadata.json", "planes.csv"]
    missing = client.get(f"/synthetic/{synthetic}/tables/nope")
    assert missing.status_code == 404 and "airlines" in missing.json()["error"]


def test_evaluate_gives_the_cli_scores_and_the_report(client, flights):
    """On one small table of the flights (an evaluation of all four takes 10-20 s on 2
    loaded cores; the API's part is the same)."""
    model = client.post("/models", json={"dataset_id": flights, "model": "gaussian_copula",
                                         "tables": ["airports"]}).json()["id"]
    assert wait_done(client, f"/models/{model}")["tables"] == ["airports"]
    small = client.post("/synthetic", json={"model_id": model}).json()["id"]
    assert wait_done(client, f"/synthetic/{small}")["tables"][0]["rows"] == 83
    started = client.post("/evaluations", json={"synthetic_id": small})
    assert started.status_code == 202, started.text
    body = wait_done(client, f"/evaluations/{started.json()['id']}")
    assert body["job"]["state"] == "done", body["job"]
    assert 0 < body["quality"] <= 1
    scores = client.get(f"/evaluations/{body['id']}/scores").json()
    assert scores["quality"] == body["quality"] and scores["level"] == body["level"]
    assert {"properties", "privacy", "recommendations", "not_computed"} <= set(scores)
    report = client.get(f"/evaluations/{body['id']}/report")
    assert report.headers["content-type"].startswith("text/html")
    assert "<html" in report.text[:500].lower()


def test_model_file_downloads_signed_and_only_a_signed_one_uploads(client, fitted):
    blob = client.get(f"/models/{fitted['gaussian_copula']['id']}/file").content
    assert blob.startswith(MAGIC)
    uploaded = client.post("/models/upload", files={"file": ("m.syndata", blob)})
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["model"] == "gaussian_copula"
    assert uploaded.json()["job"]["state"] == "done"
    altered = client.post("/models/upload", files={"file": ("m.syndata", blob[:-1] + b"?")})
    assert altered.status_code == 400
    assert "not exported by this installation" in altered.json()["error"]


def test_cancel_ends_a_long_fit_and_its_worker(client, server, flights):
    before = server.descendants()
    started = client.post("/models", json={"dataset_id": flights, "model": "irgan",
                                           "settings": {"epochs": 5000}})
    model = started.json()["id"]
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not workers:
        body = client.get(f"/models/{model}").json()
        if body["job"]["stage"] not in (None, "starting"):
            workers = server.descendants() - before
        time.sleep(0.1)
    assert workers, "the fit never started"
    early = client.post("/synthetic", json={"model_id": model})
    assert early.status_code == 409 and "running" in early.json()["error"]
    cancelled = client.post(f"/models/{model}/cancel")
    assert cancelled.json()["job"]["state"] == "cancelled"
    assert not [p for p in workers if psutil.pid_exists(p)
                and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]


def test_another_token_sees_nothing_of_ours(server, client, flights, fitted, generated):
    with server.client(server.new_token()) as other:
        for path in (f"/datasets/{flights}", f"/datasets/{flights}/metadata",
                     f"/models/{fitted['irgan']['id']}", f"/models/{fitted['irgan']['id']}/file",
                     f"/synthetic/{generated[0]}", f"/synthetic/{generated[0]}/download"):
            answer = other.get(path)
            assert answer.status_code == 404, path
            assert set(answer.json()) == {"error", "hint"}
        assert other.delete(f"/datasets/{flights}").status_code == 404
        assert other.post("/models", json={"dataset_id": flights,
                                           "model": "gaussian_copula"}).status_code == 404
        assert other.get("/models").json() == []
    assert client.get(f"/datasets/{flights}").status_code == 200


def test_no_token_or_a_wrong_one_is_401(server):
    with server.client() as anonymous:
        assert anonymous.get("/datasets").status_code == 401
    with server.client("sdt_not-a-token") as stranger:
        answer = stranger.get("/datasets")
    assert answer.status_code == 401 and "token" in answer.json()["hint"]


def test_deleting_the_last_resource_deletes_the_workspace(server):
    with server.client(server.new_token()) as fresh:
        before = set(server.workspaces.iterdir())
        created = fresh.post("/datasets", files={"files": ("t.csv", b"a,b\n1,x\n2,y\n")})
        assert created.status_code == 201
        assert len(set(server.workspaces.iterdir()) - before) == 1
        deleted = fresh.delete(f"/datasets/{created.json()['id']}").json()
        assert deleted["workspace_closed"] is True
        assert set(server.workspaces.iterdir()) == before


def test_bad_requests_are_json_problems(client, flights, fitted):
    cases = [
        (client.post("/synthetic", json={"model_id": fitted["irgan"]["id"], "rows": 5,
                                         "scale": 2}), 422, "rows or scale"),
        (client.post("/models", json={"dataset_id": flights, "model": "nope"}), 422,
         "Unknown model"),
        (client.post("/models", json={"dataset_id": flights, "model": "irgan",
                                      "settings": {"epochs": 0}}), 422, "at least"),
        (client.post("/models", json={"dataset_id": flights, "model": "irgan",
                                      "epochs": 3}), 422, "epochs"),
        (client.post("/synthetic", json={"model_id": fitted["irgan"]["id"], "rows": 0}), 422,
         "rows"),
        (client.put(f"/datasets/{flights}/metadata", content=b"{not json"), 422, "JSON"),
        (client.post("/datasets", files={"files": ("big.csv", b"a\n" * (UPLOAD_CAP_MB * 2**19 +
                                                                           10))}), 413,
         f"{UPLOAD_CAP_MB} MB"),
    ]
    for answer, status, words in cases:
        assert answer.status_code == status, answer.text
        assert set(answer.json()) == {"error", "hint"}
        assert words.lower() in answer.json()["error"].lower()


def test_openapi_docs(server):
    with server.client() as anonymous:
        assert "swagger" in anonymous.get("/docs").text.lower()
        paths = anonymous.get("/openapi.json").json()["paths"]
    assert {"/datasets", "/models", "/synthetic", "/evaluations"} <= set(paths)
