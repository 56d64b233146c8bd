"""Uploads within the app's caps: rows and columns as the settings allow, else 413."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest

from syndata.api.errors import TooLarge
from syndata.api.uploads import Upload, apply_metadata, read_database
from syndata.errors import IngestError, MetadataError
from syndata.ingest import CsvOptions
from syndata.settings import load_settings

CSV = b"id,score,group\n1,0.5,a\n2,0.7,b\n3,0.1,a\n"


@pytest.mark.parametrize(("cap", "words"), [({"max_rows": 2}, "above the limit of 2"),
                                            ({"max_columns": 2}, "drop 1 column")])
def test_rows_and_columns_above_the_caps_are_refused(cap, words):
    settings = replace(load_settings({}), **cap)
    with pytest.raises(TooLarge, match=words):
        read_database([Upload("t.csv", CSV)], CsvOptions(), settings)


def test_a_zip_database_with_metadata_naming_a_missing_table():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", CSV)
        archive.writestr("b.csv", CSV)
        archive.writestr("metadata.json", '{"tables": {"c": {"columns": {"id": '
                                          '{"sdtype": "id"}}}}}')
    with pytest.raises(MetadataError, match="names table"):
        read_database([Upload("db.zip", buffer.getvalue())], CsvOptions(), load_settings({}))


def test_client_paths_only_name_tables():
    database = read_database([Upload("../../etc/passwd.csv", CSV)], CsvOptions(),
                             load_settings({}))
    assert list(database.tables) == ["passwd"]
    with pytest.raises(IngestError, match="No file"):
        read_database([], CsvOptions(), load_settings({}))


def test_personal_data_is_typed_as_pii_and_a_plain_typing_is_warned_of():
    rows = "\n".join(f"{i},person{i}@example.org" for i in range(1, 31))
    database = read_database([Upload("people.csv", f"id,contact\n{rows}\n".encode())],
                             CsvOptions(), load_settings({}))
    assert database.schema.sdtype("people", "contact") == "email"
    assert any("contact" in note for note in database.schema_notes)
    metadata = database.schema.to_dict()
    metadata["tables"]["people"]["columns"]["contact"] = {"sdtype": "categorical"}
    schema, warnings = apply_metadata(database.tables, json.dumps(metadata))
    assert schema.sdtype("people", "contact") == "categorical"
    assert "look(s) like personal data" in warnings[0]
