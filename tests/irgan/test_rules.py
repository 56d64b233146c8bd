"""Column rules: found in the real rows, listed, switchable off, kept on every sampled row."""

import copy

import numpy as np
import pandas as pd
import pytest

from irgan import IRGANConfig, IRGANSynthesizer, TrainingError
from irgan.rules import RuleSet, measure
from irgan.schema import Schema

CITIES = {"Lyon": "FR", "Nice": "FR", "Porto": "PT", "Faro": "PT", "Bonn": "DE", "Kiel": "DE"}
EXPECTED = {
    "customers: city -> country",
    "orders: ordered <= shipped",
    "orders: total = sum(items.amount)",
    "items: amount = qty * price",
}


def shop(seed: int = 0, customers: int = 60, orders: int = 200, items: int = 500):
    """customers -> orders -> items with a dependency, a date order, a product and a sum."""
    rng = np.random.default_rng(seed)
    city = rng.choice(list(CITIES), customers)
    cust = pd.DataFrame({
        "customer_id": np.arange(customers),
        "city": city,
        "country": [CITIES[c] for c in city],
        "age": rng.integers(18, 80, customers),
    })
    ordered = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, orders), "D")
    shipped = ordered + pd.to_timedelta(rng.integers(0, 20, orders), "D")
    shipped = pd.Series(shipped.strftime("%Y-%m-%d")).where(rng.uniform(size=orders) > 0.1)
    order = pd.DataFrame({
        "order_id": np.arange(orders),
        "customer_id": rng.integers(0, customers, orders),
        "ordered": ordered.strftime("%Y-%m-%d"),
        "shipped": shipped,
        "channel": rng.choice(["web", "shop"], orders),
    })
    item = pd.DataFrame({
        "item_id": np.arange(items),
        "order_id": rng.integers(0, orders, items),
        "qty": rng.integers(1, 6, items),
        "price": rng.choice([1.25, 2.5, 9.99, 14.0, 30.5], items),
    })
    item["amount"] = (item["qty"] * item["price"]).round(2)
    sums = item.groupby("order_id")["amount"].sum()
    order["total"] = order["order_id"].map(sums).fillna(0.0).round(2)
    date = {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"}
    meta = {
        "tables": {
            "customers": {"primary_key": "customer_id", "columns": {
                "customer_id": {"sdtype": "id"}, "city": {"sdtype": "categorical"},
                "country": {"sdtype": "categorical"}, "age": {"sdtype": "numerical"}}},
            "orders": {"primary_key": "order_id", "columns": {
                "order_id": {"sdtype": "id"}, "customer_id": {"sdtype": "id"},
                "ordered": date, "shipped": date, "channel": {"sdtype": "categorical"},
                "total": {"sdtype": "numerical"}}},
            "items": {"primary_key": "item_id", "columns": {
                "item_id": {"sdtype": "id"}, "order_id": {"sdtype": "id"},
                "qty": {"sdtype": "numerical"}, "price": {"sdtype": "numerical"},
                "amount": {"sdtype": "numerical"}}},
        },
        "relationships": [
            {"parent_table_name": "customers", "parent_primary_key": "customer_id",
             "child_table_name": "orders", "child_foreign_key": "customer_id"},
            {"parent_table_name": "orders", "parent_primary_key": "order_id",
             "child_table_name": "items", "child_foreign_key": "order_id"},
        ],
    }
    return {"customers": cust, "orders": order, "items": item}, meta


CONFIG = {"epochs": 1, "hidden_size": 32, "min_steps_per_epoch": 1, "device": "cpu", "seed": 0}


@pytest.fixture(scope="module")
def data():
    return shop()


@pytest.fixture(scope="module")
def fitted(data):
    tables, meta = data
    model = IRGANSynthesizer(meta, IRGANConfig(**CONFIG))
    model.fit(tables)
    return model


def test_the_real_rules_are_found_and_nothing_trivial(data):
    tables, meta = data
    tables = dict(tables)
    tables["customers"] = tables["customers"].assign(twin=tables["customers"]["age"])
    meta = copy.deepcopy(meta)
    meta["tables"]["customers"]["columns"]["twin"] = {"sdtype": "numerical"}
    rules = RuleSet.find(Schema.from_metadata(meta), tables)
    assert {rule.id for rule in rules.kept} == EXPECTED
    assert set(measure(rules.kept, tables).values()) == {1.0}


def test_every_rule_holds_on_every_sampled_row_and_keys_stay_valid(fitted):
    for seed, scale in ((1, 1.0), (2, 2.0)):
        out = fitted.sample(scale=scale, seed=seed)
        assert set(measure(fitted.rules.kept, out).values()) == {1.0}
        assert out["items"]["order_id"].isin(out["orders"]["order_id"]).all()
        assert list(out["orders"].columns) == list(fitted.schema.tables["orders"].columns)


def test_sums_of_children_are_rewritten_from_the_generated_children(fitted):
    out = fitted.sample(seed=3)
    sums = out["items"].groupby("order_id")["amount"].sum()
    expected = out["orders"]["order_id"].map(sums).fillna(0.0)
    assert np.allclose(out["orders"]["total"], expected, atol=0.006)


def test_the_real_null_pattern_is_kept(fitted, data):
    real = data[0]["orders"]["shipped"].isna().mean()
    out = fitted.sample(scale=3.0, seed=4)["orders"]
    assert 0.02 < out["shipped"].isna().mean() < 0.3 and 0.02 < real < 0.3
    assert pd.to_datetime(out["shipped"], format="%Y-%m-%d").notna().sum() > 0


def test_the_notes_list_each_rule_with_its_real_rows(fitted):
    (line,) = fitted.rules.notes()
    assert "held on 100% of the real rows" in line
    assert "orders: ordered <= shipped (" in line
    assert "items: amount = qty * price (500 rows)" in line


def test_a_switched_off_rule_is_listed_and_not_enforced(data):
    tables, meta = data
    off = ("orders: ordered<=shipped",)
    model = IRGANSynthesizer(meta, IRGANConfig(**CONFIG, rules_off=off))
    model.fit(tables)
    assert {r.id for r in model.rules.kept} == EXPECTED - {"orders: ordered <= shipped"}
    assert "Column rules switched off: orders: ordered <= shipped." in model.notes
    out = model.sample(scale=3.0, seed=5)
    order = RuleSet.find(Schema.from_metadata(meta), tables).kept
    shares = measure(order, out)
    assert shares["orders: ordered <= shipped"] < 1.0
    assert shares["items: amount = qty * price"] == 1.0


def test_all_rules_off_searches_none(data):
    tables, meta = data
    rules = RuleSet.find(Schema.from_metadata(meta), tables, enabled=False)
    assert rules.kept == [] and rules.notes() == [
        "Column rules switched off: none were searched for."
    ]


def test_an_unknown_rule_id_is_refused_with_the_rules_found(data):
    tables, meta = data
    with pytest.raises(TrainingError, match=r"orders: shipped <= ordered .*Rules found: .*"
                       r"orders: ordered <= shipped"):
        RuleSet.find(Schema.from_metadata(meta), tables, off=("orders: shipped <= ordered",))


def test_rules_off_must_be_a_tuple_of_ids():
    with pytest.raises(TrainingError, match="rules_off must be a tuple"):
        IRGANConfig(rules_off="orders: ordered <= shipped")


def test_save_and_load_keep_the_rules(fitted, tmp_path):
    path = tmp_path / "model.irgan"
    fitted.save(path)
    loaded = IRGANSynthesizer.load(path, device="cpu")
    assert [r.id for r in loaded.rules.kept] == [r.id for r in fitted.rules.kept]
    for name, frame in fitted.sample(seed=6).items():
        pd.testing.assert_frame_equal(frame, loaded.sample(seed=6)[name])


def test_learned_tables_give_the_real_rows_back(data):
    """prepare -> restore is the identity on real rows (gaps, free values, dependencies)."""
    tables, meta = data
    orders = tables["orders"].copy()
    orders.loc[:9, "ordered"] = None  # no bound: the shipped date is learned as it is
    tables = dict(tables, orders=orders)
    schema = Schema.from_metadata(meta)
    rules = RuleSet.find(schema, tables)
    learned, schemas = rules.prepare(schema, tables)
    assert learned["customers"] is tables["customers"]  # a dependent column is still learned
    assert schemas["orders"].columns["shipped"] == {"sdtype": "numerical"}
    assert (learned["orders"]["shipped"].dropna() >= 0).all()
    rng = np.random.default_rng(0)
    for name, frame in learned.items():
        back = rules.restore_table(name, frame, rng)
        pd.testing.assert_frame_equal(back, tables[name], check_dtype=False)


def test_an_order_the_ranges_nearly_imply_is_raised_not_modelled_as_a_gap():
    rng = np.random.default_rng(0)
    day = rng.integers(1, 29, 400)
    minutes = rng.integers(25, 600, 400)
    df = pd.DataFrame({"day": day, "minutes": minutes})
    meta = {"tables": {"t": {"columns": {"day": {"sdtype": "numerical"},
                                         "minutes": {"sdtype": "numerical"}}}},
            "relationships": []}
    schema = Schema.from_metadata(meta)
    rules = RuleSet.find(schema, {"t": df})
    assert [r.id for r in rules.kept] == ["t: day <= minutes"]
    learned, _ = rules.prepare(schema, {"t": df})
    pd.testing.assert_frame_equal(learned["t"], df)
    broken = pd.DataFrame({"day": [20, 3], "minutes": [10, 40]})
    out = rules.restore_table("t", broken, rng)
    assert out["minutes"].tolist() == [20, 40]
