"""SDV's JSON forms of a schema: read, written, checked, and never holding real values."""

import json

import pytest

from syndata.errors import MetadataError
from syndata.metadata import Schema
from syndata.sdv_metadata import column_to_dict, schema_from_dict, schema_to_dict


def test_exported_metadata_holds_no_real_values(shop):
    text = Schema.detect(shop).to_json()
    for key in ("range_min", "range_max", "range_values", "US", "2020-01-01"):
        assert key not in text
    assert Schema.from_json(text).to_dict() == json.loads(text)


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

def test_a_subset_is_what_the_metadata_file_of_those_tables_holds(shop):
    users = shop["users"].assign(code=[f"U-{i:04d}" for i in range(len(shop["users"]))])
    tables = {**shop, "users": users}
    schema = Schema.detect(tables)
    schema.set_primary_key("users", "code", tables)
    schema.set_primary_key("users", "user_id")  # code is no key now; its regex_format stays
    assert schema.sdtype("users", "code") != "id"
    assert "regex_format" in schema.column("users", "code").formats
    schema.group_tables("shop", ["users", "orders"])
    for names in (["users"], ["orders"], ["orders", "users"]):
        subset = schema.subset(names)
        assert subset == schema_from_dict(schema_to_dict(schema, names))
        assert list(subset.tables) == names and not subset.groups
    assert schema.subset(["users"]).tables["users"].columns["code"].formats == {}
    assert schema.subset(["users", "orders"]).relationships == schema.relationships


def test_a_column_is_written_with_the_format_of_its_type_and_pii_marked():
    schema = Schema.from_dict({"tables": {"t": {"primary_key": "k", "columns": {
        "k": {"sdtype": "id", "regex_format": "C[0-9]{3}"},
        "at": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"},
        "n": {"sdtype": "numerical", "computer_representation": "Int64"},
        "mail": {"sdtype": "email"}}}}})
    columns = schema.tables["t"].columns
    assert column_to_dict(columns["k"]) == {"sdtype": "id", "regex_format": "C[0-9]{3}"}
    assert column_to_dict(columns["at"]) == {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"}
    assert column_to_dict(columns["n"]) == {"sdtype": "numerical",
                                            "computer_representation": "Int64"}
    assert column_to_dict(columns["mail"]) == {"sdtype": "email", "pii": True}


def test_sdv_reads_what_we_write_for_the_tables_asked(shop):
    metadata = Schema.detect(shop).to_sdv(["users"])
    metadata.validate()
    assert list(metadata.tables) == ["users"] and not metadata.relationships


def test_a_metadata_file_is_read_with_its_name_in_messages(tmp_path):
    path = tmp_path / "meta.json"
    path.write_text(json.dumps({"tables": {"t": {"columns": {"a": {"sdtype": "id"}}}}}),
                    encoding="utf-8")
    assert Schema.load(path).columns_of("t") == ["a"]
    path.write_text("{", encoding="utf-8")
    with pytest.raises(MetadataError, match="meta.json is not valid JSON"):
        Schema.load(path)
    with pytest.raises(MetadataError, match="no table to describe"):
        Schema.detect({})
