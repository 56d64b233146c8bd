"""SDV fits at real sizes: dates parsed once per column, not once per value (issue 19)."""

import numpy as np
import pandas as pd
import pytest
from sdv import _utils as sdv_utils
from sdv.data_processing import datetime_formatter

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
