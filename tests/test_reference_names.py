"""Which columns of a reference table name things (kept as they are) and when the table
holds people instead (kept masked): every condition of ``reference_name_columns``."""

import pandas as pd
import pytest

from syndata.metadata import Schema
from syndata.reference_names import reference_name_columns

STORES = ["Downtown Market", "Harbour View Shop", "Old Mill Store", "Riverside Corner",
          "Green Hill Outlet", "Station Square", "North Gate Mall", "Lakeside Traders"]


def _schema(columns: dict[str, str], referenced: bool = True) -> Schema:
    sales = {"primary_key": "sale_id", "columns": {"sale_id": {"sdtype": "id"},
                                                   "store_id": {"sdtype": "id"}}}
    links = [{"parent_table_name": "stores", "parent_primary_key": "store_id",
              "child_table_name": "sales", "child_foreign_key": "store_id"}]
    return Schema.from_dict({
        "tables": {"stores": {"primary_key": "store_id", "columns": {
            "store_id": {"sdtype": "id"}, **{c: {"sdtype": t} for c, t in columns.items()}}},
            "sales": sales},
        "relationships": links if referenced else []})


def _stores(**extra: list) -> pd.DataFrame:
    return pd.DataFrame({"store_id": range(1, 9), "name": STORES, **extra})


def test_names_in_a_referenced_table_are_kept():
    schema = _schema({"name": "categorical"})
    assert reference_name_columns(schema, "stores", _stores()) == {"name"}


def test_a_table_nobody_references_keeps_its_masking():
    schema = _schema({"name": "categorical"}, referenced=False)
    assert reference_name_columns(schema, "stores", _stores()) == set()


@pytest.mark.parametrize("values", [
    [f"Store {i}" for i in range(8)],  # digits: codes, not names
    [f"{s.split()[0].lower()}@shop.example" for s in STORES],  # e-mails
    list(range(8)),  # numbers
])
def test_values_that_do_not_read_as_names_are_not_kept(values):
    schema = _schema({"name": "categorical"})
    assert reference_name_columns(schema, "stores", _stores().assign(name=values)) == set()


def test_a_person_kind_pii_column_makes_the_whole_table_personal():
    schema = _schema({"name": "categorical", "manager_email": "email"})
    frame = _stores(manager_email=[f"m{i}@shop.example" for i in range(8)])
    assert reference_name_columns(schema, "stores", frame) == set()


def test_places_and_companies_do_not_make_a_table_personal():
    schema = _schema({"name": "categorical", "town": "city"})
    frame = _stores(town=["Leeds", "York", "Bath", "Hull", "Derby", "Ely", "Ripon", "Wells"])
    assert reference_name_columns(schema, "stores", frame) == {"name"}


def test_personal_columns_the_caller_found_are_honoured():
    schema = _schema({"name": "categorical", "town": "city"})
    frame = _stores(town=["Leeds"] * 8)
    assert reference_name_columns(schema, "stores", frame, personal={"name": "person"}) == set()
    assert reference_name_columns(schema, "stores", frame, personal={"town": "city"}) == {"name"}


def test_an_id_typed_column_is_not_a_name():
    schema = _schema({"name": "id"})
    assert reference_name_columns(schema, "stores", _stores()) == set()
