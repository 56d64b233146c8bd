"""The SDV families through SDV: column names SDV uses internally, HMA's progress and cancel."""

import pickle

import numpy as np
import pandas as pd
import pytest

from syndata import synthesis
from syndata.errors import CancelledError
from syndata.metadata import Schema
from syndata.models.sdv_names import ColumnNames


def _customers_orders(parent_extra: str, child_extra: str) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(0)
    customers = pd.DataFrame({"cust_id": range(20), "age": rng.integers(18, 80, 20)})
    customers[parent_extra] = rng.normal(size=20).round(3)
    orders = pd.DataFrame({"order_id": range(60), "cust_id": rng.integers(0, 20, 60),
                           "amount": rng.gamma(2, 10, 60).round(2)})
    orders[child_extra] = rng.normal(size=60).round(3)
    return {"customers": customers, "orders": orders}


@pytest.mark.parametrize("parent_extra, child_extra", [
    ("__orders__cust_id__num_rows", "__orders__cust_id__num_rows"),
    ("__orders__cust_id__univariates__amount__a", "sdv__x"),
])
def test_hma_fits_columns_named_like_its_own_and_keeps_the_names(parent_extra, child_extra):
    tables = _customers_orders(parent_extra, child_extra)
    schema = Schema.detect(tables)
    model = pickle.loads(pickle.dumps(synthesis.fit("hma", schema, tables)))
    out = model.sample(seed=0)
    assert list(out["customers"].columns) == list(tables["customers"].columns)
    assert list(out["orders"].columns) == list(tables["orders"].columns)
    assert out["customers"][parent_extra].notna().all()
    assert out["orders"]["cust_id"].isin(out["customers"]["cust_id"]).all()


def test_hma_key_columns_named_like_its_own_are_renamed_in_relationships():
    rng = np.random.default_rng(1)
    key = "__orders__k__num_rows"  # the parent's key, named as HMA names the child count
    tables = {
        "customers": pd.DataFrame({key: range(15), "age": rng.integers(18, 80, 15)}),
        "orders": pd.DataFrame({"order_id": range(45), "k": rng.integers(0, 15, 45),
                                "amount": rng.gamma(2, 10, 45).round(2)}),
    }
    schema = Schema.detect(tables)
    for rel in list(schema.relationships):
        schema.remove_relationship(rel)
    schema.set_primary_key("customers", key)
    schema.add_relationship("customers", "orders", "k")
    out = synthesis.fit("hma", schema, tables).sample(seed=0)
    assert list(out["customers"].columns) == [key, "age"]
    assert out["orders"]["k"].isin(out["customers"][key]).all()


def test_single_table_models_restore_renamed_columns_too():
    tables = _customers_orders("__orders__cust_id__num_rows", "x")
    schema = Schema.detect(tables).subset(["customers"])
    out = synthesis.fit("gaussian_copula", schema, tables).sample(rows=5, seed=0)
    assert list(out["customers"].columns) == list(tables["customers"].columns)


def test_renamed_columns_are_unique_and_free_of_the_separator():
    frame = pd.DataFrame(columns=["a__b", "a_b", "__", "a___b", 3])
    names = ColumnNames.plan({"t": frame})
    mapping = names.renamed["t"]
    assert mapping == {"a__b": "a_b_2", "__": "column", "a___b": "a_b_3"}
    renamed = names.to_sdv({"t": frame})["t"]
    assert renamed.columns.is_unique
    assert list(names.restore({"t": renamed})["t"].columns) == list(frame.columns)
    assert not ColumnNames.plan({"t": pd.DataFrame(columns=["a", "b_c"])})


def _fit_events(tables, cancel_after=None):
    events = []

    def cancel():
        return cancel_after is not None and len(events) >= cancel_after

    schema = Schema.detect(tables)
    model = synthesis.fit("hma", schema, tables, progress=events.append, cancel=cancel)
    return model, events


def test_hma_reports_each_table_and_relationship_with_a_rising_fraction():
    tables = _customers_orders("score", "x")
    model, events = _fit_events(tables)
    messages = [e.message for e in events]
    assert "preparing table customers (1 of 2)" in messages
    assert "preparing table orders (2 of 2)" in messages
    assert any(m.startswith("learning orders per customers row (1 of 1 relationships): ")
               and m.endswith(" parents") for m in messages)
    assert "modelling table customers (1 of 2)" in messages
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(set(fractions)) >= 6

    sampled = []
    model.sample(seed=0, progress=sampled.append)
    texts = [e.message for e in sampled]
    assert "sampling table customers (1 of 2)" in texts
    assert any(t.startswith("sampling table orders (2 of 2): ") for t in texts)
    fractions = [e.fraction for e in sampled]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert not hasattr(model.synthesizer, "_pending")


@pytest.mark.parametrize("cancel_after", [1, 4])
def test_hma_fit_can_be_cancelled_between_tables_and_parents(cancel_after):
    tables = _customers_orders("score", "x")
    with pytest.raises(CancelledError):
        _fit_events(tables, cancel_after=cancel_after)
