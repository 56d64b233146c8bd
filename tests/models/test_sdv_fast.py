"""SDV's speedups give SDV's own results: vectorised date casts and checks, dates that do
not match still handed to SDV, and RDT run one column at a time."""

import numpy as np
import pandas as pd
import pytest
from sdv import _utils as sdv_utils
from sdv.data_processing import datetime_formatter
from sdv.metadata import _single_table

from syndata.metadata import Schema
from syndata.models.sdv_fast import sdv_speedups


@pytest.mark.parametrize("values, fmt", [
    (["2020-01-02", None, "2021-12-31", "bad"], "%Y-%m-%d"),
    (["02/01/2020 10:30", "31/12/2021 23:59", None], "%d/%m/%Y %H:%M"),
    (["2020-01-02T10:00:00+02:00", "2020-01-03T11:00:00+02:00"], "%Y-%m-%dT%H:%M:%S%z"),
    (["2020-01-02T10:00:00+02:00", "2020-01-03T11:00:00-05:00"], "%Y-%m-%dT%H:%M:%S%z"),
    (["2020-01-02", "Jan 3 2020", None], None),
    (["2020-1-2", "2020-12-31"], "%Y-%-m-%-d"),
])
def test_vectorised_date_cast_gives_sdvs_values(values, fmt):
    column = pd.Series(values, index=[5 + i for i in range(len(values))])
    expected = sdv_utils._cast_to_datetime64(column, fmt)
    with sdv_speedups():
        got = _single_table._cast_to_datetime64(column, fmt)
    pd.testing.assert_series_equal(got, expected)
    assert _single_table._cast_to_datetime64 is sdv_utils._cast_to_datetime64


@pytest.mark.parametrize("column, valid", [
    (pd.Series([1.5, np.nan, 3.0]), True),
    (pd.Series([1, 2, 3], dtype="Int64"), True),
    (pd.Series([True, False]), False),
    (pd.Series(["1", "x"], dtype=object), False),
])
def test_numerical_check_from_dtype_agrees_with_sdv(column, valid):
    check = _single_table._SingleTableMetadata._get_invalid_column_values
    expected = check(column, sdv_utils._is_numerical_type)
    with sdv_speedups():
        got = _single_table._SingleTableMetadata._get_invalid_column_values(
            column, sdv_utils._is_numerical_type)
    assert got == expected and (not got) == valid


def test_sampled_dates_not_matching_format_still_go_to_sdv():
    formatter = datetime_formatter.DatetimeFormatter("%Y-%m-%d")
    formatter.learn_format(pd.Series(["2020-01-01"], dtype=object))
    column = pd.Series(["2020-01-02", "2020-01-03 00:00:00", None], dtype=object)
    expected = formatter.format_data(column.copy())
    with sdv_speedups():
        got = formatter.format_data(column.copy())
    pd.testing.assert_series_equal(got, expected)


def _mixed(rows: int = 240) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({
        "id": [f"ID-{i:05d}" for i in range(rows)],
        "amount": rng.gamma(2, 10, rows).round(2),
        "x": rng.normal(size=rows),
        "kind": rng.choice(["a", "b", None], rows),
        "flag": rng.choice([True, False], rows),
        "day": pd.Series(pd.date_range("2020-01-01", periods=rows).strftime("%Y-%m-%d")),
        "email": [f"u{i}@example.com" for i in range(rows)],
        "count": rng.integers(0, 5, rows),
    })
    frame.loc[rng.random(rows) < 0.2, "amount"] = np.nan
    frame.loc[rng.random(rows) < 0.1, "day"] = None
    return frame


def _fit_sample_preprocess(frame: pd.DataFrame, fast: bool):
    from contextlib import nullcontext

    from sdv.single_table import GaussianCopulaSynthesizer

    metadata = Schema.detect({"t": frame}).to_sdv()
    synth = GaussianCopulaSynthesizer(metadata)
    with sdv_speedups() if fast else nullcontext():
        synth.fit({"t": frame})
        synth._set_random_state(3)
        sampled = synth.sample(150)
        processed = synth.preprocess({"t": frame})
    return sampled["t"], processed["t"], synth


def test_column_at_a_time_rdt_gives_sdvs_transform_seeds_and_samples():
    frame = _mixed()
    theirs, their_processed, their_synth = _fit_sample_preprocess(frame, fast=False)
    ours, our_processed, our_synth = _fit_sample_preprocess(frame, fast=True)
    pd.testing.assert_frame_equal(our_processed, their_processed)
    pd.testing.assert_frame_equal(ours, theirs)
    seeds = [[t.random_seed for t in s._data_processor._hyper_transformer._transformers_sequence]
             for s in (our_synth, their_synth)]
    assert seeds[0] == seeds[1]


def test_column_at_a_time_rdt_copies_each_column_a_bounded_number_of_times(monkeypatch):
    from rdt.transformers.base import BaseTransformer

    widths = []
    original = BaseTransformer.transform

    def transform(self, data):
        widths.append(data.shape[1])
        return original(self, data)

    monkeypatch.setattr(BaseTransformer, "transform", transform)
    frame = pd.DataFrame(np.random.default_rng(0).normal(size=(50, 60)),
                         columns=[f"x{i}" for i in range(60)])
    _fit_sample_preprocess(frame, fast=True)
    assert widths and max(widths) == 1
