"""Quality and diagnostic scores are SDMetrics' own, and they can fail."""

import json
import warnings

import pytest
from sdmetrics.reports import DiagnosticReport, QualityReport
from shuffling import shuffle_columns

from syndata.errors import EvaluationError
from syndata.evaluation import evaluate


def _sdmetrics(real, synthetic, metadata):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quality, diagnostic = QualityReport(), DiagnosticReport()
        quality.generate(real, synthetic, metadata, verbose=False)
        diagnostic.generate(real, synthetic, metadata, verbose=False)
    return quality, diagnostic


@pytest.fixture(scope="module")
def shuffled_weather(weather, weather_schema):
    real = {"weather": weather}
    synthetic = {"weather": shuffle_columns(weather)}
    return real, synthetic, evaluate(real, synthetic, weather_schema)


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


def test_json_holds_the_promised_keys(shuffled_weather):
    scores = json.loads(json.dumps(shuffled_weather[2].to_json(), allow_nan=False))
    assert 0 <= scores["quality"] <= 1 and 0 <= scores["diagnostic"] <= 1
    assert scores["properties"] and all(0 <= v <= 1 for v in scores["properties"].values())
    for key in ("exact_copy_share", "dcr_synthetic", "dcr_holdout"):
        assert isinstance(scores["privacy"][key], float)
    assert scores["utility"] is None


def test_bad_input_raises_our_error(weather, weather_schema):
    with pytest.raises(EvaluationError, match="missing from the synthetic"):
        evaluate({"weather": weather}, {}, weather_schema)
    with pytest.raises(EvaluationError, match="lacks column"):
        evaluate({"weather": weather}, {"weather": weather.drop(columns=["temp"])}, weather_schema)
    with pytest.raises(EvaluationError, match="no rows"):
        evaluate({"weather": weather}, {"weather": weather.iloc[:0]}, weather_schema)
    with pytest.raises(EvaluationError, match="Unknown target"):
        evaluate({"weather": weather}, {"weather": weather}, weather_schema, target="weather.nope")


def test_columns_outside_the_metadata_are_ignored(weather, weather_schema):
    extra = weather.assign(note="x")
    result = evaluate({"weather": extra}, {"weather": extra}, weather_schema)
    assert result.quality > 0.99
    assert "note" not in set(result.column_details["Column"])
