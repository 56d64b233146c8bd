"""Verdict bands and the advice they lead to."""

import pandas as pd

from syndata.evaluation import evaluate
from syndata.evaluation.level import NOT_SCORED, quality_level, recommendations


def test_bands():
    assert [quality_level(s) for s in (0.95, 0.9, 0.85, 0.75, 0.5)] == [
        "Excellent",
        "Excellent",
        "Good",
        "Fair",
        "Poor",
    ]


def test_advice_names_weak_columns_and_properties():
    columns = pd.DataFrame({"Table": ["t", "t"], "Column": ["good", "bad"], "Score": [0.95, 0.4]})
    advice = recommendations(
        0.6, 0.9, {"Column Shapes": 0.7, "Cardinality": 0.5}, columns, None, True, 0.2
    )
    text = " ".join(advice)
    assert "t / bad (0.40)" in text and "t / good" not in text
    assert "Diagnostic score 0.90" in text
    assert "relational model" in text and "epochs" in text
    assert "copy" in text and "poor" in text


def test_clean_result_says_ready():
    advice = recommendations(0.95, 1.0, {"Column Shapes": 0.95}, None, None, False, 1.2)
    assert advice == ["Quality is high and no privacy issue was found: ready for use."]


def test_a_table_of_ids_is_not_scored_rather_than_poor():
    frame = pd.DataFrame({"id": range(30)})
    metadata = {"tables": {"t": {"primary_key": "id", "columns": {"id": {"sdtype": "id"}}}}}
    result = evaluate({"t": frame}, {"t": frame}, metadata)
    assert result.level == NOT_SCORED
    assert result.to_json()["quality"] is None
    assert "No quality score" in result.recommendations[0]
