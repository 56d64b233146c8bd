
import pandas as pd
import pytest

from syndata.errors import MetadataError
from syndata.metadata import Schema, topological_order


def test_keys_must_stay_ids(shop):
    schema = Schema.detect(shop)
    with pytest.raises(MetadataError, match="foreign key"):
        schema.set_sdtype("orders", "user_id", "numerical")
    with pytest.raises(MetadataError, match="primary key"):
        schema.set_sdtype("users", "user_id", "categorical")
    with pytest.raises(MetadataError, match="Unknown type"):
        schema.set_sdtype("users", "age", "money")


def test_removing_a_key_removes_the_relationships_that_need_it(shop):
    schema = Schema.detect(shop)
    removed = schema.remove_primary_key("users")
    assert [r.child for r in removed] == ["orders"] and not schema.relationships


def test_moving_the_primary_key_moves_references(shop):
    schema = Schema.detect(shop)
    schema.set_primary_key("users", "country")
    assert schema.tables["users"].columns["country"].sdtype == "id"
    assert schema.relationships[0].parent_key == "country"


def test_dropping_a_foreign_key_column_drops_its_relationship(shop):
    schema = Schema.detect(shop)
    removed = schema.drop_columns("orders", ["user_id"])
    assert len(removed) == 1 and not schema.relationships
    assert "user_id" not in schema.tables["orders"].columns


def test_add_relationship_makes_the_key_an_id_and_refuses_cycles(shop):
    schema = Schema.detect(shop)
    schema.relationships.clear()
    schema.set_sdtype("users", "age", "numerical")
    schema.add_relationship("users", "orders", "user_id")
    with pytest.raises(MetadataError, match="exists already"):
        schema.add_relationship("users", "orders", "user_id")
    schema.set_primary_key("orders", "order_id")
    with pytest.raises(MetadataError, match="cycle: .*users.*orders|cycle: .*orders.*users"):
        schema.add_relationship("orders", "users", "age")
    assert schema.tables["users"].columns["age"].sdtype == "numerical"
    with pytest.raises(MetadataError, match="no primary key"):
        schema.remove_primary_key("users")
        schema.add_relationship("users", "orders", "amount")


def test_cycle_in_loaded_metadata_is_named():
    meta = {"tables": {
        "a": {"primary_key": "id", "columns": {"id": {"sdtype": "id"}, "b_id": {"sdtype": "id"}}},
        "b": {"primary_key": "id", "columns": {"id": {"sdtype": "id"}, "a_id": {"sdtype": "id"}}},
    }, "relationships": [
        {"parent_table_name": "a", "parent_primary_key": "id", "child_table_name": "b",
         "child_foreign_key": "a_id"},
        {"parent_table_name": "b", "parent_primary_key": "id", "child_table_name": "a",
         "child_foreign_key": "b_id"},
    ]}
    with pytest.raises(MetadataError, match="cycle: (a -> b -> a|b -> a -> b)"):
        topological_order(Schema.from_dict(meta))


def test_depth():
    cols = {"id": {"sdtype": "id"}, "parent": {"sdtype": "id"}}
    names = [f"t{i}" for i in range(4)]
    meta = {"tables": {n: {"primary_key": "id", "columns": dict(cols)} for n in names},
            "relationships": [
                {"parent_table_name": names[i], "parent_primary_key": "id",
                 "child_table_name": names[i + 1], "child_foreign_key": "parent"}
                for i in range(3)]}
    schema = Schema.from_dict(meta)
    assert schema.depth() == 4


def test_groups_follow_table_removal(shop):
    schema = Schema.detect(shop)
    schema.group_tables("shop", ["users", "orders"])
    schema.drop_table("orders")
    assert "shop" not in schema.groups
    with pytest.raises(MetadataError, match="at least two"):
        schema.group_tables("one", ["users"])


def test_removing_the_primary_key_retypes_it_and_its_references_by_values(shop):
    schema = Schema.detect(shop)
    schema.remove_primary_key("users")
    assert schema.tables["users"].columns["user_id"].sdtype == "numerical"
    assert schema.tables["orders"].columns["user_id"].sdtype == "numerical"
    assert schema.to_sdv().tables["users"].columns["user_id"]["sdtype"] == "numerical"


def test_a_removed_text_key_becomes_categorical():
    tables = {"t": pd.DataFrame({"code": [f"C{i:03d}" for i in range(30)], "v": range(30)})}
    schema = Schema.detect(tables)
    assert schema.tables["t"].primary_key == "code"
    schema.copy().remove_primary_key("t")  # hints survive copies
    copy = schema.copy()
    copy.remove_primary_key("t")
    assert copy.tables["t"].columns["code"].sdtype == "categorical"


def test_loaded_metadata_retypes_by_the_data_given_or_else_categorical(shop):
    text = Schema.detect(shop).to_json()
    without = Schema.from_json(text)
    without.remove_primary_key("users")
    assert without.tables["users"].columns["user_id"].sdtype == "categorical"
    given = Schema.from_json(text)
    given.remove_primary_key("users", shop)
    assert given.tables["users"].columns["user_id"].sdtype == "numerical"
    assert given.tables["orders"].columns["user_id"].sdtype == "numerical"


def test_moving_removing_or_dropping_a_key_role_retypes_the_column(shop):
    moved = Schema.detect(shop)
    moved.relationships.clear()
    moved.set_primary_key("users", "country")
    assert moved.tables["users"].columns["user_id"].sdtype == "numerical"
    unlinked = Schema.detect(shop)
    unlinked.remove_relationship(unlinked.relationships[0])
    assert unlinked.tables["orders"].columns["user_id"].sdtype == "numerical"
    assert unlinked.tables["users"].columns["user_id"].sdtype == "id"  # still the key
    dropped = Schema.detect(shop)
    dropped.drop_table("users")
    assert dropped.tables["orders"].columns["user_id"].sdtype == "numerical"


def test_a_column_that_stays_a_foreign_key_keeps_its_id_type():
    meta = {"tables": {
        "p": {"primary_key": "id", "columns": {"id": {"sdtype": "id"}}},
        "c": {"primary_key": "p_id", "columns": {"p_id": {"sdtype": "id"}}},
    }, "relationships": [{"parent_table_name": "p", "parent_primary_key": "id",
                          "child_table_name": "c", "child_foreign_key": "p_id"}]}
    schema = Schema.from_dict(meta)
    schema.remove_primary_key("c")
    assert schema.tables["c"].columns["p_id"].sdtype == "id"


def test_a_removed_pii_key_keeps_its_pii_type():
    emails = pd.DataFrame({"email": [f"u{i}@example.com" for i in range(30)],
                           "score": [1.5 * i for i in range(30)]})
    schema = Schema.detect({"people": emails})
    schema.set_primary_key("people", "email")
    schema.remove_primary_key("people")
    assert schema.tables["people"].columns["email"].sdtype == "email"


def test_a_key_chosen_by_hand_gets_the_format_of_its_values_and_keeps_its_old_type(shop):
    users = shop["users"].assign(code=[f"U-{i:04d}" for i in range(50)])
    tables = {**shop, "users": users}
    schema = Schema.detect(tables)
    schema.set_primary_key("users", "code", tables)
    assert schema.tables["users"].columns["code"].formats["regex_format"].startswith(
        r"U-\d{4")
    schema.set_primary_key("users", "age")
    schema.remove_primary_key("users")
    assert schema.tables["users"].columns["age"].sdtype == "numerical"


def test_a_column_typed_id_by_hand_gets_the_format_of_its_values():
    tables = {"t": pd.DataFrame({"zip": [f"{i:06d}" for i in range(40)], "v": range(40)})}
    schema = Schema.detect(tables)
    schema.set_sdtype("t", "zip", "id", tables=tables)
    assert schema.tables["t"].columns["zip"].formats["regex_format"].startswith(r"\d{6")


def test_accessors_answer_in_table_order_and_name_what_is_unknown(shop):
    schema = Schema.detect(shop)
    assert schema.columns_of("users") == list(shop["users"].columns)
    assert schema.sdtypes("users") == {c: schema.sdtype("users", c) for c in shop["users"]}
    assert schema.sdtype("users", "joined") == "datetime"
    assert schema.datetime_format("users", "joined") == "%Y-%m-%d"
    assert schema.primary_key("users") == "user_id" and schema.primary_key("orders") == "order_id"
    assert schema.key_columns("orders") == {"order_id", "user_id"}
    assert schema.relationships_among(["orders"]) == []
    assert schema.relationships_among(["users", "orders"]) == schema.relationships
    assert schema.topological_order() == ["users", "orders"]
    with pytest.raises(MetadataError, match="no table named 'nope'. Tables: users, orders"):
        schema.sdtype("nope", "x")
    with pytest.raises(MetadataError, match="users has no column named 'x'"):
        schema.datetime_format("users", "x")
