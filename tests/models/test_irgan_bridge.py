"""The boundary to the standalone irgan package: settings in, progress and errors out."""

import pytest
import torch

from irgan.errors import Cancelled, SchemaError, TrainingError
from syndata import synthesis
from syndata.errors import CancelledError, MetadataError, ModelError
from syndata.metadata import Schema
from syndata.models.irgan_bridge import fit_synthesizer, irgan_config, syndata_errors
from syndata.progress import Progress
from tests.irgan.conftest import make_database
from tests.irgan.key_tables import FORMATS, PARENTS, assert_linked, key_database, key_metadata

PARAMS = {"epochs": 1, "batch_size": 100, "learning_rate": 1e-3, "hidden_size": 16,
          "precision": "float32", "device": "cpu"}


def _users(shop):
    data = {"users": shop["users"]}
    return Schema.detect(data).to_dict(), data


def test_params_become_the_config_and_a_zero_budget_is_none():
    config = irgan_config({**PARAMS, "time_budget_minutes": 0.0})
    assert (config.epochs, config.batch_size, config.hidden_size) == (1, 100, 16)
    assert config.time_budget_s is None
    assert irgan_config({**PARAMS, "time_budget_minutes": 1.5}).time_budget_s == 90.0


@pytest.mark.parametrize(("raised", "expected"), [
    (TrainingError("epochs and batch_size must be at least 1."), ModelError),
    (SchemaError("The metadata lists no tables. Detect or load metadata first."), MetadataError),
    (Cancelled(), CancelledError),
])
def test_irgan_errors_become_syndata_errors_with_the_same_message(raised, expected):
    with pytest.raises(expected) as caught, syndata_errors():
        raise raised
    assert str(caught.value) == str(raised) and caught.value.__cause__ is raised


def test_the_rule_settings_become_the_config():
    config = irgan_config({**PARAMS, "column_rules": False,
                           "rules_off": "flights: a <= b;\n planes: model -> type ;"})
    assert config.column_rules is False
    assert config.rules_off == ("flights: a <= b", "planes: model -> type")
    assert irgan_config(PARAMS).rules_off == () and irgan_config(PARAMS).column_rules


def test_a_bad_setting_is_a_model_error_with_irgans_message():
    with pytest.raises(ModelError, match="epochs and batch_size must be at least 1"):
        irgan_config({**PARAMS, "epochs": 0})


def test_missing_table_data_is_a_metadata_error(shop):
    metadata, _ = _users(shop)
    with pytest.raises(MetadataError, match=r"No data for table\(s\) \['users'\]"):
        fit_synthesizer(metadata, PARAMS, {}, lambda _: None, lambda: False)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_cuda_without_a_gpu_is_a_model_error(shop):
    metadata, data = _users(shop)
    with pytest.raises(ModelError, match="CUDA was requested"):
        fit_synthesizer(metadata, {**PARAMS, "device": "cuda"}, data, lambda _: None,
                        lambda: False)


def test_syndata_cancel_stops_irgan_as_a_cancelled_error(shop):
    metadata, data = _users(shop)
    with pytest.raises(CancelledError, match="Cancelled by the user"):
        fit_synthesizer(metadata, PARAMS, data, lambda _: None, lambda: True)


def test_progress_arrives_as_syndata_progress_with_epochs_and_loss(shop):
    metadata, data = _users(shop)
    seen = []
    fit_synthesizer(metadata, {**PARAMS, "epochs": 2}, data, seen.append, lambda: False)
    assert all(type(p) is Progress for p in seen)
    epoch = next(p for p in seen if p.epoch == 2)
    assert (epoch.epochs, epoch.message) == (2, "users: epoch 2 of 2")
    assert epoch.text == f"users: epoch 2 of 2, loss {epoch.loss:.3f}"
    trained = [p for p in seen if p.epoch is not None]
    assert [p.epoch for p in trained] == [1, 2]
    assert all(p.text == f"{p.message}, loss {p.loss:.3f}" for p in trained)


def test_the_fitted_model_passes_sampling_progress_on():
    tables, _ = make_database()
    shop = {name: tables[name] for name in ("regions", "users", "orders")}
    model = synthesis.fit("irgan", Schema.detect(shop), shop, {"epochs": 1})
    seen = []
    model.sample(scale=0.2, seed=1, progress=seen.append)

    assert "users: generating rows" in [p.message for p in seen]
    assert all(type(p) is Progress for p in seen)


@pytest.mark.parametrize("kind", list(FORMATS))
def test_app_fit_keeps_the_real_key_format(kind):
    tables = key_database(kind)
    schema = Schema.from_dict(key_metadata())  # no regex_format: read from the values
    fitted = synthesis.fit("irgan", schema, tables, {"epochs": 1, "hidden_size": 16})
    out = fitted.sample(scale=1.0, seed=1)
    keys = out["parents"]["code"].astype(str)
    assert len(keys) == PARENTS
    bad = keys[~keys.str.fullmatch(FORMATS[kind])]
    assert bad.empty, f"{kind}: {bad.head().tolist()} do not look like {tables['parents'].code[0]}"
    tickets = out["children"]["ticket"]
    assert tickets.str.fullmatch(r"TK-\d{5}").all() and tickets.is_unique
    assert_linked(out)
