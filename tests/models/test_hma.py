"""HMA's family: what it refuses before any fit, with what to do instead."""

from __future__ import annotations

import pandas as pd
import pytest

from syndata import synthesis
from syndata.errors import ModelError
from syndata.metadata import Schema
from syndata.models import get_family

HMA = get_family("hma")


def _chain(count: int) -> Schema:
    cols = {"id": {"sdtype": "id"}, "parent": {"sdtype": "id"}}
    names = [f"t{i}" for i in range(count)]
    return Schema.from_dict({
        "tables": {n: {"primary_key": "id", "columns": dict(cols)} for n in names},
        "relationships": [
            {"parent_table_name": names[i], "parent_primary_key": "id",
             "child_table_name": names[i + 1], "child_foreign_key": "parent"}
            for i in range(count - 1)]})


def test_depth_beyond_two_is_refused_with_irgan_suggested():
    schema = _chain(4)
    assert "depth of 2" in HMA.check(schema) and "IRGAN" in HMA.check(schema)
    assert HMA.check(schema.subset(["t0", "t1"])) is None


def test_unconnected_tables_and_empty_keys_are_refused(shop):
    schema = Schema.detect(shop)
    assert HMA.check(schema, shop) is None
    empty = {**shop, "orders": shop["orders"].assign(user_id=pd.NA)}
    assert "user_id is empty in every row of orders" in HMA.check(schema, empty)
    apart = schema.copy()
    apart.remove_relationship(apart.relationships[0])
    assert "needs every table connected" in HMA.check(apart)


def test_the_fit_refuses_what_check_refuses(shop):
    empty = {**shop, "orders": shop["orders"].assign(user_id=pd.NA)}
    with pytest.raises(ModelError, match="empty in every row"):
        synthesis.fit("hma", Schema.detect(shop), empty)


def test_memory_grows_with_the_children_hma_folds_into_parents(shop):
    schema = Schema.detect(shop)
    alone = HMA.estimate_memory(schema.subset(["users"]), {"users": shop["users"]}, {})
    related = HMA.estimate_memory(schema, shop, {})
    assert related > alone > HMA.fixed_memory
