"""Synthetic output in the real columns' types and formats, for every model (syndata.restore)."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from syndata import synthesis
from syndata.metadata import Schema
from syndata.models.base import model_frames
from syndata.restore import SCALES_KEY, ColumnFormat, learn, restore

FAST = {"irgan": {"epochs": 1}, "ctgan": {"epochs": 1, "batch_size": 20}}


def _people(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    ages = pd.array([None if i % 5 == 0 else int(v) for i, v in
                     enumerate(rng.integers(18, 80, n))], dtype="Int64")
    return pd.DataFrame({"person_id": range(n), "age": ages,
                         "visits": rng.integers(0, 9, n), "score": rng.normal(size=n),
                         "tiny": rng.uniform(1, 5, n) * 1e-310,
                         "huge": rng.uniform(1, 5, n) * 1e300})


def _schema(tables: dict[str, pd.DataFrame]) -> Schema:
    schema = Schema.detect(tables)
    for name, frame in tables.items():
        for column in ("tiny", "huge", "dose"):
            if column in frame and schema.tables[name].primary_key != column:
                schema.set_sdtype(name, column, "numerical")
    return schema


@pytest.mark.timeout(300)
@pytest.mark.parametrize("model", ["gaussian_copula", "irgan", "ctgan"])
def test_every_model_returns_whole_numbers_and_real_magnitudes(model):
    tables = {"people": _people()}
    fitted = synthesis.fit(model, _schema(tables), tables, FAST.get(model, {}))
    out = fitted.sample(seed=0)["people"]
    assert out["age"].dtype == "Int64"
    assert out["visits"].dtype == np.int64
    assert out["score"].dtype == np.float64
    tiny, huge = out["tiny"].dropna(), out["huge"].dropna()
    assert len(tiny) == len(out) and (tiny > 0).all() and (tiny < 1e-305).all()
    assert len(huge) == len(out) and (huge > 1e299).all() and (huge < 1e302).all()


@pytest.mark.timeout(300)
@pytest.mark.parametrize("model", ["gaussian_copula", "hma", "irgan"])
def test_related_tables_are_restored_by_every_kind_of_model(model):
    people = _people()[["person_id", "age"]]
    rng = np.random.default_rng(1)
    visits = pd.DataFrame({"visit_id": range(80), "person_id": rng.integers(0, 40, 80),
                           "minutes": pd.array([None if i % 4 == 0 else int(i % 50)
                                                for i in range(80)], dtype="Int64"),
                           "dose": rng.uniform(1, 5, 80) * 1e-300})
    tables = {"people": people, "visits": visits}
    fitted = synthesis.fit(model, _schema(tables), tables, FAST.get(model, {}))
    out = fitted.sample(seed=0)
    assert out["people"]["age"].dtype == "Int64"
    assert out["visits"]["minutes"].dtype == "Int64"
    assert out["visits"]["minutes"].notna().any()
    dose = out["visits"]["dose"]
    assert dose.notna().all() and (dose > 1e-301).all() and (dose < 1e-299).all()


def test_model_frames_scale_only_extreme_numerical_columns():
    tables = {"people": _people()}
    schema = _schema(tables)
    _, frames = model_frames(schema, tables)
    frame = frames["people"]
    assert set(frame.attrs[SCALES_KEY]) == {"tiny", "huge"}
    assert frame["tiny"].abs().max() < 1 <= frame["tiny"].abs().max() * 2
    assert frame["score"].equals(tables["people"]["score"])
    restored = np.ldexp(frame["tiny"].to_numpy(), frame.attrs[SCALES_KEY]["tiny"])
    assert (restored == tables["people"]["tiny"].to_numpy()).all(), "scaling must be exact"
    assert SCALES_KEY not in tables["people"].attrs


def test_datetime_texts_get_the_real_fraction_and_offset_back():
    real = pd.DataFrame({"at": ["2023-05-01T10:00:00+05:30", "2023-05-02T11:00:00+05:30"],
                         "ms": ["2023-05-01 10:00:00.123", "2023-05-01 10:00:01.500"],
                         "utc": ["2023-05-01T10:00:00Z", "2023-05-01T11:30:00Z"]})
    schema = Schema.from_dict({"tables": {"t": {"columns": {
        "at": {"sdtype": "datetime", "datetime_format": "%Y-%m-%dT%H:%M:%S%z"},
        "ms": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d %H:%M:%S.%f"},
        "utc": {"sdtype": "datetime", "datetime_format": "%Y-%m-%dT%H:%M:%S%z"}}}}})
    formats = learn({"t": real}, schema)
    assert formats["t"]["ms"] == ColumnFormat(fraction_digits=3)
    synthetic = pd.DataFrame({"at": ["2023-05-03T01:02:03+0530", None],
                              "ms": ["2023-05-01 10:00:00.987654", "2023-05-01 10:00:02.000001"],
                              "utc": ["2023-05-01T10:00:00+0000", "2023-05-01T12:00:00+0000"]})
    out = restore({"t": synthetic}, formats)["t"]
    assert out["at"].tolist()[0] == "2023-05-03T01:02:03+05:30" and pd.isna(out["at"].iloc[1])
    assert out["ms"].tolist() == ["2023-05-01 10:00:00.987", "2023-05-01 10:00:02.000"]
    assert out["utc"].tolist() == ["2023-05-01T10:00:00Z", "2023-05-01T12:00:00Z"]


def test_whole_numbers_from_float_output():
    formats = learn({"t": pd.DataFrame({"n": [1, 2], "g": pd.array([1, None], "Int64")})}, Schema())
    out = restore({"t": pd.DataFrame({"n": [1.4, 2.6], "g": [3.7, np.nan]})}, formats)["t"]
    assert out["n"].tolist() == [1, 3] and out["n"].dtype == np.int64
    assert out["g"].dtype == "Int64" and out["g"].isna().tolist() == [False, True]
    gaps = restore({"t": pd.DataFrame({"n": [1.0, np.nan], "g": [1.0, 2.0]})}, formats)["t"]
    assert gaps["n"].dtype == "Int64", "a gap the model made must not turn the column to float"
    keys = restore({"t": pd.DataFrame({"n": ["sdv-id-a", "sdv-id-b"], "g": [1, 2]})},
                   formats)["t"]
    assert keys["n"].tolist() == ["sdv-id-a", "sdv-id-b"]


def test_a_model_pickled_before_formats_existed_still_samples(shop):
    schema = Schema.detect(shop).subset(["users"])
    fitted = synthesis.fit("gaussian_copula", schema, shop)
    del fitted.info.__dict__["formats"]
    old = pickle.loads(pickle.dumps(fitted))
    assert old.info.formats is None
    assert len(old.sample(rows=5, seed=0)["users"]) == 5
