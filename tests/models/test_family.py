"""The family base: one template for every fit, and model files from the old layout."""

from __future__ import annotations

import pickle

import pytest

from syndata import signing, synthesis
from syndata.errors import ModelError
from syndata.export import load_model, model_bytes
from syndata.metadata import Schema
from syndata.models import get_family


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv(signing.CONFIG_ENV, str(tmp_path / "config"))


class OldLayout:
    """Stands in for a fitted model pickled before the families existed."""


def _pickled_as(module: str, name: str) -> bytes:
    """A pickle of ``OldLayout`` naming ``module.name`` as its class, as old files do."""
    text = pickle.dumps(OldLayout(), protocol=0)
    assert f"c{__name__}\nOldLayout\n".encode() in text
    return text.replace(f"c{__name__}\nOldLayout\n".encode(), f"c{module}\n{name}\n".encode())


@pytest.mark.parametrize("module, name", [
    ("syndata.models.sdv_models", "SdvModel"),
    ("syndata.models.irgan_model", "IrganModel"),
    ("syndata.models.base", "Gone"),
])
def test_a_model_file_of_the_old_layout_says_fit_again(module, name):
    blob = signing.sign_bytes(_pickled_as(module, name))
    with pytest.raises(ModelError, match="made by an older syndata.*Fit the model again") as caught:
        load_model(blob)
    assert f"{module}.{name}" in str(caught.value)


def test_a_model_file_of_this_layout_loads_and_samples(shop):
    schema = Schema.detect(shop).subset(["users"])
    fitted = synthesis.fit("gaussian_copula", schema, shop)
    loaded = load_model(model_bytes(fitted))
    assert type(loaded).__module__ == "syndata.models.sdv_family"
    assert loaded.sample(rows=5, seed=0)["users"].equals(fitted.sample(rows=5, seed=0)["users"])


def test_fit_resolves_the_users_settings_and_keeps_them_in_the_info(shop):
    schema = Schema.detect(shop).subset(["users"])
    family = get_family("gaussian_copula")
    fitted = family.fit(schema, shop, {"default_distribution": "norm"})
    assert fitted.info.params == {"default_distribution": "norm"}
    assert fitted.info.model == family.name == "gaussian_copula"
    with pytest.raises(ModelError, match="has no setting epochs"):
        family.fit(schema, shop, {"epochs": 3})


def test_advice_facts_come_from_the_settings():
    assert get_family("ctgan").has_epochs and get_family("irgan").has_epochs
    assert not get_family("gaussian_copula").has_epochs and not get_family("hma").has_epochs
    assert [f.relational for f in map(get_family, ("hma", "irgan", "tvae"))] == [
        True, True, False]
