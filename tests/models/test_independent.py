"""A single-table model on related tables: each table fitted alone, then every foreign key
redrawn from the synthetic parents with the real children-per-parent counts and null share."""

import numpy as np
import pandas as pd

from syndata import synthesis
from syndata.metadata import Relationship, Schema
from syndata.models.independent import IndependentModel, _one_to_one


def _few_parents() -> dict[str, pd.DataFrame]:
    """50 users of whom only 10 place orders; a quarter of the orders name no user."""
    rng = np.random.default_rng(5)
    users = pd.DataFrame({"user_id": range(1, 51), "age": rng.integers(18, 80, 50)})
    buyer = pd.array(rng.integers(1, 11, 200), dtype="Int64")
    buyer[rng.permutation(200)[:50]] = pd.NA
    orders = pd.DataFrame({"order_id": range(1, 201), "user_id": buyer,
                           "amount": rng.gamma(2, 10, 200).round(2)})
    return {"users": users, "orders": orders}


def _schema(tables) -> Schema:
    schema = Schema.detect(tables)
    for rel in list(schema.relationships):
        schema.remove_relationship(rel)
    schema.set_primary_key("users", "user_id")
    schema.set_primary_key("orders", "order_id")
    schema.add_relationship("users", "orders", "user_id")
    return schema


def test_key_statistics_count_children_per_parent_and_null_references():
    tables = _few_parents()
    schema = _schema(tables)
    degrees, nulls = IndependentModel.key_statistics(schema, tables)
    [orders] = schema.relationships
    assert len(degrees[orders]) == 50 and degrees[orders].sum() == 150
    assert (degrees[orders] == 0).sum() == 40 and nulls[orders] == 0.25


def test_redrawn_keys_keep_the_null_share_and_the_few_parents_with_children():
    tables = _few_parents()
    schema = _schema(tables)
    model = synthesis.fit("gaussian_copula", schema, tables)
    events = []
    out = model.sample(seed=2, progress=events.append)
    buyer = out["orders"]["user_id"]
    assert 0.15 < buyer.isna().mean() < 0.35
    assert buyer.dropna().isin(out["users"]["user_id"]).all()
    assert buyer.nunique() <= 25, "40 of 50 real users have no order"
    assert [e.message for e in events][-1] == "keys rebuilt" and events[-1].fraction == 1.0
    assert [e.message for e in events][:2] == ["sampling users", "sampling orders"]


def test_a_one_to_one_child_gets_distinct_parent_keys_and_no_more_rows_than_parents():
    rng = np.random.default_rng(1)
    users = pd.DataFrame({"user_id": [f"u{i}" for i in range(30)]})
    profiles = pd.DataFrame({"user_id": ["x"] * 40, "score": rng.normal(size=40)})
    rel = Relationship("users", "user_id", "profiles", "user_id")
    out = _one_to_one({"users": users, "profiles": profiles}, rel, rng)
    assert len(out) == 30 and out["user_id"].is_unique
    assert set(out["user_id"]) == set(users["user_id"])
    assert out["score"].equals(profiles["score"].head(30))


def test_the_groups_notes_hold_each_tables_own_once():
    tables = _few_parents()
    tables["users"] = tables["users"].assign(code=[f"AB-{i:04d}" for i in range(50)])
    schema = _schema(tables)
    schema.set_sdtype("users", "code", "categorical")
    model = synthesis.fit("gaussian_copula", schema, tables)
    masked = [n for n in model.info.notes if n.startswith("users.code: 50 value(s)")]
    assert len(masked) == 1 and masked[0] in model.parts["users"].info.notes
    assert "foreign keys were redrawn" in model.info.notes[0]
    assert list(model.parts) == ["users", "orders"]
