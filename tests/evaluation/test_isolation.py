"""One failing check never sinks an evaluation, and SDMetrics' privacy metrics get data
they can handle (the 4-table demo broke DCRBaselineProtection with an OverflowError)."""

import json
import sys

import numpy as np
import pandas as pd
import pytest

from syndata import plots
from syndata.demos import load_demo
from syndata.evaluation import evaluate
from syndata.evaluation import privacy as privacy_module
from syndata.evaluation import quality as quality_module
from syndata.evaluation.isolation import NotComputed, attempt
from syndata.evaluation.privacy import BASELINE, NEW_ROWS, table_privacy
from syndata.report import render_report
from tests.specs import table_schema


def _finding(found, name):
    return next(f for f in found.findings if f.name.endswith(name))


def test_a_metric_that_raises_is_not_computed_and_the_rest_stands(
    monkeypatch, weather, weather_schema
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom in the metric")

    monkeypatch.setattr(privacy_module.DCRBaselineProtection, "compute_breakdown", broken)
    real, synthetic = {"weather": weather}, {"weather": weather.sample(frac=1, random_state=1)}
    result = evaluate(real, synthetic, weather_schema)
    assert [item.section for item in result.not_computed] == [f"weather: {BASELINE}"]
    assert "RuntimeError: boom in the metric" in result.not_computed[0].reason
    baseline = _finding(result.privacy, BASELINE)
    assert baseline.value is None and baseline.reading.startswith("Not computed: ")
    assert _finding(result.privacy, NEW_ROWS).value is not None
    assert 0 <= result.quality <= 1 and 0 <= result.diagnostic <= 1
    scores = json.loads(json.dumps(result.to_json(), allow_nan=False))
    assert scores["not_computed"][0]["section"] == f"weather: {BASELINE}"
    page = render_report(result, real, synthetic, weather_schema)
    assert f"weather: {BASELINE}: not computed." in page and 'id="skipped"' in page


def test_a_failing_quality_report_leaves_diagnostic_and_privacy(
    monkeypatch, weather, weather_schema
):
    real_run = quality_module.run_report

    def quality_fails(kind, *args):
        if kind.__name__ == "QualityReport":
            raise ValueError("cannot compare")
        return real_run(kind, *args)

    monkeypatch.setattr(sys.modules["syndata.evaluation.evaluate"], "run_report", quality_fails)
    result = evaluate({"weather": weather}, {"weather": weather}, weather_schema)
    assert [item.section for item in result.not_computed] == ["Quality report"]
    assert np.isnan(result.quality) and result.to_json()["quality"] is None
    assert result.diagnostic > 0.99 and result.privacy.exact_copy_share > 0.99
    assert "quality report could not run" in result.recommendations[0]


def test_a_failing_figure_only_replaces_itself(monkeypatch, airline_tables, airline_schema):
    def broken(*args, **kwargs):
        raise KeyError("carrier")

    monkeypatch.setattr(plots, "cardinality_plot", broken)
    result = evaluate(airline_tables, airline_tables, airline_schema, max_rows=200)
    page = render_report(result, airline_tables, airline_tables, airline_schema)
    assert "Cardinality of flights.carrier: not computed." in page
    assert page.count("* plotly.js v") == 1 and page.count('class="plotly-graph-div') > 5
    assert "Summary statistics" in page and page.endswith("</html>")


def test_cancel_is_not_swallowed():
    from syndata.errors import CancelledError

    def cancelled():
        raise CancelledError()

    with pytest.raises(CancelledError):
        attempt("x", cancelled, [])
    skipped: list[NotComputed] = []
    assert attempt("x", lambda: 1 / 0, skipped) is None
    assert skipped[0].line.startswith("x: not computed. ")


def _awkward_table(rows: int = 60) -> tuple[pd.DataFrame, dict]:
    """One column per way DCRBaselineProtection's random baseline broke."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "value": rng.normal(size=rows),
            "empty": np.full(rows, np.nan),
            "infinite": np.where(np.arange(rows) % 7 == 0, np.inf, rng.normal(size=rows)),
            "extreme": np.where(
                np.arange(rows) % 2 == 0, np.iinfo(np.int64).max, np.iinfo(np.int64).min
            ),
            "when": pd.date_range("2024-01-01", periods=rows, freq="h").astype(str),
            "never": pd.Series([None] * rows, dtype=object),
            "kind": rng.choice(["a", "b", "c"], rows),
        }
    )
    sdtypes = {"value": "numerical", "empty": "numerical", "infinite": "numerical",
               "extreme": "numerical", "when": "datetime", "never": "datetime",
               "kind": "categorical"}
    return frame, sdtypes


@pytest.mark.parametrize("column", ["empty", "infinite", "extreme", "when", "never"])
def test_sdmetrics_privacy_metrics_handle_awkward_columns(column):
    frame, sdtypes = _awkward_table()
    keep = ["value", "kind", column]
    kept = table_schema({c: sdtypes[c] for c in keep})
    synthetic = frame[keep].sample(frac=1.0, random_state=3).reset_index(drop=True)
    found = table_privacy(frame[keep], synthetic, "t", kept, seed=0, max_rows=1000)
    assert found.skipped == []
    assert _finding(found, BASELINE).value is not None
    assert _finding(found, NEW_ROWS).value is not None


def test_the_four_table_demo_evaluates_every_check():
    demo = load_demo("flights_multi")
    synthetic = {name: frame.copy() for name, frame in demo.tables.items()}
    result = evaluate(demo.tables, synthetic, demo.schema)
    assert result.not_computed == []
    assert result.quality > 0.99
    planes = next(t for t in result.privacy.tables if t.table == "planes")
    assert _finding(planes, BASELINE).value is not None
