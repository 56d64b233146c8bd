"""Lookup and reference tables in IRGAN: labels kept as a permutation, tables copied as is."""

import numpy as np
import pandas as pd
import pytest

from irgan import IRGANConfig, IRGANSynthesizer, SchemaError
from irgan.lookup import LOOKUP_MAX_ROWS, label_columns
from irgan.schema import Schema

FAST = IRGANConfig(epochs=1, batch_size=100, device="cpu", hidden_size=32,
                   min_steps_per_epoch=1)
_CITIES = ["Oslo", "Rome", "Lima", "Kyiv", "Doha", "Baku", "Riga", "Bern", "Suva", "Apia"]


def _database() -> tuple[dict[str, pd.DataFrame], dict]:
    """kinds: key + distinct labels; shops: distinct names with other columns; sales."""
    rng = np.random.default_rng(0)
    kinds = pd.DataFrame({"kind_id": [1, 2, 3, 4], "label": ["food", "tools", "toys", "books"]})
    shops = pd.DataFrame({
        "shop_id": [f"S{i:03d}" for i in range(40)],
        "name": [f"{c} {s}" for c in _CITIES for s in ("North", "South", "East", "West")],
        "size": rng.integers(10, 500, 40),
        "region": rng.choice(["a", "b"], 40),
    })
    sales = pd.DataFrame({
        "sale_id": np.arange(300),
        "shop_id": rng.choice(shops.shop_id, 300),
        "kind_id": rng.choice(kinds.kind_id, 300),
        "amount": rng.gamma(2.0, 10.0, 300).round(2),
    })
    idt, cat, num = {"sdtype": "id"}, {"sdtype": "categorical"}, {"sdtype": "numerical"}
    meta = {
        "tables": {
            "kinds": {"primary_key": "kind_id", "columns": {"kind_id": idt, "label": cat}},
            "shops": {"primary_key": "shop_id", "columns": {
                "shop_id": idt, "name": cat, "size": num, "region": cat}},
            "sales": {"primary_key": "sale_id", "columns": {
                "sale_id": idt, "shop_id": idt, "kind_id": idt, "amount": num}},
        },
        "relationships": [
            {"parent_table_name": p, "parent_primary_key": k, "child_table_name": "sales",
             "child_foreign_key": k}
            for p, k in (("shops", "shop_id"), ("kinds", "kind_id"))
        ],
    }
    return {"kinds": kinds, "shops": shops, "sales": sales}, meta


@pytest.fixture(scope="module")
def lookup_fit():
    tables, meta = _database()
    synth = IRGANSynthesizer(meta, FAST)
    synth.fit(tables)
    return synth, tables


def _keys_valid(out: dict[str, pd.DataFrame]) -> bool:
    return all(out["sales"][k].isin(out[p][k]).all()
               for p, k in (("shops", "shop_id"), ("kinds", "kind_id")))


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_lookup_labels_are_a_permutation_at_any_scale(lookup_fit, scale):
    synth, tables = lookup_fit
    out = synth.sample(scale=scale, seed=3)
    assert sorted(out["shops"]["name"]) == sorted(tables["shops"]["name"])
    assert list(out["shops"].columns) == list(tables["shops"].columns)
    assert not out["shops"]["name"].equals(tables["shops"]["name"])
    pd.testing.assert_frame_equal(out["kinds"], tables["kinds"])
    assert len(out["sales"]) == round(300 * scale)
    assert _keys_valid(out)


def test_lookup_tables_are_named_in_the_notes(lookup_fit):
    notes = " ".join(lookup_fit[0].notes)
    assert "kinds: a lookup table of a key and distinct labels (label)" in notes
    assert "shops: a lookup table (40 rows, labels name); each label appears as often" in notes


def test_a_reference_table_is_copied_and_its_children_point_at_it():
    tables, meta = _database()
    meta["tables"]["shops"]["reference"] = True
    synth = IRGANSynthesizer(meta, FAST)
    synth.fit(tables)
    out = synth.sample(scale=2.0, seed=1)
    pd.testing.assert_frame_equal(out["shops"], tables["shops"])
    assert _keys_valid(out) and len(out["sales"]) == 600
    assert synth.notes == ["kinds: a lookup table of a key and distinct labels (label); its 4 "
                           "rows are output as they are, keys included, and its children "
                           "point at them."]


def test_a_reference_table_needs_its_parents_marked_too():
    tables, meta = _database()
    meta["tables"]["sales"]["reference"] = True
    with pytest.raises(SchemaError, match="sales is a reference table but its parent kinds, "
                       "shops is not"):
        IRGANSynthesizer(meta, FAST)


def test_no_lookup_for_a_single_table_a_large_table_or_repeated_values():
    tables, meta = _database()
    shops = Schema.from_metadata(meta).tables["shops"]
    assert label_columns(shops, tables["shops"], tables=3) == ["name"]
    assert label_columns(shops, tables["shops"], tables=1) == []
    big = pd.concat([tables["shops"]] * (LOOKUP_MAX_ROWS // 40 + 1), ignore_index=True)
    big["name"] = [f"shop {i}" for i in range(len(big))]
    assert label_columns(shops, big, tables=3) == []
    repeated = tables["shops"].assign(name=tables["shops"]["name"].str.split().str[0])
    assert label_columns(shops, repeated, tables=3) == []
