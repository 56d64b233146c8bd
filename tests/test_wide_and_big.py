"""SDV fits at real sizes: dates parsed once per column, not once per value (issue 19)."""

import numpy as np
import pandas as pd
import pytest
from sdv import _utils as sdv_utils
from sdv.data_processing import datetime_formatter
from sdv.metadata import _single_table

from syndata import synthesis
from syndata.metadata import Schema
from syndata.models import gaussian_copula
from syndata.models.sdv_fast import sdv_speedups


def _dated(rows: int = 300) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(0)
    day = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, rows), unit="D")
    when = (pd.Timestamp("2021-03-01") + pd.to_timedelta(rng.integers(0, 30, rows), unit="D")
            + pd.to_timedelta(rng.integers(0, 4, rows) * 15, unit="min"))
    frame = pd.DataFrame({
        "day": day.strftime("%Y-%m-%d"),
        "when": when.strftime("%d/%m/%Y %H:%M"),
        "amount": rng.gamma(2, 10, rows).round(2),
        "count": rng.integers(0, 9, rows),
        "kind": rng.choice(["a", "b", "c"], rows),
    })
    frame.loc[::7, "day"] = None
    return {"sales": frame}


def _counting(monkeypatch: pytest.MonkeyPatch, module, name: str) -> list[int]:
    """Count calls of ``module.name`` (the per-value parser SDV falls back on)."""
    calls = [0]
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("model", ["gaussian_copula", "ctgan"])
def test_fit_and_sample_parse_dates_per_column_not_per_value(monkeypatch, model):
    tables = _dated()
    schema = Schema.detect(tables)
    assert schema.tables["sales"].columns["when"].datetime_format == "%d/%m/%Y %H:%M"
    per_value = _counting(monkeypatch, sdv_utils, "_parse_datetime")
    matches = _counting(monkeypatch, datetime_formatter, "_datetime_string_matches_format")
    params = {"epochs": 1} if model == "ctgan" else {}
    model_fit = synthesis.fit(model, schema, tables, params)
    out = model_fit.sample(rows=200, seed=0)["sales"]
    assert per_value[0] == 0 and matches[0] == 0
    day = pd.to_datetime(out["day"].dropna(), format="%Y-%m-%d")
    when = pd.to_datetime(out["when"], format="%d/%m/%Y %H:%M")
    assert day.between("2020-01-01", "2022-07-01").all() and len(when) == 200
    assert out["day"].isna().any()


def test_invalid_dates_still_refused_by_sdv_checks():
    tables = _dated()
    schema = Schema.detect(tables)
    frame = tables["sales"].copy()
    frame.loc[3, "day"] = "2020-13-45"
    with sdv_speedups(), pytest.raises(Exception, match="2020-13-45"):
        schema.to_sdv().validate_data({"sales": frame})


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


def test_long_tables_fit_their_marginals_on_a_sample(monkeypatch):
    from copulas.univariate import BetaUnivariate

    sizes = []
    original = BetaUnivariate.fit

    def fit(self, X):
        sizes.append(len(X))
        return original(self, X)

    monkeypatch.setattr(gaussian_copula, "MARGINAL_ROWS", 120)
    monkeypatch.setattr(BetaUnivariate, "fit", fit)
    tables = _dated(400)
    model = synthesis.fit("gaussian_copula", Schema.detect(tables), tables)
    assert sizes and set(sizes) == {120}
    out = model.sample(rows=400, seed=0)["sales"]
    assert out["amount"].between(0, tables["sales"]["amount"].max()).all()


def test_correlations_from_numpy_equal_copulas_own_with_a_constant_column():
    from copulas.multivariate import GaussianMultivariate

    from syndata.models.sdv_synthesizers import MarginalsOnSample

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(400, 5)).cumsum(axis=1), columns=list("abcde"))
    frame["flat"] = 1.0
    ours = MarginalsOnSample(distribution="copulas.univariate.BetaUnivariate")
    theirs = GaussianMultivariate(distribution="copulas.univariate.BetaUnivariate")
    with np.errstate(all="ignore"):
        ours.fit(frame)
        theirs.fit(frame)
    np.testing.assert_allclose(ours.correlation.to_numpy(), theirs.correlation.to_numpy(),
                               atol=1e-12)


@pytest.mark.parametrize("model", ["gaussian_copula", "copulagan"])
def test_wide_tables_get_normal_marginals_with_a_note_unless_beta_is_chosen(
        monkeypatch, model):
    monkeypatch.setattr(gaussian_copula, "BETA_BUDGET_SECONDS", 0.5)
    frame = pd.DataFrame(np.random.default_rng(0).gamma(2, 3, (200, 8)).round(3),
                         columns=[f"x{i}" for i in range(8)])
    tables = {"wide": frame}
    schema = Schema.detect(tables)
    params = {"epochs": 1} if model == "copulagan" else {}
    fitted = synthesis.fit(model, schema, tables, params)
    assert fitted.info.params["default_distribution"] == "norm"
    assert any("normal marginal" in note for note in fitted.info.notes)
    kept = synthesis.fit(model, schema, tables, {**params, "default_distribution": "beta"})
    assert kept.info.params["default_distribution"] == "beta"
    assert not any("normal marginal" in note for note in kept.info.notes)
    monkeypatch.setattr(gaussian_copula, "BETA_BUDGET_SECONDS", 120.0)
    assert synthesis.fit(model, schema, tables, params).info.params[
        "default_distribution"] == "beta"


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
