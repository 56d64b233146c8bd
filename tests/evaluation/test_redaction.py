"""A report is shared like synthetic data: no real personal value or rare category in it."""

import json

import numpy as np
import pandas as pd
import pytest

from syndata.evaluation import evaluate
from syndata.evaluation.redaction import HIDDEN_LABEL, RARE_LABEL, Redactor
from syndata.metadata import Schema
from syndata.report import render_report

_RARE_CITIES = ["Quixoteville", "Zebulonburg", "Wyrmhollow"]


@pytest.fixture(scope="module")
def people() -> tuple[pd.DataFrame, Schema]:
    rng = np.random.default_rng(0)
    rows = 240
    cities = rng.choice(["Springfield", "Riverton", "Lakeside"], rows).astype(object)
    cities[:3] = _RARE_CITIES  # each seen once
    frame = pd.DataFrame(
        {
            "email": [f"person{i:03d}.secret@example.org" for i in range(rows)],
            "contact": [f"backup{i:03d}.hidden@mailhost.net" for i in range(rows)],
            "handle": [f"Handle{i:03d}x" for i in range(rows)],
            "city": cities,
            "segment": rng.choice(["retail", "wholesale"], rows),
            "amount": rng.gamma(2.0, 50.0, rows).round(2),
        }
    )
    metadata = {
        "tables": {
            "customers": {
                "columns": {
                    "email": {"sdtype": "email", "pii": True},
                    # Left categorical: only detect_pii knows it holds e-mail addresses.
                    "contact": {"sdtype": "categorical"},
                    "handle": {"sdtype": "categorical"},
                    "city": {"sdtype": "categorical"},
                    "segment": {"sdtype": "categorical"},
                    "amount": {"sdtype": "numerical"},
                }
            }
        }
    }
    return frame, Schema.from_dict(metadata)


def _secrets(frame: pd.DataFrame) -> list[str]:
    return [*frame["email"], *frame["contact"], *frame["handle"], *_RARE_CITIES]


@pytest.fixture(scope="module")
def outputs(people):
    frame, metadata = people
    real = {"customers": frame}
    # The worst case: every synthetic value is a real one.
    synthetic = {"customers": frame.sample(frac=1.0, random_state=1).reset_index(drop=True)}
    result = evaluate(real, synthetic, metadata, target="customers.segment")
    page = render_report(result, real, synthetic, metadata)
    return result, page, json.dumps(result.to_json(), default=str)


def test_no_real_personal_value_or_rare_category_in_report_or_json(people, outputs):
    frame, _ = people
    result, page, scores = outputs
    leaked = [value for value in _secrets(frame) if value in page or value in scores]
    assert leaked == []
    # Aggregates and common categories are still shown.
    assert "Springfield" in page and "retail" in page
    assert RARE_LABEL in page
    assert "email (personal data)" in page and "contact (personal data)" in page
    assert "handle (nearly every value is unique" in page


def test_overlap_counts_a_pii_looking_categorical(outputs):
    result = outputs[0]
    assert result.privacy.pii_overlap["customers.contact"] == pytest.approx(1.0)
    reading = next(f.reading for f in result.privacy.findings if f.name == "PII overlap: contact")
    assert "copied from the data" in reading and "set a PII sdtype" in reading


def test_redacted_frames_keep_nulls_and_hide_rare_values_on_both_sides(people):
    frame, metadata = people
    redactor = Redactor.build({"customers": frame}, metadata)
    synthetic = frame.head(5).assign(email=[None, "new@x.org", "a@b.org", None, "c@d.org"])
    safe = redactor.frame("customers", synthetic)
    assert safe["email"].isna().tolist() == [True, False, False, True, False]
    assert set(safe["email"].dropna()) == {HIDDEN_LABEL}
    assert set(safe["city"].head(3)) == {RARE_LABEL}
    assert redactor.scrub(f"could not parse '{frame['email'][7]}'") == (
        f"could not parse '{HIDDEN_LABEL}'"
    )


def test_a_library_error_quoting_a_value_is_scrubbed(monkeypatch, people):
    frame, metadata = people
    from syndata.evaluation import privacy

    def quoting(*args, **kwargs):
        raise ValueError(f"bad value {frame['email'][3]} in column email")

    monkeypatch.setattr(privacy.NewRowSynthesis, "compute", quoting)
    result = evaluate({"customers": frame}, {"customers": frame}, metadata)
    text = json.dumps(result.to_json())
    assert frame["email"][3] not in text and HIDDEN_LABEL in text
