"""One call runs every check; input it cannot compare fails with our error
(syndata.evaluation.evaluate)."""

import pytest

from syndata.errors import EvaluationError
from syndata.evaluation import evaluate


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
