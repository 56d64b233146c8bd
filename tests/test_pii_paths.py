"""PII in columns whose names give no hint is faked on every path: CLI and app.

The CSV has e-mails in ``kontakt``, phones in several formats in ``tel`` and ``mobil``,
US SSNs in ``ref``, Italian codici fiscali in ``cf`` and IBANs in ``konto``. Whatever the
model, no real value may reach the output CSVs or the saved model file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from faker import Faker

from syndata import synthesis
from syndata.pii import pii_left_plain, pii_warning
from syndata.project import Project

ROOT = Path(__file__).resolve().parents[1]
ROWS = 40
PII = {"kontakt": "email", "tel": "phone_number", "mobil": "phone_number", "ref": "ssn",
       "cf": "ssn", "konto": "iban"}


def _faker(locale: str) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(5)
    return fake


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    us, it, de = _faker("en_US"), _faker("it_IT"), _faker("de_DE")
    abroad = [_faker(locale) for locale in ("de_DE", "fr_FR", "en_GB", "nl_NL")]
    return pd.DataFrame({
        "customer_id": range(1, ROWS + 1),
        "kontakt": [us.email() for _ in range(ROWS)],
        "tel": [us.phone_number() for _ in range(ROWS)],
        "mobil": [abroad[i % 4].phone_number() for i in range(ROWS)],
        "ref": [us.ssn() for _ in range(ROWS)],
        "cf": [it.ssn() for _ in range(ROWS)],
        "konto": [de.iban() for _ in range(ROWS)],
        "amount": range(100, 100 + ROWS),
        "segment": ["retail", "business"] * (ROWS // 2),
    })


@pytest.fixture(scope="module")
def people_csv(tmp_path_factory, people) -> Path:
    path = tmp_path_factory.mktemp("pii") / "people.csv"
    people.to_csv(path, index=False)
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syndata", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def _real_values_in(text: str, people: pd.DataFrame) -> list[str]:
    return [v for c in PII for v in people[c] if v in text]


@pytest.mark.parametrize("model", ["gaussian_copula", "irgan"])
def test_cli_copies_no_real_pii_into_output_or_model_file(model, tmp_path, people_csv, people):
    out, model_file = tmp_path / "out", tmp_path / "m.pkl"
    result = _cli("synthesize", "--data", str(people_csv), "--model", model, "--epochs", "1",
                  "--out", str(out), "--save-model", str(model_file))
    assert result.returncode == 0, result.stderr
    synthetic = pd.read_csv(out / "people.csv", dtype=str)
    assert len(synthetic) == ROWS
    for column in PII:
        assert not synthetic[column].isin(people[column]).any(), column
    blob = model_file.read_bytes()
    assert [v for c in PII for v in people[c]
            if v.encode() in blob or v.encode("utf-32-le") in blob] == []
    meta = json.loads((out / "metadata.json").read_text())["tables"]["people"]["columns"]
    assert {c: meta[c]["sdtype"] for c in PII} == PII
    assert "note: people.kontakt is typed email" in result.stderr


def test_cli_keeps_a_declared_categorical_but_warns(tmp_path, people_csv, people):
    metadata = tmp_path / "metadata.json"
    columns = {c: {"sdtype": PII.get(c, "categorical")} for c in people.columns}
    columns |= {"customer_id": {"sdtype": "id"}, "amount": {"sdtype": "numerical"},
                "kontakt": {"sdtype": "categorical"}}
    metadata.write_text(json.dumps({"tables": {"people": {
        "primary_key": "customer_id", "columns": columns}}}))
    out = tmp_path / "out"
    result = _cli("synthesize", "--data", str(people_csv), "--metadata", str(metadata),
                  "--model", "gaussian_copula", "--out", str(out))
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1 and "people.kontakt" in warning[0] and "PII sdtype" in warning[0]
    meta = json.loads((out / "metadata.json").read_text())["tables"]["people"]["columns"]
    assert meta["kontakt"]["sdtype"] == "categorical"
    synthetic = pd.read_csv(out / "people.csv", dtype=str)
    assert not synthetic["kontakt"].isin(people["kontakt"]).any()  # rare values masked


def test_app_project_types_pii_when_the_user_changes_nothing(people_csv, people):
    project = Project()
    name = project.add_csv(people_csv.read_bytes(), "people.csv")
    columns = project.schema.tables[name].columns
    assert {c: columns[c].sdtype for c in PII} == PII
    assert pii_warning(project.schema, project.tables) is None
    fitted = synthesis.fit("gaussian_copula", project.schema, project.tables)
    synthetic = fitted.sample(seed=0)[name]
    for column in PII:
        assert not synthetic[column].isin(people[column]).any(), column
    project.schema.set_sdtype(name, "kontakt", "categorical")  # the user's own choice
    assert pii_left_plain(project.schema, project.tables) == ["people.kontakt"]
    assert "people.kontakt" in pii_warning(project.schema, project.tables)
