"""The relational corpus through ``python -m syndata synthesize`` with three models.

Each case of ``tests/corpus/relational.py`` is built in a temp folder and run through the
CLI's ``main()`` (the path of ``python -m syndata`` minus the interpreter start) with
GaussianCopula (one model per table, keys redrawn), HMA and IRGAN, one epoch. A case that
works must write every table with valid keys (primary keys unique and filled, foreign keys
found in their parent, null only where the real ones had nulls), the real columns, key and
date values in the real formats, and the real row count for GaussianCopula's tables and for
every model's root tables (at scale 1). An error case must exit 2 with exactly one
``error:`` line, no traceback, no "unexpected", and the promised word.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from syndata.cli import main
from syndata.ingest import table_name_for
from tests.corpus import relational as corpus

REPO = Path(__file__).resolve().parents[1]
PARAMS = [pytest.param(case, model, id=f"{case.name}-{model}")
          for case in corpus.CASES for model in case.models]


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_CONFIG_DIR", str(tmp_path / "config"))


def _read(path: Path) -> pd.DataFrame:
    """A CSV as its cell texts (empty cells missing): formats are compared as written."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def _real_tables(data: Path, meta: Path | None) -> dict[str, pd.DataFrame]:
    files = sorted(data.glob("*.csv"))
    if meta is not None:
        return {p.stem: _read(p) for p in files}
    names: list[str] = []
    for path in files:
        names.append(table_name_for(path.name, names))
    return {name: _read(path) for name, path in zip(names, files, strict=True)}


def _shape(value: str) -> str:
    """A value's pattern: letters as ``a``, digits as ``9`` (``C007`` -> ``a999``)."""
    return re.sub(r"[0-9]", "9", re.sub(r"[A-Za-z]", "a", value))


def _is_plain_integer(values: pd.Series) -> bool:
    return bool(values.str.fullmatch(r"-?[1-9][0-9]*|0").all())


def _check_format(where: str, real: pd.Series, synthetic: pd.Series) -> None:
    real, synthetic = real.dropna(), synthetic.dropna()
    if real.empty or synthetic.empty:
        return
    if _is_plain_integer(real):
        assert _is_plain_integer(synthetic), f"{where}: {synthetic.head(3).tolist()}"
        return
    shapes = set(real.map(_shape))
    odd = synthetic[~synthetic.map(_shape).isin(shapes)]
    assert odd.empty, f"{where}: {odd.head(3).tolist()} not shaped like {sorted(shapes)[:3]}"


def _is_numeric(values: pd.Series) -> bool:
    return bool(pd.to_numeric(values.dropna(), errors="coerce").notna().all())


def _check_works(case, model: str, real: dict[str, pd.DataFrame], out: Path) -> None:
    schema = json.loads((out / "metadata.json").read_text())
    assert set(schema["tables"]) == set(real), "tables lost or renamed"
    for parent, pk, child, fk in case.relationships:
        assert {"parent_table_name": parent, "parent_primary_key": pk,
                "child_table_name": child, "child_foreign_key": fk} in schema["relationships"]
    synthetic = {name: _read(out / f"{name}.csv") for name in real}
    children = {rel["child_table_name"] for rel in schema["relationships"]}
    for name, frame in real.items():
        fake = synthetic[name]
        assert list(fake.columns) == list(frame.columns), name
        rows = case.rows.get(name, len(frame))
        if model == "gaussian_copula" or name not in children:
            assert len(fake) == rows, f"{name}: {len(fake)} rows, real {rows}"
        elif len(frame):
            assert len(fake) > 0, f"{name} came back empty"
        for column in frame.columns:
            if _is_numeric(frame[column]):
                assert _is_numeric(fake[column]), f"{name}.{column} lost its numbers"
        spec = schema["tables"][name]
        pk = spec.get("primary_key")
        if pk:
            assert fake[pk].notna().all(), f"{name}.{pk} has empty keys"
            assert fake[pk].is_unique, f"{name}.{pk} repeats"
        for column, column_spec in spec["columns"].items():
            if column == pk or column_spec["sdtype"] in ("id", "datetime"):
                _check_format(f"{name}.{column}", frame[column], fake[column])
    for rel in schema["relationships"]:
        parent, child = rel["parent_table_name"], rel["child_table_name"]
        pk, fk = rel["parent_primary_key"], rel["child_foreign_key"]
        values = synthetic[child][fk]
        if real[child][fk].notna().all():
            assert values.notna().all(), f"{child}.{fk} has nulls the real one has not"
        unknown = values.dropna()[~values.dropna().isin(synthetic[parent][pk])]
        assert unknown.empty, f"{child}.{fk} references missing {parent}: {unknown.tolist()[:3]}"


def _check_error(expected: corpus.Error, code: int, stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert code == 2, stderr
    assert len(errors) == 1 and lines[-1] == errors[0], lines
    assert "unexpected" not in errors[0], "a library error leaked: " + errors[0]
    assert expected.word.lower() in errors[0].lower(), errors[0]


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("case", "model"), PARAMS)
def test_relational_case(case, model, tmp_path, capsys):
    data, meta = case.build(tmp_path)
    out = tmp_path / "out"
    arguments = ["synthesize", "--data", str(data), "--model", model, "--scale", "1",
                 "--epochs", "1", "--seed", "1", "--out", str(out), *case.options]
    if meta is not None:
        arguments += ["--metadata", str(meta)]
    code = main(arguments)
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    if case.note:
        notes = [line for line in stderr.splitlines() if line.startswith("note:")]
        assert any(case.note in line for line in notes), stderr
    expected = case.outcome_for(model)
    if isinstance(expected, corpus.Error):
        _check_error(expected, code, stderr)
    else:
        assert code == 0, stderr
        _check_works(case, model, _real_tables(data, meta), out)


def test_loaded_metadata_gets_key_formats_in_the_app(tmp_path):
    """The Prepare page's metadata upload gives text ids their values' format, as the CLI."""
    from syndata.project import Project
    from ui.prepare_edits import use_metadata

    case = next(c for c in corpus.CASES if c.name == "text_keys_c001_declared")
    data, meta = case.build(tmp_path)
    project = Project()
    for path in sorted(data.glob("*.csv")):
        project.add_csv(path.read_bytes(), path.name)
    use_metadata(project, meta.read_text(), meta.name)
    formats = {(t, c): spec.formats.get("regex_format")
               for t, table in project.schema.tables.items()
               for c, spec in table.columns.items() if spec.sdtype == "id"}
    assert formats[("customers", "customer_id")].startswith(r"C\d{3")
    assert formats[("orders", "order_id")].startswith("ORD-")


def test_declared_email_id_gets_no_format(tmp_path):
    """A format read from unique e-mails would rebuild real addresses: none is learned."""
    from syndata.metadata import Schema

    emails = pd.DataFrame({"user": [f"user{i}@example.org" for i in range(30)],
                           "score": range(30)})
    schema = Schema.from_dict({"METADATA_SPEC_VERSION": "V1", "tables": {"users": {
        "primary_key": "user",
        "columns": {"user": {"sdtype": "id"}, "score": {"sdtype": "numerical"}}}}})
    schema.learn_key_formats({"users": emails})
    assert "regex_format" not in schema.tables["users"].columns["user"].formats


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("name", "model"), [("orphan_fk", "hma"),
                                             ("one_to_one_pk_is_fk", "gaussian_copula")])
def test_relational_case_through_python_dash_m(name, model, tmp_path):
    """The real entry point keeps the same promise (exit code, one line, files)."""
    case = next(c for c in corpus.CASES if c.name == name)
    data, meta = case.build(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO), "SYNDATA_CONFIG_DIR": str(tmp_path / "cfg")}
    env.pop("SYNDATA_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "syndata", "synthesize", "--data", str(data), "--metadata",
         str(meta), "--model", model, "--scale", "1", "--out", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    assert "Traceback" not in result.stderr
    expected = case.outcome_for(model)
    if isinstance(expected, corpus.Error):
        _check_error(expected, result.returncode, result.stderr)
    else:
        assert result.returncode == 0, result.stderr
        _check_works(case, model, _real_tables(data, meta), out)
