import json

import pandas as pd
import pytest

from syndata.errors import MetadataError
from syndata.metadata import Schema, topological_order
from syndata.pii import apply_detected_pii


def test_detect_finds_types_keys_and_relationship(shop):
    schema = Schema.detect(shop)
    assert schema.tables["users"].primary_key == "user_id"
    assert schema.tables["users"].columns["joined"].sdtype == "datetime"
    assert schema.tables["users"].columns["joined"].datetime_format == "%Y-%m-%d"
    assert [r.label() for r in schema.relationships] == ["orders.user_id -> users.user_id"]
    assert schema.components() == [["users", "orders"]]


def test_exported_metadata_holds_no_real_values(shop):
    text = Schema.detect(shop).to_json()
    for key in ("range_min", "range_max", "range_values", "US", "2020-01-01"):
        assert key not in text
    assert Schema.from_json(text).to_dict() == json.loads(text)


def test_value_based_detection_links_differently_named_keys():
    codes = [f"A{i:02d}" for i in range(40)]
    airports = pd.DataFrame({"faa": codes, "alt": range(40)})
    flights = pd.DataFrame({"flight_id": range(60), "origin": codes[:3] * 20,
                            "dest": codes[10:40] * 2})
    schema = Schema.detect({"airports": airports, "flights": flights})
    labels = sorted(r.label() for r in schema.relationships)
    assert labels == ["flights.dest -> airports.faa", "flights.origin -> airports.faa"]


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


@pytest.mark.parametrize("text, message", [
    ("{not json", "not valid JSON"),
    ('{"tables": {}}', "tables: lists no table"),
    ('{"tables": {"t": {"primary_key": "x", "columns": {"a": {"sdtype": "id"}}}}}',
     "'x' as the primary key"),
    ('{"tables": {"t": {"columns": {"a": {"sdtype": "id"}}}}, "relationships": '
     '[{"parent_table_name": "p", "parent_primary_key": "a", "child_table_name": "t", '
     '"child_foreign_key": "a"}]}', "unknown table 'p'"),
])
def test_bad_metadata_files_get_clear_messages(text, message):
    with pytest.raises(MetadataError, match=message):
        Schema.from_json(text)


def test_depth_and_hma_limits():
    cols = {"id": {"sdtype": "id"}, "parent": {"sdtype": "id"}}
    names = [f"t{i}" for i in range(4)]
    meta = {"tables": {n: {"primary_key": "id", "columns": dict(cols)} for n in names},
            "relationships": [
                {"parent_table_name": names[i], "parent_primary_key": "id",
                 "child_table_name": names[i + 1], "child_foreign_key": "parent"}
                for i in range(3)]}
    schema = Schema.from_dict(meta)
    assert schema.depth() == 4
    assert "depth of 2" in schema.hma_problem() and "IRGAN" in schema.hma_problem()
    assert schema.subset(["t0", "t1"]).hma_problem() is None


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


def test_personal_data_found_by_values_is_never_detected_as_the_key():
    """A unique e-mail column made the key got a regex of its values, which rebuilt real
    addresses (``user12@example.org``); detected schemas leave such columns to PII."""
    people = pd.DataFrame({"kontakt": [f"user{i}@example.org" for i in range(60)],
                           "score": [i % 7 for i in range(60)]})
    schema = Schema.detect({"people": people})
    assert schema.tables["people"].primary_key is None
    apply_detected_pii(schema, {"people": people})
    assert schema.tables["people"].columns["kontakt"].sdtype == "email"
