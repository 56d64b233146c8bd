"""Reading SDV-style metadata: tables, foreign keys, generation order and what is refused."""

import pytest

from irgan import IRGANSynthesizer
from irgan.errors import IRGANError, SchemaError
from irgan.schema import Schema


def _rel(parent: str, child: str, column: str) -> dict:
    return {"parent_table_name": parent, "parent_primary_key": "id",
            "child_table_name": child, "child_foreign_key": column}


def test_parents_come_before_children_and_keys_are_seen_from_the_child():
    cols = {"id": {"sdtype": "id"}, "a_id": {"sdtype": "id"}, "b_id": {"sdtype": "id"}}
    meta = {
        "tables": {t: {"primary_key": "id", "columns": cols} for t in ("c", "b", "a")},
        "relationships": [_rel("b", "c", "b_id"), _rel("a", "b", "a_id"), _rel("a", "c", "a_id")],
    }
    schema = Schema.from_metadata(meta)
    assert schema.order == ["a", "b", "c"]
    assert [(fk.parent, fk.column) for fk in schema.tables["c"].foreign_keys] == [
        ("b", "b_id"), ("a", "a_id")]
    assert schema.tables["c"].key_columns() == {"id", "a_id", "b_id"}
    assert [fk.child for fk in schema.children_of("a")] == ["b", "c"]


def test_no_tables_is_refused_with_what_to_do():
    with pytest.raises(SchemaError, match="lists no tables. Detect or load metadata first"):
        Schema.from_metadata({"tables": {}})


def test_a_relationship_to_an_unknown_table_names_it():
    meta = {"tables": {"a": {"columns": {"id": {"sdtype": "id"}}}},
            "relationships": [_rel("ghost", "a", "id")]}
    with pytest.raises(IRGANError, match="names table 'ghost', which the metadata does not"):
        Schema.from_metadata(meta)


def test_cycle_is_an_error_naming_its_tables():
    rel = [
        {
            "parent_table_name": "a",
            "parent_primary_key": "id",
            "child_table_name": "b",
            "child_foreign_key": "a_id",
        },
        {
            "parent_table_name": "b",
            "parent_primary_key": "id",
            "child_table_name": "c",
            "child_foreign_key": "b_id",
        },
        {
            "parent_table_name": "c",
            "parent_primary_key": "id",
            "child_table_name": "a",
            "child_foreign_key": "c_id",
        },
    ]
    cols = {
        "id": {"sdtype": "id"},
        "a_id": {"sdtype": "id"},
        "b_id": {"sdtype": "id"},
        "c_id": {"sdtype": "id"},
    }
    meta = {
        "tables": {t: {"primary_key": "id", "columns": cols} for t in "abc"},
        "relationships": rel,
    }
    with pytest.raises(SchemaError) as err:
        IRGANSynthesizer(meta)
    message = str(err.value)
    assert "cycle" in message
    assert all(name in message for name in ("a", "b", "c"))

