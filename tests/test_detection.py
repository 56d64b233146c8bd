"""Detected types and formats: compact dates, datetime formats, text-key formats."""

import re

import numpy as np
import pandas as pd
import pytest

from syndata import synthesis
from syndata.detection import id_regex, regex_problem
from syndata.metadata import Schema


def _detected(values, name="value", rows=None):
    values = list(values)
    rows = rows or len(values)
    frame = pd.DataFrame({"row_id": range(rows), name: (values * rows)[:rows]})
    return Schema.detect({"t": frame}).tables["t"].columns[name]


@pytest.mark.parametrize("values", [
    [20230115, 20221231, 20200229, 19991231, 20230101],  # few values: SDV says ordinal
    list(range(20230101, 20230131)),  # many values: SDV says numerical
])
def test_integer_yyyymmdd_dates_are_datetimes(values):
    column = _detected(values, rows=60)
    assert (column.sdtype, column.datetime_format) == ("datetime", "%Y%m%d")


@pytest.mark.parametrize("values", [
    [20230155, 20230101, 20231301],  # not all dates
    [18991231, 19000101, 19500101],  # a year before 1900
    [12345678, 23456789, 34567890],  # codes
])
def test_integers_that_are_not_all_plausible_dates_stay_numbers(values):
    assert _detected(values, rows=60).sdtype in ("numerical", "ordinal")


def test_generated_compact_dates_are_valid_dates():
    rng = np.random.default_rng(0)
    days = pd.date_range("2020-01-01", "2023-12-31")
    frame = pd.DataFrame({"booked": rng.choice(days.strftime("%Y%m%d").astype(int), 200),
                          "amount": rng.random(200)})
    schema = Schema.detect({"t": frame})
    model = synthesis.fit("gaussian_copula", schema, {"t": frame})
    out = model.sample(rows=300, seed=0)["t"]["booked"]
    assert pd.to_datetime(out.astype(str), format="%Y%m%d", errors="coerce").notna().all()


def test_text_yyyymmdd_dates_are_datetimes():
    column = _detected(["20230115", "20221231", "20200229"], rows=30)
    assert (column.sdtype, column.datetime_format) == ("datetime", "%Y%m%d")


def test_text_yyyymmdd_codes_of_implausible_years_stay_text():
    assert _detected(["18000101", "17501231", "18991231"], rows=30).sdtype == "categorical"


@pytest.mark.parametrize("values, fmt", [
    (["2023-01-15 10:00:00+05:30", "2023-02-01 11:30:00-01:00"], "%Y-%m-%d %H:%M:%S%z"),
    (["2023-01-15T10:00:00Z", "2023-02-01T11:30:00+00:00"], "%Y-%m-%dT%H:%M:%S%z"),
    (["2023-01-15 10:00:00.123", "2023-02-01 11:30:00.5"], "%Y-%m-%d %H:%M:%S.%f"),
    (["2023-01-15T10:00:00.123+01:00", "2023-02-01T11:30:00.456+01:00"],
     "%Y-%m-%dT%H:%M:%S.%f%z"),
    (["01/02/2023", "25/02/2023", "13/12/2022"], "%d/%m/%Y"),  # first value ambiguous
    (["02/01/2023", "02/25/2023", "12/13/2022"], "%m/%d/%Y"),
])
def test_datetime_formats_parse_every_value(values, fmt):
    column = _detected(values, rows=30)
    assert (column.sdtype, column.datetime_format) == ("datetime", fmt)
    assert pd.to_datetime(pd.Series(values), format=fmt, errors="coerce").notna().all()


def test_mixed_date_formats_stay_text():
    assert _detected(["2023-01-15", "15/01/2023", "Jan 3 2023"], rows=30).sdtype == "categorical"


@pytest.mark.parametrize("name", ["code", "branch"])
def test_zero_padded_codes_stay_text(tmp_path, name):
    from syndata.ingest import load_paths

    pd.DataFrame({name: ["00123", "04567", "00042", "10000"] * 10, "n": range(40)}).to_csv(
        tmp_path / "t.csv", index=False)
    tables = load_paths([tmp_path / "t.csv"])
    assert Schema.detect(tables).tables["t"].columns[name].sdtype == "categorical"


@pytest.mark.parametrize("values, shape", [
    ([f"C{i:03d}" for i in range(1, 60)], r"C\d{3"),
    ([f"O{i:04d}" for i in range(1, 60)], r"O\d{4"),
    ([f"{i:06d}" for i in range(1000, 1060)], r"\d{6"),
    ([f"{a}{b}-{i:04d}" for a, b, i in zip("ABCDEFGH" * 5, "XYZW" * 10, range(40),
                                           strict=False)], r"[A-Z]{2}-\d{4"),
    ([f"INV-2023-{i:05d}" for i in range(60)], r"INV-2023-\d{5"),
    ([f"c{i}" for i in range(5, 120)], r"c\d{1,"),
    (["9E", "AA", "UA", "B6", "F9"], r"[A-Z0-9]{2"),  # one length, runs differ
])
def test_text_keys_get_a_format_from_their_values(values, shape):
    regex = id_regex(pd.Series(values))
    assert regex.startswith(shape) and regex_problem(regex) is None
    assert all(re.fullmatch(regex, v) for v in values)


@pytest.mark.parametrize("values", [
    ["alpha", "B-2", "c_3", "44"],  # no common shape
    ["x" * 50, "y" * 50],  # free text
    ["A", "A"],  # one key, nothing varies
])
def test_keys_without_a_common_shape_get_no_format(values):
    assert id_regex(pd.Series(values)) is None


def test_format_is_widened_for_larger_databases():
    regex = id_regex(pd.Series([f"C{i:03d}" for i in range(500)]), rows=500)
    assert regex == r"C\d{3,6}"


def test_generated_keys_keep_the_real_format():
    rng = np.random.default_rng(0)
    customers = pd.DataFrame({"customer_id": [f"C{i:03d}" for i in range(1, 61)],
                              "account": [f"{i:06d}" for i in rng.choice(10**6, 60, False)],
                              "age": rng.integers(18, 80, 60)})
    orders = pd.DataFrame({"order_id": [f"O{i:04d}" for i in range(1, 201)],
                           "customer_id": rng.choice(customers["customer_id"], 200)})
    tables = {"customers": customers, "orders": orders}
    schema = Schema.detect(tables)
    schema.set_sdtype("customers", "account", "id")
    schema.tables["customers"].columns["account"].formats["regex_format"] = id_regex(
        customers["account"])
    fk = schema.tables["orders"].columns["customer_id"]
    assert fk.formats == schema.tables["customers"].columns["customer_id"].formats
    model = synthesis.fit("gaussian_copula", schema, tables)
    out = model.sample(scale=1.0, seed=0)
    assert out["customers"]["customer_id"].str.fullmatch(r"C\d{3}").all()
    assert out["customers"]["account"].str.fullmatch(r"\d{6}").all()
    assert out["orders"]["order_id"].str.fullmatch(r"O\d{4}").all()
    assert out["orders"]["customer_id"].isin(out["customers"]["customer_id"]).all()


def test_more_keys_than_the_real_format_holds_are_still_unique_and_plain():
    frame = pd.DataFrame({"cid": [f"C{i:03d}" for i in range(50)], "v": range(50)})
    model = synthesis.fit("gaussian_copula", Schema.detect({"c": frame}), {"c": frame})
    keys = model.sample(rows=1200, seed=0)["c"]["cid"]
    assert keys.is_unique and keys.str.fullmatch(r"C\d{3,4}").all()
