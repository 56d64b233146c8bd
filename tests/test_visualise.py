"""The Visualise page's choices for a chosen table (syndata.visualise)."""

from syndata.metadata import Schema
from syndata.visualise import keys_of, modelled_indices, relationships_of


def _rel(parent: str, pk: str, child: str, fk: str) -> dict:
    return {"parent_table_name": parent, "parent_primary_key": pk,
            "child_table_name": child, "child_foreign_key": fk}


METADATA = {
    "tables": {
        "users": {"primary_key": "uid", "columns": {
            "uid": {"sdtype": "numerical"}, "email": {"sdtype": "email"},
            "age": {"sdtype": "numerical"}, "country": {"sdtype": "categorical"}}},
        "orders": {"columns": {
            "uid": {"sdtype": "categorical"}, "ref": {"sdtype": "id"},
            "amount": {"sdtype": "numerical"}}},
        "airports": {"primary_key": "faa", "columns": {"faa": {"sdtype": "id"}}},
        "flights": {"columns": {"origin": {"sdtype": "id"}, "dest": {"sdtype": "id"}}},
        "notes": {"columns": {"text": {"sdtype": "categorical"}}},
    },
    "relationships": [
        _rel("users", "uid", "orders", "uid"),
        _rel("airports", "faa", "flights", "origin"),
        _rel("airports", "faa", "flights", "dest"),
    ],
}

SCHEMA = Schema.from_dict(METADATA)


def test_relationships_of_the_chosen_table_only():
    assert relationships_of(SCHEMA, "users") == [SCHEMA.relationships[0]]
    assert relationships_of(SCHEMA, "orders") == [SCHEMA.relationships[0]]
    assert relationships_of(SCHEMA, "airports") == SCHEMA.relationships[1:]
    assert relationships_of(SCHEMA, "notes") == []


def test_keys_include_foreign_keys_whatever_their_sdtype():
    assert keys_of(SCHEMA, "users") == {"uid"}
    assert keys_of(SCHEMA, "orders") == {"uid", "ref"}


def test_pickers_open_on_modelled_columns_not_keys_or_pii():
    users = list(METADATA["tables"]["users"]["columns"])
    assert [users[i] for i in modelled_indices(SCHEMA, "users", users)] == ["age", "country"]
    orders = list(METADATA["tables"]["orders"]["columns"])
    assert [orders[i] for i in modelled_indices(SCHEMA, "orders", orders)] == ["amount"]


def test_a_table_of_keys_only_opens_on_its_first_column():
    assert modelled_indices(SCHEMA, "flights", ["origin", "dest"]) == [0]
