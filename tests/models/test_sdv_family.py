"""The SDV families through SDV: columns named like SDV's own internal names are fitted
and come back under their real names."""

import pickle

import numpy as np
import pandas as pd
import pytest

from syndata import synthesis
from syndata.metadata import Schema
from tests.models.customers import customers_orders


@pytest.mark.parametrize("parent_extra, child_extra", [
    ("__orders__cust_id__num_rows", "__orders__cust_id__num_rows"),
    ("__orders__cust_id__univariates__amount__a", "sdv__x"),
])
def test_hma_fits_columns_named_like_its_own_and_keeps_the_names(parent_extra, child_extra):
    tables = customers_orders(parent_extra, child_extra)
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
    tables = customers_orders("__orders__cust_id__num_rows", "x")
    schema = Schema.detect(tables).subset(["customers"])
    out = synthesis.fit("gaussian_copula", schema, tables).sample(rows=5, seed=0)
    assert list(out["customers"].columns) == list(tables["customers"].columns)
