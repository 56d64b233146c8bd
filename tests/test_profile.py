"""Column profile numbers on a frame small enough to check by hand."""

import pandas as pd
import pytest

from syndata.metadata import Schema
from syndata.profile import ColumnProfile, profile_frame, profile_table

META = Schema.from_dict({"tables": {"t": {
    "columns": {
        "n": {"sdtype": "numerical"},
        "c": {"sdtype": "categorical"},
        "d": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"},
    }
}}}).tables["t"]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "n": [1.0, 2.0, None, 5.0],
            "c": ["x", "y", "x", None],
            "d": ["2024-01-01", "2024-01-03", None, None],
            "extra": [1, 1, 1, 1],
        }
    )


def test_profile_numbers(frame):
    profiles = {p.name: p for p in profile_table(frame, META)}
    n = profiles["n"]
    assert isinstance(n, ColumnProfile)
    assert (n.nulls, n.null_share, n.distinct) == (1, 0.25, 3)
    assert (n.minimum, n.maximum) == (1.0, 5.0)
    assert n.mean == pytest.approx(8 / 3)
    c = profiles["c"]
    assert (c.nulls, c.distinct, c.minimum, c.mean) == (1, 2, None, None)
    assert c.top_values == [("x", 2), ("y", 1)]
    d = profiles["d"]
    assert d.minimum == pd.Timestamp("2024-01-01") and d.maximum == pd.Timestamp("2024-01-03")
    assert d.mean == pd.Timestamp("2024-01-02") and d.null_share == 0.5
    assert profiles["extra"].sdtype == "unknown"


def test_profile_frame_one_row_per_column(frame):
    table = profile_frame(frame, META)
    assert list(table["name"]) == ["n", "c", "d", "extra"]
    assert table.loc[table["name"] == "c", "top_values"].item() == "x (2), y (1)"
    assert table.loc[table["name"] == "n", "mean"].item() == "2.66667"
    assert {"nulls", "null_share", "distinct", "minimum", "maximum"} <= set(table.columns)


def test_profile_handles_100k_rows():
    rows = 100_000
    big = pd.DataFrame(
        {
            "n": range(rows),
            "c": [f"v{i % 50}" for i in range(rows)],
            "d": pd.date_range("2020-01-01", periods=rows, freq="min").strftime("%Y-%m-%d %H:%M"),
        }
    )
    table = profile_frame(big, META)
    assert table.loc[0, "distinct"] == rows
    assert table.loc[1, "distinct"] == 50


def test_mixed_time_zones_are_compared_in_utc():
    values = pd.Series(["2024-01-01T00:00:00Z", "2024-01-01 03:00", "2024-01-01T05:00:00+02:00"])
    (profile,) = profile_table(values.rename("d").to_frame(), META)
    assert profile.minimum == pd.Timestamp("2024-01-01", tz="UTC")
    assert profile.maximum == pd.Timestamp("2024-01-01 03:00", tz="UTC")
