"""Fake phone numbers, national ids, IBANs and card numbers come back in the real shapes.

Fitted (tiny: one epoch) on a two-table set whose PII is German phone numbers, US SSNs,
German IBANs and card numbers, each model's output must match the real values' shapes
(a regex per real value, digits and letters as classes, the shared ``+49 30 `` literal),
keep valid checksums, hold no real value, and its model file must hold none either.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from faker import Faker
from stdnum import iban, luhn

from syndata import synthesis
from syndata.export import model_bytes
from syndata.metadata import Schema
from syndata.models.base import FitInfo
from syndata.models.pii_shapes import apply_shapes, learn_shapes

ROWS = 40
SHAPED = {"customers": ("tel", "ref", "konto", "card"), "calls": ("caller",)}


def _faker(locale: str, seed: int) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


@pytest.fixture(scope="module")
def shop() -> tuple[dict[str, pd.DataFrame], Schema]:
    de, us = _faker("de_DE", 1), _faker("en_US", 2)
    rng = np.random.default_rng(0)
    customers = pd.DataFrame({
        "customer_id": range(1, ROWS + 1),
        "tel": [f"+49 30 {n}" for n in rng.choice(np.arange(1_000_000, 9_999_999), ROWS,
                                                  replace=False)],
        "ref": [us.unique.ssn() for _ in range(ROWS)],
        "konto": [de.unique.iban() for _ in range(ROWS)],
        "card": [us.unique.credit_card_number("visa16") for _ in range(ROWS)],
        "kontakt": [us.unique.email() for _ in range(ROWS)],
        "segment": ["retail", "business"] * (ROWS // 2),
    })
    calls = pd.DataFrame({
        "call_id": range(1, 2 * ROWS + 1),
        "customer_id": [1 + i % ROWS for i in range(2 * ROWS)],
        "caller": [f"(0{a}) {b}-{c}" for a, b, c in zip(
            rng.integers(100, 999, 2 * ROWS), rng.integers(100, 999, 2 * ROWS),
            rng.integers(1000, 9999, 2 * ROWS), strict=True)],
        "minutes": rng.integers(1, 60, 2 * ROWS),
    })
    schema = Schema.from_dict({
        "tables": {
            "customers": {"primary_key": "customer_id", "columns": {
                "customer_id": {"sdtype": "id"}, "tel": {"sdtype": "phone_number"},
                "ref": {"sdtype": "ssn"}, "konto": {"sdtype": "iban"},
                "card": {"sdtype": "credit_card_number"}, "kontakt": {"sdtype": "email"},
                "segment": {"sdtype": "categorical"}}},
            "calls": {"primary_key": "call_id", "columns": {
                "call_id": {"sdtype": "id"}, "customer_id": {"sdtype": "id"},
                "caller": {"sdtype": "phone_number"}, "minutes": {"sdtype": "numerical"}}},
        },
        "relationships": [{"parent_table_name": "customers", "parent_primary_key": "customer_id",
                           "child_table_name": "calls", "child_foreign_key": "customer_id"}],
    })
    return {"customers": customers, "calls": calls}, schema


def _shape_regex(value: str) -> str:
    return "".join(r"\d" if c.isdigit() else "[A-Z]" if c.isupper() else "[a-z]"
                   if c.isalpha() else re.escape(c) for c in value)


def _real_shapes(values: pd.Series) -> re.Pattern:
    return re.compile("|".join(sorted({_shape_regex(v) for v in values})))


def _leaked(blob: bytes, values) -> list[str]:
    return [v for v in map(str, values) if v.encode() in blob or v.encode("utf-32-le") in blob]


@pytest.mark.parametrize("model", ["gaussian_copula", "irgan", "hma"])
def test_pii_comes_back_in_the_real_shapes_and_never_real(model, shop):
    tables, schema = shop
    fitted = synthesis.fit(model, schema, tables, {"epochs": 1} if model == "irgan" else {})
    sample = fitted.sample(scale=1.0, seed=0)
    for table, columns in SHAPED.items():
        for column in columns:
            real, fake = tables[table][column], sample[table][column].dropna().astype(str)
            assert len(fake), (table, column)
            shapes = _real_shapes(real)
            assert fake.map(lambda v, s=shapes: bool(s.fullmatch(v))).all(), fake.head().tolist()
            assert not fake.isin(set(real)).any(), (table, column)
    customers = sample["customers"]
    assert customers["tel"].str.startswith("+49 30 ").all()
    assert customers["konto"].map(iban.is_valid).all()
    assert customers["konto"].str[:2].eq("DE").all()
    assert customers["card"].map(luhn.is_valid).all()
    assert customers["tel"].is_unique  # the real column was unique
    real_pii = [v for table, columns in SHAPED.items() for c in columns for v in tables[table][c]]
    assert _leaked(model_bytes(fitted), [*real_pii, *tables["customers"]["kontakt"]]) == []
    assert any("customers.tel" in n and "drawn at random" in n for n in fitted.info.notes)


def test_templates_hold_shapes_and_only_a_widely_shared_prefix(shop):
    tables, schema = shop
    shapes = learn_shapes(schema, tables)
    tel = shapes["customers"]["tel"].templates
    assert [(t.prefix, t.shape, t.count) for t in tel] == [("+49 30 ", "9999999", ROWS)]
    caller = shapes["calls"]["caller"].templates  # the values share "(0": a trunk zero stays
    assert [(t.prefix, t.shape) for t in caller] == [("(0", "999) 999-9999")]
    assert "kontakt" not in shapes["customers"]  # e-mails stay with Faker


def test_a_rare_shape_keeps_no_literal_prefix():
    schema = Schema.from_dict({"tables": {"t": {"columns": {"tel": {"sdtype": "phone_number"}}}}})
    values = ([f"+49 30 {1234560 + i}" for i in range(3)]
              + [f"+1 555 {7100 + 13 * i} {2233 + i}" for i in range(5)])
    shapes = learn_shapes(schema, {"t": pd.DataFrame({"tel": values})})["t"]["tel"].templates
    by_shape = {t.shape: t for t in shapes}
    assert by_shape["+99 99 9999999"].prefix == ""  # 3 rows: fewer than RARE_COUNT
    assert by_shape["9999 9999"].prefix == "+1 555 "


def test_checksummed_national_ids_are_left_to_faker():
    it = _faker("it_IT", 3)
    schema = Schema.from_dict({"tables": {"t": {"columns": {"cf": {"sdtype": "ssn"}}}}})
    frame = pd.DataFrame({"cf": [it.unique.ssn() for _ in range(ROWS)]})
    assert learn_shapes(schema, {"t": frame}) == {}


def test_old_model_files_without_shapes_sample_as_before():
    old = FitInfo(model="m", tables=["t"], params={})
    del old.__dict__["shapes"]  # as unpickled from a file written before the field existed
    assert pickle.loads(pickle.dumps(old)).shapes is None
    frame = pd.DataFrame({"tel": ["972-757-4810x81220"]})
    assert apply_shapes({"t": frame}, None, 0)["t"] is frame


def test_empty_cells_stay_empty(shop):
    tables, schema = shop
    shapes = learn_shapes(schema, tables)
    frame = pd.DataFrame({"tel": ["x", None, "y", np.nan]})
    out = apply_shapes({"customers": frame}, {"customers": shapes["customers"]}, 0)["customers"]
    assert out["tel"].isna().tolist() == [False, True, False, True]
    assert out["tel"].dropna().str.match(r"^\+49 30 \d{7}$").all()


def test_cli_prints_the_models_notes(tmp_path, shop):
    tables, _ = shop
    csv = tmp_path / "people.csv"
    tables["customers"][["tel", "kontakt", "segment"]].to_csv(csv, index=False)
    run = subprocess.run([sys.executable, "-m", "syndata", "synthesize", "--data", str(csv),
                          "--model", "gaussian_copula", "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert re.search(r"^note: people\.tel: phone_number values are drawn at random", run.stderr,
                     re.MULTILINE), run.stderr
    out = pd.read_csv(tmp_path / "out" / "people.csv", dtype=str)
    assert out["tel"].str.fullmatch(r"\+49 30 \d{7}").all()


def _one_column(sdtype: str, values) -> tuple[Schema, dict[str, pd.DataFrame]]:
    schema = Schema.from_dict({"tables": {"t": {"columns": {"c": {"sdtype": sdtype}}}}})
    return schema, {"t": pd.DataFrame({"c": values})}


def test_phone_extensions_keep_their_letters():
    schema, tables = _one_column("phone_number", [f"555-{1000 + i}x{10 + i}" for i in range(20)])
    shapes = learn_shapes(schema, tables)
    out = apply_shapes({"t": tables["t"]}, shapes, 0)["t"]["c"]
    assert out.str.fullmatch(r"\d{3}-\d{4}x\d{2}").all()
    assert not out.isin(tables["t"]["c"]).any()


@pytest.mark.parametrize("dtype", ["int64", "float64"])
def test_phone_numbers_read_as_numbers_stay_numbers(dtype):
    values = pd.Series(np.arange(4930100000, 4930100040), dtype=dtype)
    if dtype == "float64":
        values[3] = np.nan
    schema, tables = _one_column("phone_number", values)
    out = apply_shapes({"t": tables["t"]}, learn_shapes(schema, tables), 0)["t"]["c"]
    assert out.dtype == dtype
    assert out.dropna().between(1e9, 1e10 - 1).all()  # ten digits, no leading zero
    assert out.isna().sum() == values.isna().sum()
    assert not out.dropna().isin(values.dropna()).any()


def test_a_shared_trunk_zero_stays_and_other_shared_digits_are_drawn():
    schema, tables = _one_column("phone_number", [f"0{7700900100 + 37 * i}" for i in range(20)])
    (template,) = learn_shapes(schema, tables)["t"]["c"].templates
    assert (template.prefix, template.shape) == ("0", "9999999999")  # "07700" shared: "0" kept
    out = apply_shapes({"t": tables["t"]}, {"t": {"c": learn_shapes(schema, tables)["t"]["c"]}},
                       0)["t"]["c"]
    assert out.str.fullmatch(r"0\d{10}").all() and not out.isin(tables["t"]["c"]).any()
