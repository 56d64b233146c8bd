"""Privacy figures flag copies and stay quiet for data that only shares the shapes."""

import numpy as np
import pandas as pd
import pytest

from syndata.evaluation import evaluate
from syndata.evaluation.privacy import (
    copies_are_suspicious,
    dcr_reading,
    exact_copy_share,
    pii_overlap,
    split_holdout,
    table_privacy,
)
from tests.evaluation.shuffling import shuffle_columns
from tests.specs import table_schema


def test_copied_rows_are_flagged(weather, weather_schema):
    copies = weather.sample(n=len(weather), replace=True, random_state=4)
    result = evaluate({"weather": weather}, {"weather": copies}, weather_schema)
    privacy = result.privacy
    assert privacy.exact_copy_share > 0.99
    assert privacy.dcr_synthetic == pytest.approx(0.0, abs=1e-9)
    assert privacy.dcr_synthetic < privacy.dcr_holdout
    assert any("copy" in advice for advice in result.recommendations)
    new_rows = next(f for f in privacy.findings if f.name == "SDMetrics NewRowSynthesis")
    assert new_rows.value is not None and new_rows.value < 0.05


def test_shuffled_columns_are_not_copies(weather, weather_schema):
    result = evaluate({"weather": weather}, {"weather": shuffle_columns(weather)}, weather_schema)
    assert result.privacy.exact_copy_share < 0.02
    assert result.privacy.dcr_synthetic > result.privacy.dcr_holdout
    assert all(f.reading for f in result.privacy.findings)


def test_exact_copies_ignore_keys_and_dtype_drift():
    meta = table_schema({"id": "id", "x": "numerical", "c": "categorical"}, primary_key="id")
    real = pd.DataFrame({"id": [1, 2, 3, 4], "x": [1, 2, 3, 4], "c": list("abcd")})
    synthetic = pd.DataFrame(
        {"id": [9, 8, 7, 6], "x": [1.0, 2.0, 3.5, 9.0], "c": ["a", "b", "c", "d"]}
    )
    assert exact_copy_share(real, synthetic, meta) == pytest.approx(0.5)


def test_pii_overlap_counts_real_values():
    meta = table_schema({"email": "email", "n": "numerical"})
    real = pd.DataFrame({"email": ["a@x.org", "b@x.org"], "n": [1, 2]})
    synthetic = pd.DataFrame(
        {"email": ["a@x.org", "z@y.org", "q@y.org", "b@x.org"], "n": [1, 2, 3, 4]}
    )
    assert pii_overlap(real, synthetic, meta) == {"email": pytest.approx(0.5)}


def test_holdout_split_is_disjoint_and_reproducible(weather):
    reference, holdout = split_holdout(weather, seed=0)
    again, _ = split_holdout(weather, seed=0)
    assert len(holdout) == round(len(weather) * 0.2)
    assert not set(reference.index) & set(holdout.index)
    assert list(reference.index) == list(again.index)


def test_repeats_are_natural_when_columns_allow_few_combinations():
    rng = np.random.default_rng(0)
    meta = table_schema({"a": "categorical", "b": "boolean"})
    real = pd.DataFrame({"a": rng.choice(["x", "y"], 200), "b": rng.choice([True, False], 200)})
    found = table_privacy(real, shuffle_columns(real), "t", meta, seed=0, max_rows=1000)
    assert found.exact_copy_share == 1.0 and found.exact_copy_baseline == 1.0
    assert not copies_are_suspicious(found.exact_copy_share, found.exact_copy_baseline)
    assert copies_are_suspicious(0.5, 0.0)
    assert "repeats are natural" in found.findings[0].reading


@pytest.mark.parametrize(
    ("synthetic", "ratio", "says"),
    [
        (0.3, "0.30x", "much closer to real records than new real records are"),
        (0.7, "0.70x", "closer to real records than new real records are: check"),
        (1.0, "1.00x", "about as close to real records as new real records are"),
        (5.02, "5.02x", "farther from real records than new real records are"),
    ],
)
def test_distance_sentence_agrees_with_its_ratio(synthetic, ratio, says):
    reading = dcr_reading(synthetic, 1.0)
    assert f"{ratio} as far from its closest real record as a new real" in reading
    assert says in reading
    if synthetic > 1.1:
        assert "as far from real records as" not in reading and "closer" not in reading


def test_baseline_protection_at_its_cap_says_at_least_as_far(
    monkeypatch, weather, weather_schema
):
    from syndata.evaluation import privacy

    def capped(*args, **kwargs):
        return {"score": 1.0}

    monkeypatch.setattr(privacy.DCRBaselineProtection, "compute_breakdown", capped)
    found = table_privacy(
        weather, weather, "weather", weather_schema.tables["weather"], seed=0, max_rows=1000
    )
    baseline = next(f for f in found.findings if f.name == "SDMetrics DCRBaselineProtection")
    assert baseline.value == 1.0 and "at least as far" in baseline.reading
    assert "100% as far" not in baseline.reading


def test_pii_overlap_reading_tells_copies_from_fake_coincidences():
    meta = table_schema({"email": "email", "contact": "categorical"})
    real = pd.DataFrame({"email": ["a@x.org", "b@x.org"], "contact": ["c@x.org", "d@x.org"]})
    synthetic = pd.DataFrame(
        {"email": ["a@x.org", "z@y.org", "q@y.org", "r@y.org"], "contact": ["c@x.org"] * 4}
    )
    found = table_privacy(real, synthetic, "t", meta, seed=0, max_rows=100, personal={"contact"})
    readings = {f.name: f.reading for f in found.findings}
    assert readings["PII overlap: email"].startswith("1 of 4 synthetic 'email' values (25.0%)")
    assert "by coincidence of the fake values" in readings["PII overlap: email"]
    assert "4 of 4" in readings["PII overlap: contact"]
    assert "copied from the data" in readings["PII overlap: contact"]
    clean = table_privacy(real, real.assign(email=["n@n.org"] * 2), "t", meta, seed=0,
                          max_rows=100)
    assert "No synthetic 'email' value is a real value" in {
        f.name: f.reading for f in clean.findings
    }["PII overlap: email"]
