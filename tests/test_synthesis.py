import pandas as pd
import pytest

from syndata import synthesis
from syndata.errors import CancelledError, ModelError, ValidationError
from syndata.metadata import Schema


def _valid_keys(tables, schema):
    for rel in schema.relationships:
        fk = tables[rel.child][rel.child_key].dropna()
        assert fk.isin(tables[rel.parent][rel.parent_key]).all(), rel.label()
    for name, table in schema.tables.items():
        if table.primary_key:
            assert tables[name][table.primary_key].is_unique


def test_gaussian_copula_rows_seed_and_columns(shop):
    schema = Schema.detect(shop).subset(["users"])
    model = synthesis.fit("gaussian_copula", schema, shop)
    a = model.sample(rows=30, seed=1)["users"]
    b = model.sample(rows=30, seed=1)["users"]
    c = model.sample(rows=30, seed=2)["users"]
    assert list(a.columns) == list(shop["users"].columns) and len(a) == 30
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert set(a["country"]) <= {"US", "UK", "FR"}
    assert len(model.sample(scale=2.0, seed=0)["users"]) == 100


def test_ctgan_reports_epochs_and_loss(shop):
    events = []
    schema = Schema.detect(shop).subset(["orders"])
    model = synthesis.fit("ctgan", schema, shop, {"epochs": 2, "batch_size": 50},
                          progress=events.append)
    epochs = [e for e in events if e.epoch]
    assert [e.epoch for e in epochs] == [1, 2] and epochs[-1].loss is not None
    assert model.info.epochs_used == 2 and model.info.device == "cpu"
    assert len(model.sample(rows=7, seed=0)["orders"]) == 7


def test_cancel_stops_a_gan_fit(shop):
    schema = Schema.detect(shop).subset(["orders"])
    with pytest.raises(CancelledError):
        synthesis.fit("tvae", schema, shop, {"epochs": 50}, cancel=lambda: True)


def test_time_budget_stops_early(shop):
    schema = Schema.detect(shop).subset(["orders"])
    model = synthesis.fit("copulagan", schema, shop,
                          {"epochs": 10_000, "time_budget_minutes": 0.02})
    assert 1 <= model.info.epochs_used < 10_000
    assert any("budget allowed" in note for note in model.info.notes)


def test_hma_on_related_tables_keeps_keys_valid(shop):
    schema = Schema.detect(shop)
    model = synthesis.fit("hma", schema, shop)
    out = model.sample(scale=0.5, seed=0)
    assert len(out["users"]) == 25
    _valid_keys(out, schema)
    assert model.main_table == "users"


def test_single_table_model_on_a_group_rebuilds_keys(shop):
    schema = Schema.detect(shop)
    model = synthesis.fit("gaussian_copula", schema, shop)
    out = model.sample(seed=3)
    assert {t: len(v) for t, v in out.items()} == {"users": 50, "orders": 200}
    _valid_keys(out, schema)
    assert "foreign keys were redrawn" in model.info.notes[0]


def test_hma_refuses_deep_schemas_before_fitting():
    tables = {f"t{i}": pd.DataFrame({"id": range(10), "parent": range(10)}) for i in range(4)}
    schema = Schema.detect(tables)
    schema.relationships.clear()
    for i in range(4):
        schema.set_primary_key(f"t{i}", "id")
    for i in range(3):
        schema.add_relationship(f"t{i}", f"t{i + 1}", "parent")
    with pytest.raises(ModelError, match="depth 4. Use IRGAN"):
        synthesis.fit("hma", schema, tables)


def test_invalid_data_is_refused_with_every_problem(shop):
    schema = Schema.detect(shop)
    users = shop["users"].copy()
    users.loc[0, "user_id"] = 2
    orders = shop["orders"].copy()
    orders.loc[0, "user_id"] = 777
    with pytest.raises(ValidationError) as info:
        synthesis.fit("hma", schema, {"users": users, "orders": orders})
    assert len(info.value.problems) == 2


def test_multi_table_model_needs_several_tables(shop):
    with pytest.raises(ModelError, match="needs a group"):
        synthesis.fit("hma", Schema.detect(shop).subset(["users"]), shop)


def test_copulagan_takes_a_text_id_that_is_not_the_key(shop):
    orders = shop["orders"].assign(user_id=shop["orders"]["user_id"].map("U{:03d}".format))
    schema = Schema.detect({"orders": orders})
    schema.set_sdtype("orders", "user_id", "id")
    model = synthesis.fit("copulagan", schema, {"orders": orders}, {"epochs": 1})
    out = model.sample(rows=10, seed=0)["orders"]
    assert out["user_id"].str.match(r"U\d{3}").all()
