"""A table marked sequential: the schema edit, our metadata JSON and validation."""

import json

import pytest

from syndata.errors import MetadataError
from syndata.metadata import Schema
from syndata.validation import apply_fix, validate
from tests.sequences import events, events_schema


def test_metadata_json_keeps_sdv_sequence_names():
    schema = events_schema()
    spec = schema.to_dict()["tables"]["events"]
    assert (spec["sequence_key"], spec["sequence_index"]) == ("account_id", "time")
    back = Schema.from_json(json.dumps(schema.to_dict())).table("events")
    assert (back.sequence_key, back.sequence_index) == ("account_id", "time")
    assert schema.subset(["events"]).table("events").sequential


def test_sdv_metadata_does_not_see_the_sequence():
    sdv = events_schema().to_sdv().tables["events"]
    assert sdv.sequence_key is None and sdv.sequence_index is None


@pytest.mark.parametrize("spec, words", [
    ({"sequence_key": "account_id"}, "not both"),
    ({"sequence_key": "nobody", "sequence_index": "time"}, "'nobody' as the sequence_key"),
    ({"sequence_key": ["account_id", "time"], "sequence_index": "time"}, "found a list"),
])
def test_bad_sequence_metadata_is_refused(spec, words):
    data = events_schema().to_dict()
    table = data["tables"]["events"]
    del table["sequence_key"], table["sequence_index"]
    table.update(spec)
    with pytest.raises(MetadataError, match=words):
        Schema.from_dict(data)


@pytest.mark.parametrize("key, index, words", [
    ("account_id", "state", "must be a datetime or numerical"),
    ("time", "time", "two columns"),
    ("account_id", "missing", "no column named"),
])
def test_set_sequence_refuses_what_cannot_order(key, index, words):
    schema = events_schema()
    with pytest.raises(MetadataError, match=words):
        schema.set_sequence("events", key, index)


def test_dropping_the_index_unmarks_the_table():
    schema = events_schema()
    schema.drop_columns("events", ["time"])
    assert not schema.table("events").sequential


def test_validation_names_an_index_that_does_not_order():
    schema, frame = events_schema(), events(5)
    schema.table("events").columns["time"].sdtype = "categorical"
    problems = validate(schema, {"events": frame}, sdv_data_checks=False, leak_checks=False)
    problem = next(p for p in problems if "sequence index" in p.message)
    assert "typed categorical" in problem.message
    fixed, _ = apply_fix(problem.fixes[0], schema, {"events": frame})
    assert not fixed.table("events").sequential


def test_validation_names_rows_without_an_entity():
    schema, frame = events_schema(), events(5)
    frame.loc[0, "account_id"] = None
    problems = validate(schema, {"events": frame}, sdv_data_checks=False, leak_checks=False)
    assert any("1 row(s) have no value" in p.message for p in problems)


def test_a_clean_sequential_table_validates():
    assert validate(events_schema(), {"events": events(5)}, leak_checks=False) == []
