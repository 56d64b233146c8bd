"""Parquet in and out: dtypes kept exactly; a folder of Parquet files is a database."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from syndata.cli import main
from syndata.errors import IngestError
from syndata.sources.parquet import parquet_bytes, read_parquet_bytes


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": pd.array([1, None, 3], dtype="Int64"),
        "kind": pd.Categorical(["a", "b", "a"], categories=["b", "a"]),
        "day": pd.to_datetime(["2020-01-01", None, "2021-05-06"]),
        "at": pd.to_datetime(["2020-01-01 10:00:00.123"] * 3).tz_localize("UTC"),
        "flag": pd.array([True, None, False], dtype="boolean"),
        "text": ["x", None, "z"],
        "value": [1.5, None, 2.0],
    })


def test_pandas_dtypes_come_back_exactly():
    frame = _frame()
    frame.attrs["text_formats"] = {"value": "x"}  # the CSV writer's notes are not data
    back = read_parquet_bytes(parquet_bytes(frame, "t"), "t.parquet")
    pd.testing.assert_frame_equal(back, _frame(), check_exact=True)


def test_a_foreign_file_keeps_nullable_ints_and_dates():
    import datetime as dt

    table = pa.table({"id": pa.array([1, None, 3], pa.int64()),
                      "n": pa.array([1, 2, 3], pa.int32()),
                      "day": pa.array([dt.date(2020, 1, 1), None, dt.date(2020, 2, 1)])})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    back = read_parquet_bytes(buffer.getvalue(), "spark.parquet")
    assert str(back["id"].dtype) == "Int64" and back["id"].tolist()[0] == 1
    assert str(back["n"].dtype) == "int32"
    assert pd.api.types.is_datetime64_dtype(back["day"])


def test_a_broken_file_is_named():
    with pytest.raises(IngestError, match="bad.parquet is not a readable Parquet file"):
        read_parquet_bytes(b"PAR1 nothing", "bad.parquet")


def test_a_folder_of_parquet_files_in_and_parquet_out(tmp_path, capsys):
    folder = tmp_path / "shop"
    folder.mkdir()
    customers = pd.DataFrame({"customer_id": range(1, 41),
                              "segment": pd.Categorical(["a", "b"] * 20),
                              "joined": pd.date_range("2020-01-01", periods=40, freq="D")})
    orders = pd.DataFrame({"order_id": range(1, 121),
                           "customer_id": [1 + i % 40 for i in range(120)],
                           "amount": [float(i % 17) for i in range(120)]})
    customers.to_parquet(folder / "customers.parquet", index=False)
    orders.to_parquet(folder / "orders.parquet", index=False)
    out = tmp_path / "out"
    assert main(["synthesize", "--data", str(folder), "--model", "cart", "--out", str(out),
                 "--format", "parquet"]) == 0
    assert "customers.parquet" in capsys.readouterr().out
    written = pd.read_parquet(out / "customers.parquet")
    assert isinstance(written["segment"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_dtype(written["joined"])
    synthetic_orders = pd.read_parquet(out / "orders.parquet")
    assert synthetic_orders["customer_id"].isin(written["customer_id"]).all()
    relationships = json.loads((out / "metadata.json").read_text())["relationships"]
    assert relationships[0]["parent_table_name"] == "customers"
