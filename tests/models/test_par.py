"""SDV's PARSynthesizer as a family: refusal, memory, a 1-epoch fit and seeded sampling."""

import pytest

from syndata.metadata import Schema
from syndata.models.registry import get_family, models_for
from syndata.progress import Progress
from tests.sequences import events, events_schema


@pytest.fixture(scope="module")
def fitted():
    seen: list[Progress] = []
    model = get_family("par").fit(events_schema(), {"events": events()}, {"epochs": 1},
                                  progress=seen.append)
    return model, seen


def test_par_is_a_single_table_family():
    assert "par" in [f.name for f in models_for(multi_table=False)]
    assert "par" not in [f.name for f in models_for(multi_table=True)]


def test_a_table_without_a_sequence_is_refused():
    schema = events_schema()
    schema.clear_sequence("events")
    assert "that table alone, marked sequential" in get_family("par").check(schema)
    assert get_family("par").check(events_schema()) is None


def test_memory_counts_the_padded_sequences():
    family, frame = get_family("par"), events()
    schema = events_schema()
    params = family.spec.resolve({})
    padded = family.estimate_memory(schema, {"events": frame}, params)
    plain = Schema.from_dict(schema.to_dict())
    plain.clear_sequence("events")
    assert padded > family.estimate_memory(plain, {"events": frame}, params) > 0


def test_fit_reports_epochs_and_samples_whole_sequences(fitted):
    model, seen = fitted
    assert any(p.epoch == 1 and p.epochs == 1 for p in seen)
    assert model.info.epochs_used == 1
    out = model.sample(scale=1.0, seed=3)["events"]
    assert list(out.columns) == list(events().columns)
    assert out["account_id"].nunique() == events()["account_id"].nunique()
    assert out.equals(model.sample(scale=1.0, seed=3)["events"])
    half = model.sample(scale=0.5, seed=3)["events"]
    assert half["account_id"].nunique() == round(0.5 * events()["account_id"].nunique())


def test_the_signed_model_file_samples_the_same(fitted):
    from syndata.export import load_model, model_bytes

    model, _ = fitted
    back = load_model(model_bytes(model))
    assert back.sample(rows=40, seed=2)["events"].equals(model.sample(rows=40, seed=2)["events"])
