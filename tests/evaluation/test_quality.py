"""Quality and diagnostic scores are SDMetrics' own (syndata.evaluation.quality)."""

import warnings

import pytest
from sdmetrics.reports import DiagnosticReport, QualityReport

from syndata.evaluation import evaluate
from tests.evaluation.shuffling import shuffle_columns


def _sdmetrics(real, synthetic, metadata):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quality, diagnostic = QualityReport(), DiagnosticReport()
        quality.generate(real, synthetic, metadata, verbose=False)
        diagnostic.generate(real, synthetic, metadata, verbose=False)
    return quality, diagnostic


def test_single_table_scores_equal_sdmetrics(shuffled_weather, weather_meta):
    real, synthetic, result = shuffled_weather
    quality, diagnostic = _sdmetrics(real, synthetic, weather_meta)
    assert result.quality == pytest.approx(quality.get_score(), abs=0.005)
    assert result.diagnostic == pytest.approx(diagnostic.get_score(), abs=0.005)
    expected = dict(zip(*quality.get_properties().to_dict("list").values(), strict=True))
    assert set(result.properties) == set(expected) == {"Column Shapes", "Column Pair Trends"}
    for name, score in result.properties.items():
        assert score == pytest.approx(expected[name], abs=0.005)
    assert len(result.column_details) == len(weather_meta["tables"]["weather"]["columns"])
    assert {"Column 1", "Column 2", "Score"} <= set(result.pair_details.columns)


def test_multi_table_scores_equal_sdmetrics(airline_tables, airline_meta, airline_schema):
    synthetic = {
        "airlines": airline_tables["airlines"],
        "flights": shuffle_columns(airline_tables["flights"], seed=3),
    }
    result = evaluate(airline_tables, synthetic, airline_schema, max_rows=300)
    quality, diagnostic = _sdmetrics(airline_tables, synthetic, airline_meta)
    assert result.quality == pytest.approx(quality.get_score(), abs=0.005)
    assert result.diagnostic == pytest.approx(diagnostic.get_score(), abs=0.005)
    assert {"Cardinality", "Intertable Trends"} <= set(result.properties)
    assert "Relationship Validity" in result.diagnostic_properties
    assert "flights (real 400, synthetic 400)" in result.sampled_rows


def test_real_against_itself_scores_near_one_and_shuffled_clearly_lower(
    weather, weather_schema, shuffled_weather
):
    itself = evaluate({"weather": weather}, {"weather": weather.copy()}, weather_schema)
    shuffled = shuffled_weather[2]
    assert itself.quality > 0.99 and itself.diagnostic > 0.99
    assert itself.level == "Excellent"
    assert shuffled.properties["Column Pair Trends"] < itself.properties["Column Pair Trends"] - 0.2
    assert shuffled.quality < itself.quality - 0.1
    assert any("Weakest column pairs" in advice for advice in shuffled.recommendations)
