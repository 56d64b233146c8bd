"""A hosted API server keeps the app's memory budget: a fit that would not fit within it is
refused before its job starts, as the Fit page refuses it (syndata/api/app.py)."""

from dataclasses import replace

from fastapi.testclient import TestClient

from syndata.api.app import create_app
from syndata.api.config import ApiConfig
from syndata.limits import set_memory_budget
from syndata.settings import load_settings


def test_a_fit_beyond_the_memory_budget_is_refused_before_it_starts(tmp_path):
    settings = replace(load_settings({}), memory_budget_mb=1,
                       workspace_root=tmp_path / "sessions")
    app = create_app(ApiConfig(settings=settings, data_dir=tmp_path / "server"))
    token, _ = app.state.tokens.create()
    rows = "".join(f"{i},{'abc'[i % 3]}\n" for i in range(60))
    try:
        with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
            created = client.post("/datasets",
                                  files={"files": ("t.csv", f"x,kind\n{rows}".encode())})
            assert created.status_code == 201, created.text
            answer = client.post("/models", json={"dataset_id": created.json()["id"],
                                                  "model": "gaussian_copula"})
            assert client.get("/models").json() == []
    finally:
        set_memory_budget(None)

    assert 400 <= answer.status_code < 500
    assert "keeps the app within 1 MiB" in answer.text
    assert "SYNDATA_MEMORY_BUDGET_MB" in answer.text
