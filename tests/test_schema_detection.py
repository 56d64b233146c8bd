"""Detecting a schema from frames: types, primary keys, key formats and relationships."""

import pandas as pd

from syndata.metadata import Schema
from syndata.pii import apply_detected_pii
from syndata.schema_detection import learn_key_formats


def test_detect_finds_types_keys_and_relationship(shop):
    schema = Schema.detect(shop)
    assert schema.tables["users"].primary_key == "user_id"
    assert schema.tables["users"].columns["joined"].sdtype == "datetime"
    assert schema.tables["users"].columns["joined"].datetime_format == "%Y-%m-%d"
    assert [r.label() for r in schema.relationships] == ["orders.user_id -> users.user_id"]
    assert schema.components() == [["users", "orders"]]


def test_value_based_detection_links_differently_named_keys():
    codes = [f"A{i:02d}" for i in range(40)]
    airports = pd.DataFrame({"faa": codes, "alt": range(40)})
    flights = pd.DataFrame({"flight_id": range(60), "origin": codes[:3] * 20,
                            "dest": codes[10:40] * 2})
    schema = Schema.detect({"airports": airports, "flights": flights})
    labels = sorted(r.label() for r in schema.relationships)
    assert labels == ["flights.dest -> airports.faa", "flights.origin -> airports.faa"]


def test_personal_data_found_by_values_is_never_detected_as_the_key():
    """A unique e-mail column made the key got a regex of its values, which rebuilt real
    addresses (``user12@example.org``); detected schemas leave such columns to PII."""
    people = pd.DataFrame({"kontakt": [f"user{i}@example.org" for i in range(60)],
                           "score": [i % 7 for i in range(60)]})
    schema = Schema.detect({"people": people})
    assert schema.tables["people"].primary_key is None
    apply_detected_pii(schema, {"people": people})
    assert schema.tables["people"].columns["kontakt"].sdtype == "email"

def test_text_ids_of_a_given_schema_get_their_values_format_but_personal_data_does_not():
    tables = {"t": pd.DataFrame({"code": [f"C{i:03d}" for i in range(40)],
                                 "mail": [f"user{i}@example.org" for i in range(40)]})}
    schema = Schema.from_dict({"tables": {"t": {"columns": {
        "code": {"sdtype": "id"}, "mail": {"sdtype": "id"}}}}})
    learn_key_formats(schema, tables)
    assert schema.key_format("t", "code").startswith(r"C\d{3")
    assert schema.key_format("t", "mail") is None
