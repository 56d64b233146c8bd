"""The cart family: sequential scikit-learn trees, values drawn from leaves of real rows."""

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from syndata import synthesis
from syndata.errors import ModelError
from syndata.metadata import Schema
from tests.app.conftest import HOME, click, select
from tests.commands.running import cli


def _one_table(rows: int = 400) -> tuple[Schema, dict[str, pd.DataFrame]]:
    rng = np.random.default_rng(0)
    size = rng.choice(["S", "M", "L"], rows)
    price = np.select([size == "S", size == "M"], [10.0, 20.0], 30.0) + rng.normal(0, 1, rows)
    tables = {"items": pd.DataFrame({
        "item_id": range(1, rows + 1),
        "size": size,
        "price": price.round(2),
        "weight": np.where(rng.random(rows) < 0.1, np.nan, rng.gamma(2, 3, rows).round(1)),
        "sold": pd.date_range("2024-01-01", periods=rows, freq="h").strftime("%Y-%m-%d %H:%M"),
    })}
    schema = Schema.detect(tables)
    schema.set_sdtype("items", "size", "categorical")
    return schema, tables


def _parent_child(parents: int = 150) -> tuple[Schema, dict[str, pd.DataFrame]]:
    """shops -> sales: bigger shops have more and larger sales; some sales have no shop."""
    rng = np.random.default_rng(1)
    size = rng.gamma(2, 2, parents).round(1) + 1
    shops = pd.DataFrame({"shop_id": [f"S{i:04d}" for i in range(parents)],
                          "size": size, "region": rng.choice(["n", "s"], parents)})
    counts = rng.poisson(size)
    owner = np.repeat(np.arange(parents), counts)
    sales = pd.DataFrame({
        "sale_id": range(1, len(owner) + 1),
        "shop_id": shops["shop_id"].to_numpy()[owner].astype(object),
        "amount": (10 * size[owner] + rng.normal(0, 2, len(owner))).round(2),
    })
    sales.loc[rng.random(len(sales)) < 0.1, "shop_id"] = None
    tables = {"shops": shops, "sales": sales}
    schema = Schema.detect(tables)
    schema.set_sdtype("shops", "region", "categorical")
    if not schema.relationships:
        schema.add_relationship("shops", "sales", "shop_id")
    return schema, tables


def test_the_same_seeds_give_the_same_tables_and_another_sample_seed_others():
    schema, tables = _one_table()
    first = synthesis.fit("cart", schema, tables, {"seed": 3}).sample(seed=7)["items"]
    again = synthesis.fit("cart", schema, tables, {"seed": 3}).sample(seed=7)["items"]
    pd.testing.assert_frame_equal(first, again)
    other = synthesis.fit("cart", schema, tables, {"seed": 3}).sample(seed=8)["items"]
    assert not first[["size", "price"]].equals(other[["size", "price"]])


def test_values_come_from_real_rows_of_leaves_of_at_least_the_minimum_size():
    schema, tables = _one_table()
    model = synthesis.fit("cart", schema, tables, {"min_leaf": 8})
    real = tables["items"]
    out = model.sample(rows=1_000, seed=0)["items"]
    assert len(out) == 1_000 and list(out.columns) == list(real.columns)
    for column in ("size", "price", "weight", "sold"):
        assert out[column].dropna().isin(real[column].dropna()).all(), column
    assert 0.03 < out["weight"].isna().mean() < 0.2
    trees = model.tables["items"].trees
    for column, draw in trees.draws.items():
        if column == trees.columns[0]:
            assert draw.tree is None and draw.count.tolist() == [len(real)]  # the marginal
            continue
        leaves = draw.tree.tree_.children_left == -1
        assert leaves.sum() > 1 and (draw.count[leaves] >= 8).all(), column
    by_size = out.groupby("size")["price"].mean()
    assert by_size["S"] < by_size["M"] < by_size["L"]


def test_by_default_every_leaf_holds_at_least_25_real_rows():
    """The default that keeps the membership advantage under 0.05 (bench/privacy_attacks.py)."""
    from syndata.models.cart import DEFAULT_MIN_LEAF

    schema, tables = _one_table()
    trees = synthesis.fit("cart", schema, tables).tables["items"].trees
    assert DEFAULT_MIN_LEAF == 25
    for column in trees.columns[1:]:
        draw = trees.draws[column]
        leaves = draw.tree.tree_.children_left == -1
        assert leaves.sum() > 1 and (draw.count[leaves] >= DEFAULT_MIN_LEAF).all(), column


def test_keys_are_new_and_unique():
    schema, tables = _one_table()
    out = synthesis.fit("cart", schema, tables).sample(seed=0)["items"]
    assert out["item_id"].is_unique


def test_a_leaf_under_five_rows_is_refused_with_what_to_do():
    schema, tables = _one_table()
    with pytest.raises(ModelError, match="Minimum leaf size must be at least 5"):
        synthesis.fit("cart", schema, tables, {"min_leaf": 4})
    small = {"items": tables["items"].head(3)}
    with pytest.raises(ModelError, match="at least 5 real rows; items has 3"):
        synthesis.fit("cart", schema, small)


def test_the_fewest_distinct_order_fits_and_is_offered_by_name():
    schema, tables = _one_table()
    model = synthesis.fit("cart", schema, tables, {"column_order": "fewest distinct first"})
    assert model.tables["items"].trees.columns[0] == "size"
    with pytest.raises(ModelError, match="Column order must be one of"):
        synthesis.fit("cart", schema, tables, {"column_order": "random"})


def test_children_point_at_synthetic_parents_in_plausible_numbers():
    schema, tables = _parent_child()
    out = synthesis.fit("cart", schema, tables).sample(scale=2.0, seed=0)
    shops, sales = out["shops"], out["sales"]
    assert len(shops) == 2 * len(tables["shops"]) and shops["shop_id"].is_unique
    present = sales["shop_id"].dropna()
    assert present.isin(shops["shop_id"]).all()
    assert 0.05 < sales["shop_id"].isna().mean() < 0.16
    real_per_parent = len(tables["sales"]) / len(tables["shops"])
    assert 0.8 < len(sales) / len(shops) / real_per_parent < 1.2
    counts = present.value_counts().reindex(shops["shop_id"], fill_value=0)
    real_counts = tables["sales"]["shop_id"].value_counts()
    assert counts.max() <= real_counts.max()


def test_a_child_column_keeps_its_dependence_on_the_parent_row():
    schema, tables = _parent_child()
    out = synthesis.fit("cart", schema, tables).sample(seed=0)
    joined = out["sales"].merge(out["shops"], on="shop_id")
    assert joined["amount"].corr(joined["size"]) > 0.8
    per_shop = joined.groupby("shop_id").size()
    sizes = out["shops"].set_index("shop_id")["size"].reindex(per_shop.index)
    assert per_shop.corr(sizes) > 0.3


def test_the_cli_synthesizes_with_cart(shop, tmp_path):
    folder, out = tmp_path / "shop", tmp_path / "out"
    folder.mkdir()
    for name, frame in shop.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    result = cli("synthesize", "--data", str(folder), "--model", "cart", "--set",
                 "min_leaf=6", "--out", str(out))
    assert result.returncode == 0, result.stderr
    users, orders = (pd.read_csv(out / f"{n}.csv") for n in ("users", "orders"))
    assert len(users) == 50 and orders["user_id"].isin(users["user_id"]).all()


def test_the_fit_page_offers_cart_with_its_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_WORKSPACE_ROOT", str(tmp_path / "sessions"))
    app = AppTest.from_file(HOME, default_timeout=120)
    app.run()
    select(app, "Demo", "wine")
    click(app, "Load demo")
    app.switch_page("pages/fit.py").run()
    model = next(s for s in app.selectbox if s.label == "Model")
    assert "CART (ours, scikit-learn trees)" in model.options
    select(app, "Model", "cart")
    leaf = next(n for n in app.number_input if n.label == "Minimum leaf size")
    assert leaf.value == 25 and leaf.min == 5
    assert any(s.label == "Column order" for s in app.selectbox)
    app.session_state["syndata"].workspace.close()


def test_a_second_parent_is_the_nearest_synthetic_one_to_a_real_parent_from_a_leaf():
    """sales -> shops (many) and -> regions (few, nullable): the fee follows the region's rate."""
    schema, tables = _parent_child()
    rng = np.random.default_rng(2)
    regions = pd.DataFrame({"region_id": range(1, 21), "rate": rng.uniform(0.05, 0.25, 20)})
    sales = tables["sales"]
    picked = rng.integers(0, 20, len(sales))
    sales["region_id"] = pd.array(regions["region_id"].to_numpy()[picked], dtype="Int64")
    sales["fee"] = (100 * regions["rate"].to_numpy()[picked]
                    + rng.normal(0, 0.5, len(sales))).round(2)
    sales.loc[rng.random(len(sales)) < 0.15, "region_id"] = pd.NA
    tables = {**tables, "regions": regions, "sales": sales}
    schema = Schema.detect(tables)
    if not any(r.parent == "regions" for r in schema.relationships):
        schema.add_relationship("regions", "sales", "region_id")
    if not any(r.parent == "shops" for r in schema.relationships):
        schema.add_relationship("shops", "sales", "shop_id")
    model = synthesis.fit("cart", schema, tables)
    assert any("region_id point at the synthetic parents nearest" in n for n in model.info.notes)
    out = model.sample(seed=0)
    region = out["sales"]["region_id"]
    assert region.dropna().isin(out["regions"]["region_id"]).all()
    assert 0.08 < region.isna().mean() < 0.25
    joined = out["sales"].merge(out["regions"], on="region_id")
    assert joined["fee"].corr(joined["rate"]) > 0.7
    per_region = region.value_counts()
    assert per_region.max() < 3 * len(region.dropna()) / len(out["regions"])


def test_the_memory_estimate_grows_with_rows_and_shrinks_with_larger_leaves():
    from syndata.models import get_family

    family = get_family("cart")
    schema, small = _one_table(400)
    _, large = _one_table(4_000)
    base = family.fixed_memory
    assert (family.estimate_memory(schema, large, {}) - base
            > 5 * (family.estimate_memory(schema, small, {}) - base))
    assert (family.estimate_memory(schema, large, {"min_leaf": 50})
            < family.estimate_memory(schema, large, {"min_leaf": 5}))
