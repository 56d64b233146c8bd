"""IRGAN behind syndata's fit: the settings it was given, the precision it used and the
column rules it kept."""

import pandas as pd
import pytest

from syndata import synthesis
from syndata.errors import ModelError
from syndata.metadata import Schema


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_fitted_model_says_which_precision_trained_it(shop, precision):
    schema = Schema.detect(shop)
    model = synthesis.fit("irgan", schema, shop, {"epochs": 1, "precision": precision})
    assert model.info.params["precision"] == precision
    assert f"Trained with {precision} matrix products." in model.info.notes
    out = model.sample(scale=0.5, seed=1)
    assert out["orders"]["user_id"].isin(out["users"]["user_id"]).all()


def test_the_column_rules_are_in_the_notes_and_an_unknown_one_is_refused(shop):
    users = shop["users"]
    left = pd.to_datetime(users["joined"]) + pd.to_timedelta(users["age"] % 30, unit="D")
    tables = {**shop, "users": users.assign(left=left.dt.strftime("%Y-%m-%d"))}
    schema = Schema.detect(tables)
    model = synthesis.fit("irgan", schema, tables, {"epochs": 1})
    assert any("Column rules kept on every synthetic row" in note
               and "users: joined <= left" in note for note in model.info.notes)
    out = model.sample(seed=1)["users"]
    assert (pd.to_datetime(out["joined"]) <= pd.to_datetime(out["left"])).all()
    with pytest.raises(ModelError, match="No column rule users: left <= joined was found"):
        synthesis.fit("irgan", schema, tables,
                      {"epochs": 1, "rules_off": "users: left <= joined"})


def test_the_memory_estimate_sizes_the_sampling_buffers_by_argns_chunk():
    from irgan.argn import SAMPLE_CHUNK
    from syndata.models import irgan

    assert irgan._SAMPLE_CHUNK == SAMPLE_CHUNK
