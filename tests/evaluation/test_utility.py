"""Train-on-synthetic / test-on-real for both kinds of target."""

import pytest

from syndata.errors import EvaluationError
from syndata.evaluation import evaluate
from syndata.evaluation.utility import ml_utility, parse_target
from tests.evaluation.shuffling import shuffle_columns


def test_numerical_target_uses_a_regressor_and_sees_lost_signal(weather, weather_schema):
    table_meta = weather_schema.tables["weather"]
    faithful = ml_utility(weather, weather, "weather", "temp", table_meta, seed=0, max_rows=5000)
    broken = ml_utility(
        weather, shuffle_columns(weather), "weather", "temp", table_meta, seed=0, max_rows=5000
    )
    assert faithful.task == "regression" and set(faithful.metrics["real"]) == {"r2", "mae"}
    assert faithful.metrics["real"]["r2"] > 0.8
    assert broken.metrics["synthetic"]["r2"] < faithful.metrics["synthetic"]["r2"] - 0.5
    top = faithful.importances.iloc[0]
    assert top["feature"] == "dewp" and top["real"] > 0.3
    assert "temp" not in set(faithful.importances["feature"])


def test_categorical_target_uses_a_classifier_in_the_full_evaluation(
    airline_tables, airline_schema
):
    result = evaluate(airline_tables, airline_tables, airline_schema, target="flights.origin")
    utility = result.utility
    assert utility is not None and utility.task == "classification"
    assert set(utility.metrics) == {"real", "synthetic"}
    assert 0 <= utility.metrics["synthetic"]["accuracy"] <= 1
    assert result.to_json()["utility"]["target"] == "flights.origin"
    assert utility.reading.startswith("f1_macro")


def test_targets_are_checked(weather_schema, airline_schema):
    assert parse_target("temp", weather_schema) == ("weather", "temp")
    with pytest.raises(EvaluationError, match="TABLE.COLUMN"):
        parse_target("flights.nope", airline_schema)
    with pytest.raises(EvaluationError, match="sdtype 'id'"):
        parse_target("flights.carrier", airline_schema)
