"""An attacker's search of everything the CLI wrote for the real values it was given.

Issue 19 is checked this way: the CLI synthesizes from a CSV whose personal columns have
names that give nothing away (``kontakt`` e-mails, ``tel`` phone numbers, ``ref`` US
SSNs), a named ``email`` column, near-unique customer names and a category with rare
values, saves the model and evaluates the output; once more with a user's metadata that
types every personal column plain. Then every file it wrote (synthetic
CSVs, metadata.json, the signed model, the HTML report, the JSON scores) is searched
byte for byte for each real value, as UTF-8 (text, pickled ``str``), UTF-16-LE and
UTF-32-LE (numpy keeps unicode arrays as UTF-32), plain, HTML-escaped and JSON-escaped,
ignoring case. The runs get their own temporary folder, which must be empty afterwards:
the CLI writes only ``--out``, the model file and the report files.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from syndata.metadata import Schema

ROOT = Path(__file__).resolve().parents[1]
ROWS = 72
PII_COLUMNS = ("kontakt", "tel", "ref", "email", "customer")
RARE_PLANS = ("Platinum-Ehrenmitglied", "Vorstand Sonderkonto", "Aufsichtsrat 2019")
ENCODINGS = ("utf-8", "utf-16-le", "utf-32-le")
WRITTEN = {"out", "m.pkl", "r.html", "s.json"}
TORCH_CACHE = "torchinductor_"


DECLARED = Schema.from_dict({"tables": {"t": {"primary_key": "cust_id", "columns": {
    **{c: {"sdtype": "categorical"} for c in ("customer", "kontakt", "tel", "email", "plan",
                                              "segment")},
    "cust_id": {"sdtype": "id"}, "ref": {"sdtype": "id"},
    "amount": {"sdtype": "numerical"}, "visits": {"sdtype": "numerical"},
    "signup": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"},
}}}})
"""A user's metadata that types every personal column plain: nothing is faked, all is
learned, and only masking keeps the real values out."""


@dataclass(frozen=True)
class Run:
    """What one model's CLI runs left behind."""

    work: Path
    temp: Path


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """The real table, written as a user has it, and the frame it was written from."""
    fake = Faker("en_US")
    fake.seed_instance(19_2026)
    rng = np.random.default_rng(19)
    plans = ["basic", "premium"] * ((ROWS - 4) // 2) + [RARE_PLANS[0]] * 2 + list(RARE_PLANS[1:])
    frame = pd.DataFrame({
        "cust_id": range(1001, 1001 + ROWS),
        "customer": [fake.unique.name() for _ in range(ROWS)],
        "kontakt": [fake.unique.email() for _ in range(ROWS)],
        "tel": [fake.unique.phone_number() for _ in range(ROWS)],
        "ref": [fake.unique.ssn() for _ in range(ROWS)],
        "email": [fake.unique.company_email() for _ in range(ROWS)],
        "plan": rng.permutation(plans),
        "segment": rng.choice(["retail", "business"], ROWS),
        "amount": rng.gamma(2.0, 40.0, ROWS).round(2),
        "visits": rng.integers(0, 30, ROWS),
        "signup": pd.date_range("2020-01-01", periods=ROWS, freq="9D").strftime("%Y-%m-%d"),
    })
    folder = tmp_path_factory.mktemp("input")
    frame.to_csv(folder / "t.csv", index=False)
    (folder / "declared.json").write_text(DECLARED.to_json())
    return folder / "t.csv", frame


def _cli(work: Path, temp: Path, *args: str) -> None:
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT),
           "SYNDATA_CONFIG_DIR": str(work.parent / "config")}
    result = subprocess.run([sys.executable, "-m", "syndata", *args], cwd=work, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module", params=["gaussian_copula", "irgan", "ctgan",
                                         "gaussian_copula-declared"])
def run(request, real, tmp_path_factory) -> Run:
    """synthesize (saving the model) then evaluate, in an empty folder and temp folder;
    ``-declared`` runs use ``DECLARED`` instead of detected metadata."""
    (csv, _), (model, _, declared) = real, request.param.partition("-")
    base = tmp_path_factory.mktemp(request.param)
    work, temp = base / "work", base / "temp"
    work.mkdir()
    temp.mkdir()
    epochs = [] if model == "gaussian_copula" else ["--epochs", "1"]
    metadata = ["--metadata", str(csv.with_name("declared.json"))] if declared else []
    _cli(work, temp, "synthesize", "--data", str(csv), *metadata, "--model", model, *epochs,
         "--save-model", "m.pkl", "--out", "out/")
    _cli(work, temp, "evaluate", "--real", str(csv), "--synthetic", "out/", "--model", model,
         "--out", "r.html", "--json", "s.json")
    return Run(work, temp)


def _forms(value: str) -> set[bytes]:
    """The byte strings a file holding ``value`` would contain, lowercased."""
    texts = {value, html.escape(value), json.dumps(value)[1:-1],
             json.dumps(value, ensure_ascii=False)[1:-1]}
    return {text.lower().encode(encoding) for text in texts for encoding in ENCODINGS}


def _contents(path: Path) -> list[tuple[str, bytes]]:
    """The file's bytes, plus each member's for a ZIP (searched as an attacker unzips)."""
    blob = path.read_bytes()
    found = [(path.name, blob)]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            found += [(f"{path.name}:{name}", archive.read(name)) for name in archive.namelist()]
    return found


def _leaks(work: Path, values: list[str]) -> list[str]:
    """``value in file`` for each real value found in any file under ``work``."""
    forms = {value: _forms(value) for value in values}
    leaks = []
    for path in sorted(p for p in work.rglob("*") if p.is_file()):
        for name, blob in _contents(path):
            lowered = blob.lower()
            leaks += [f"{value!r} in {path.relative_to(work).parent / name}"
                      for value, wanted in forms.items() if any(f in lowered for f in wanted)]
    return leaks


def test_cli_writes_only_its_outputs(run):
    """Nothing but the outputs asked for; the temporary folder keeps no file. Only torch's
    own cache folder may stay there, empty (every optimizer step creates it)."""
    assert {p.name for p in run.work.iterdir()} == WRITTEN
    assert sorted(p.name for p in (run.work / "out").iterdir()) == ["metadata.json", "t.csv"]
    left = [p for p in run.temp.iterdir() if not p.name.startswith(TORCH_CACHE)]
    assert left == [], "the CLI left files in the temporary folder"
    assert [p for p in run.temp.rglob("*") if not p.is_dir()] == []


def test_no_real_personal_value_in_any_written_file(run, real):
    _, frame = real
    secrets = [str(v) for column in PII_COLUMNS for v in frame[column].unique()]
    assert _leaks(run.work, secrets) == []


@pytest.mark.xfail(strict=True, reason=(
    "issue 19 leak left: syndata.models.masking masks rare values only in ids, near-unique "
    "or personal-looking columns, so a plain categorical's values seen < 5 times are learned "
    "and written to the model file and the synthetic CSV (the report hides them)"))
def test_no_rare_category_in_any_written_file(run, real):
    _, frame = real
    counts = frame["plan"].value_counts()
    rare = [str(v) for v in counts[counts < 5].index]
    assert sorted(rare) == sorted(RARE_PLANS)
    assert _leaks(run.work, rare) == []


def test_the_search_finds_a_planted_value(tmp_path, real):
    """The search itself works: a real value written as numpy (UTF-32) or HTML is found."""
    _, frame = real
    name, email = frame["customer"].iloc[0], frame["kontakt"].iloc[0]
    np.save(tmp_path / "a.npy", np.array([name]))
    (tmp_path / "b.html").write_text(f"<td>{html.escape(email.upper())}</td>")
    with zipfile.ZipFile(tmp_path / "c.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.json", json.dumps({"v": RARE_PLANS[2]}))
    assert _leaks(tmp_path, [name, email, RARE_PLANS[2]]) == [
        f"{name!r} in a.npy", f"{email!r} in b.html", f"{RARE_PLANS[2]!r} in c.zip:x.json"]
