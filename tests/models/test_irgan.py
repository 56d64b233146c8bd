"""IRGAN behind syndata's fit: the settings it was given and the precision it used."""

import pytest

from syndata import synthesis
from syndata.metadata import Schema


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_fitted_model_says_which_precision_trained_it(shop, precision):
    schema = Schema.detect(shop)
    model = synthesis.fit("irgan", schema, shop, {"epochs": 1, "precision": precision})
    assert model.info.params["precision"] == precision
    assert f"Trained with {precision} matrix products." in model.info.notes
    out = model.sample(scale=0.5, seed=1)
    assert out["orders"]["user_id"].isin(out["users"]["user_id"]).all()
