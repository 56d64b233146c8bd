"""The bad-input corpus through ``POST /datasets``: what the CLI reads, the API reads; what
it refuses, the API refuses with a 4xx JSON problem carrying the same message, never a 500.
"""

from __future__ import annotations

import pytest

from tests.corpus import cases as corpus


@pytest.fixture(scope="module")
def corpus_client(server):
    with server.client(server.new_token()) as session:
        yield session


def _form(options: dict) -> dict[str, str]:
    return {name: str(value) for name, value in options.items()}


def _check_problem(answer, message: str) -> None:
    assert 400 <= answer.status_code < 500, answer.text
    body = answer.json()
    assert set(body) == {"error", "hint"}
    assert "unexpected" not in body["error"], "a library error leaked: " + body["error"]
    assert message.lower() in body["error"].lower()


WORKING_SAMPLE = ("preamble_with_skip", "utf16_bom", "gzip_compressed", "zip_with_one_csv",
                  "duplicate_headers", "very_long_table")
"""The files that must read: every bad one runs here, of the good ones a sample of the
kinds (reading options, encodings, archives, size); all of them run through the core and
the CLI in tests/test_corpus_core.py and tests/test_corpus_cli.py."""

UPLOAD_CASES = tuple(case for case in corpus.CSV_CASES
                     if case.outcome == corpus.ERROR or case.name in WORKING_SAMPLE)


@pytest.mark.parametrize("case", UPLOAD_CASES, ids=lambda case: case.name)
def test_csv_case_through_upload(corpus_client, case):
    answer = corpus_client.post("/datasets", data=_form(case.options),
                                files={"files": (case.path().name, case.content())})
    if case.outcome == corpus.ERROR:
        _check_problem(answer, case.message)
        return
    assert answer.status_code == 201, answer.text
    (table,) = answer.json()["tables"]
    assert (table["rows"], table["columns"]) == case.shape
    corpus_client.delete(f"/datasets/{answer.json()['id']}")


@pytest.mark.parametrize("case", corpus.METADATA_CASES, ids=lambda case: case.name)
def test_metadata_case_through_upload_and_fit(corpus_client, case):
    data = case.path()
    paths = sorted(data.glob("*.csv")) if data.is_dir() else [data]
    uploaded = corpus_client.post("/datasets", files=[("files", (p.name, p.read_bytes()))
                                                      for p in paths])
    assert uploaded.status_code == 201, uploaded.text
    dataset = uploaded.json()["id"]
    metadata = (corpus.FILES / case.metadata).read_bytes()
    answer = corpus_client.put(f"/datasets/{dataset}/metadata", content=metadata)
    if answer.status_code == 200:
        answer = corpus_client.post("/models", json={"dataset_id": dataset,
                                                     "model": case.model})
    if case.outcome == corpus.ERROR:
        _check_problem(answer, case.message)
    else:
        assert answer.status_code == 202, answer.text
        corpus_client.delete(f"/models/{answer.json()['id']}")
    corpus_client.delete(f"/datasets/{dataset}")
