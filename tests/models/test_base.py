"""What every fitted model shares: the frames it fits on (parents first, the schema's
columns, identifying values masked), the info the user sees, and how it is sampled."""

import pandas as pd
import pytest

from syndata import synthesis
from syndata.errors import ModelError
from syndata.metadata import Schema
from syndata.models.base import FitInfo, model_frames
from syndata.models.masking import MASKED_ATTR


def _coded(shop) -> dict[str, pd.DataFrame]:
    """The shop, children first, users with a near-unique plain code and a column left out."""
    users = shop["users"].assign(code=[f"AB-{i:04d}" for i in range(50)])
    return {"orders": shop["orders"], "users": users}


def _schema(tables) -> Schema:
    schema = Schema.detect(tables)
    schema.set_sdtype("users", "code", "categorical")
    schema.drop_columns("users", ["joined"])
    return schema


def test_model_frames_are_parents_first_cut_to_the_schema_and_masked(shop):
    tables = _coded(shop)
    names, frames = model_frames(_schema(tables), tables)
    assert names == ["users", "orders"] and list(frames) == names
    users = frames["users"]
    assert list(users.columns) == ["user_id", "age", "country", "code"]
    assert users.attrs[MASKED_ATTR] == {"code": 50}
    assert not users["code"].isin(tables["users"]["code"]).any()
    assert users["code"].str.fullmatch(r"[A-Z]{2}-\d{4}").all() and users["code"].is_unique
    assert users["user_id"].equals(tables["users"]["user_id"])
    assert frames["orders"].equals(tables["orders"]) and MASKED_ATTR not in frames["orders"].attrs
    assert "code" in tables["users"] and "joined" in tables["users"]


def test_describe_names_the_tables_rows_main_table_and_notes(shop):
    tables = _coded(shop)
    schema = _schema(tables)
    _, frames = model_frames(schema, tables)
    info = FitInfo.describe("hma", schema, frames, {"x": 1}, device="cpu",
                            notes=["a note of the fit"])
    assert (info.model, info.tables, info.params) == ("hma", ["users", "orders"], {"x": 1})
    assert info.real_rows == {"users": 50, "orders": 200}
    assert info.main_table == "users"
    assert set(info.metadata["tables"]) == {"users", "orders"}
    assert info.notes[0].startswith("users.code: 50 value(s) seen in fewer than 5 rows")
    assert info.notes[-1] == "a note of the fit"
    assert info.formats is not None and info.epochs_used is None


def test_a_budget_note_only_when_it_cut_training_short():
    info = FitInfo("ctgan", ["t"], {}, epochs_used=7)
    info.note_budget(0.0, 300)
    info.note_budget(2.5, 7)
    assert info.notes == []
    info.note_budget(2.5, 300)
    assert info.notes == ["The 2.5-minute budget allowed 7 of 300 epochs."]


@pytest.fixture
def fitted(shop):
    return synthesis.fit("gaussian_copula", Schema.detect(shop), shop)


def test_sample_takes_rows_of_the_main_table_or_a_scale_of_every_table(fitted):
    assert fitted.multi_table and fitted.main_table == "users"
    by_rows = fitted.sample(rows=10, seed=0)
    assert (len(by_rows["users"]), len(by_rows["orders"])) == (10, 40)
    by_scale = fitted.sample(scale=0.5, seed=0)
    assert (len(by_scale["users"]), len(by_scale["orders"])) == (25, 100)
    assert len(fitted.sample(seed=0)["users"]) == 50


def test_the_same_seed_gives_the_same_tables(fitted):
    one, again, other = (fitted.sample(rows=10, seed=s) for s in (3, 3, 4))
    pd.testing.assert_frame_equal(one["orders"], again["orders"])
    assert not one["orders"].equals(other["orders"])


@pytest.mark.parametrize("rows, scale, message", [
    (5, 1.0, "either a number of rows or a scale factor, not both"),
    (0, None, "number of rows must be at least 1, not 0"),
    (None, 0.0, "scale factor must be above 0, not 0.0"),
    (None, float("nan"), "scale factor must be above 0, not nan"),
])
def test_impossible_sizes_are_refused_saying_why(fitted, rows, scale, message):
    with pytest.raises(ModelError, match=message):
        fitted.sample(rows=rows, scale=scale)
