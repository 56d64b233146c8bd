"""What an evaluation result says in JSON (syndata.evaluation.result)."""

import json


def test_json_holds_the_promised_keys(shuffled_weather):
    scores = json.loads(json.dumps(shuffled_weather[2].to_json(), allow_nan=False))
    assert 0 <= scores["quality"] <= 1 and 0 <= scores["diagnostic"] <= 1
    assert scores["properties"] and all(0 <= v <= 1 for v in scores["properties"].values())
    for key in ("exact_copy_share", "dcr_synthetic", "dcr_holdout"):
        assert isinstance(scores["privacy"][key], float)
    assert scores["utility"] is None
