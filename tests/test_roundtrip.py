"""Unusual files through ``python -m syndata synthesize`` must come back faithful.

"A silently wrong output (exit 0, bad data) is worse than a crash": for each file and
model the synthetic CSV must have the real row count (scale 1), the real header, and every
column's cells in the real column's format family (whole numbers stay whole, datetimes
keep their exact shape, no column turns empty). The synthetic file is read back strictly
with the ``csv`` module, as any other tool would, so an unquoted line break in a value
shows as extra rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from syndata import ingest
from syndata.cli import main
from syndata.ingest import read_csv_bytes, table_name_for
from tests.corpus import cases as corpus

_INTEGER = re.compile(r"[+-]?\d+")
_DATE_LIKE = re.compile(r"\d{1,4}[-/.:]\d{1,2}")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_CONFIG_DIR", str(tmp_path / "config"))


def family(cell: str) -> str:
    """The format family of one cell: what a reader of the file would take it for.

    ``3,5`` (a decimal comma, read from a file not delimited by commas) is a number: the
    output is written with a comma delimiter and so with decimal points.
    """
    if _INTEGER.fullmatch(cell):
        return "integer"
    if _DECIMAL_COMMA.fullmatch(cell):
        return "number"
    try:
        float(cell)
    except ValueError:
        pass
    else:
        return "number"
    if _DATE_LIKE.search(cell):
        return "datetime " + re.sub(r"\d", "9", cell)
    return "text"


def _cells(text: str, delimiter: str = ",") -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = [row for row in reader if any(row)]
    return rows[0], rows[1:]


def synthesize(path: Path, out: Path, model: str, *extra: str) -> Path:
    """Run the CLI at scale 1; the synthetic CSV's path."""
    code = main(["synthesize", "--data", str(path), "--model", model, "--epochs", "1",
                 "--seed", "0", "--out", str(out), *extra])
    assert code == 0
    return out / f"{table_name_for(path.name, [])}.csv"


def assert_faithful(real_path: Path, synthetic_path: Path) -> dict[str, list[str]]:
    """Row count, header and per-column format families of the output match the input.

    Returns the synthetic columns (name -> cells) for case-specific checks.
    """
    real_frame = read_csv_bytes(real_path.read_bytes(), real_path.name)
    real_text, _ = ingest._decode(real_path.read_bytes(), real_path.name, None, [])
    real_text = real_text.removeprefix("\ufeff")
    _, real_rows = _cells(real_text, ingest._sniff_delimiter(real_text))
    header, rows = _cells(synthetic_path.read_bytes().decode("utf-8"))
    assert header == list(real_frame.columns)
    assert len(rows) == len(real_frame), "a value with a line break split or merged rows"
    assert all(len(row) == len(header) for row in rows)
    synthetic = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    for i, name in enumerate(header):
        real_present = real_frame[name].notna()
        real_families = {family(row[i].strip()) for row, keep in zip(real_rows, real_present,
                                                                       strict=True) if keep}
        cells = [cell for cell in synthetic[name] if cell != ""]
        if real_present.any():
            assert cells, f"column {name!r} came back empty"
        if real_present.all():
            assert len(cells) == len(rows), f"column {name!r} has gaps the real one has not"
        extra = {family(cell) for cell in cells} - real_families
        assert not extra, f"column {name!r}: {extra} not among the real {real_families}"
    return synthetic


FIDELITY = ["cr_inside_quoted_values", "cr_only_with_quoted_cr", "mixed_line_endings",
            "whole_numbers_with_gaps", "subnormal_floats", "datetimes_with_offsets_and_ms",
            "na_as_a_country_code", "utf8_with_one_bad_byte", "crlf", "cr_only", "latin1",
            "cp1252", "semicolon", "quoted_newlines_commas", "mostly_null_column",
            "datetime_formats", "leading_zeros", "inf_nan_huge", "integers_beyond_int64"]
BY_NAME = {case.name: case for case in corpus.CSV_CASES}


@pytest.mark.timeout(300)
@pytest.mark.parametrize("model", ["gaussian_copula", "irgan"])
@pytest.mark.parametrize("name", FIDELITY)
def test_output_is_faithful(name, model, tmp_path):
    path = BY_NAME[name].path()
    assert_faithful(path, synthesize(path, tmp_path / "out", model))


@pytest.mark.parametrize("model", ["gaussian_copula", "irgan"])
def test_specific_values_come_back_right(model, tmp_path):
    """What the families alone do not show, per case."""
    def run(name: str) -> dict[str, list[str]]:
        path = BY_NAME[name].path()
        return assert_faithful(path, synthesize(path, tmp_path / name, model))

    notes = run("cr_inside_quoted_values")["note"]
    assert all("\r" in note for note in notes)
    ages = run("whole_numbers_with_gaps")["age"]
    assert any(age == "" for age in ages) and all(_INTEGER.fullmatch(a) for a in ages if a)
    tiny = [float(v) for v in run("subnormal_floats")["tiny"]]
    assert all(0 < value < 1e-300 for value in tiny)
    logged = run("datetimes_with_offsets_and_ms")
    assert all(re.fullmatch(r"2023-05-\d\dT\d\d:\d\d:\d\d\+05:30", at) for at in logged["at"])
    assert all(re.fullmatch(r"2023-05-\d\d \d\d:\d\d:\d\d\.\d{3}", t) for t in logged["logged"])
    countries = run("na_as_a_country_code")["country"]
    assert "NA" in countries and "" not in countries
    labels = run("utf8_with_one_bad_byte")["label"]
    assert "Köln" in labels and not any("Ã" in label for label in labels)


def test_datetime_formats_from_an_explicit_metadata_file(tmp_path):
    path = BY_NAME["datetimes_with_offsets_and_ms"].path()
    metadata = {"METADATA_SPEC_VERSION": "V1", "relationships": [], "tables": {
        "datetime_offsets_ms": {"primary_key": "id", "columns": {
            "id": {"sdtype": "id"},
            "at": {"sdtype": "datetime", "datetime_format": "%Y-%m-%dT%H:%M:%S%z"},
            "logged": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d %H:%M:%S.%f"},
        }}}}
    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps(metadata))
    synthetic = assert_faithful(path, synthesize(path, tmp_path / "out", "gaussian_copula",
                                                 "--metadata", str(meta)))
    assert all(at.endswith("+05:30") for at in synthetic["at"])
    assert all(re.fullmatch(r".*:\d\d\.\d{3}", t) for t in synthetic["logged"])


@pytest.mark.parametrize("key", ["id", "account"])
@pytest.mark.parametrize("model", ["gaussian_copula", "irgan"])
def test_integers_beyond_int64_keep_their_digits(model, key, tmp_path):
    path = BY_NAME["integers_beyond_int64"].path()
    metadata = {"METADATA_SPEC_VERSION": "V1", "relationships": [], "tables": {
        "huge_ints": {"primary_key": key, "columns": {
            "id": {"sdtype": "id"},
            "account": {"sdtype": "id", "regex_format": "[1-9][0-9]{22}"},
        }}}}
    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps(metadata))
    synthetic = assert_faithful(path, synthesize(path, tmp_path / "out", model,
                                                 "--metadata", str(meta)))
    accounts = synthetic["account"]
    assert len(set(accounts)) == len(accounts)
    assert all(re.fullmatch(r"\d{23}", account) for account in accounts)


def test_na_values_flag_reaches_the_reader(tmp_path, capsys):
    path = BY_NAME["na_as_a_country_code"].path()
    default = synthesize(path, tmp_path / "default", "gaussian_copula")
    assert "'NA' kept as a value" in capsys.readouterr().err
    assert "NA" in [row[1] for row in _cells(default.read_text())[1]]
    chosen = synthesize(path, tmp_path / "chosen", "gaussian_copula", "--na-values", "NA,NULL")
    assert "'NA' read as missing, but every other value" in capsys.readouterr().err
    header, rows = _cells(chosen.read_text())
    countries = [row[header.index("country")] for row in rows]
    assert "NA" not in countries and "" in countries


def test_a_saved_model_samples_in_the_real_formats(tmp_path):
    path = BY_NAME["whole_numbers_with_gaps"].path()
    model_file = tmp_path / "model.syndata"
    synthesize(path, tmp_path / "first", "gaussian_copula", "--save-model", str(model_file))
    assert main(["sample", "--model-file", str(model_file), "--seed", "3",
                 "--out", str(tmp_path / "again")]) == 0
    ages = assert_faithful(path, tmp_path / "again" / "int_gaps.csv")["age"]
    assert "" in ages and all(_INTEGER.fullmatch(age) for age in ages if age)
