"""Malformed metadata documents: each is refused with the path of the problem."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from syndata.errors import MetadataError
from syndata.metadata import Schema

ROOT = Path(__file__).resolve().parents[1]
COLS = {"id": {"sdtype": "id"}, "a": {"sdtype": "numerical"}}
TWO = {"t": {"columns": COLS, "primary_key": "id"}, "u": {"columns": COLS}}


def _rel(**fields):
    rel = {"parent_table_name": "t", "parent_primary_key": "id", "child_table_name": "u",
           "child_foreign_key": "a"}
    return {"tables": TWO, "relationships": [rel | fields]}


def _column(**spec):
    return {"tables": {"t": {"columns": {"a": {"sdtype": "id"} | spec}}}}


@pytest.mark.parametrize("data, message", [
    ({"tables": {"t": None}}, "tables.t: expected an object, found null"),
    ({"tables": {"t": {"columns": ["a"]}}}, "tables.t.columns: expected an object, found a list"),
    ({"tables": {"t": {"columns": {"a": "numerical"}}}},
     "tables.t.columns.a: expected an object, found the text 'numerical'"),
    ({"tables": {"t": {}}}, "tables.t: missing the entry 'columns'"),
    ({"tables": {"t": {"columns": {"a": {}}}}}, "tables.t.columns.a: missing the entry 'sdtype'"),
    ({"tables": {"t": {"columns": {"a": {"sdtype": 3}}}}},
     "tables.t.columns.a.sdtype: expected a name (text), found the number 3"),
    ({"tables": {"t": {"columns": {"a": {"sdtype": "money"}}}}},
     "tables.t.columns.a.sdtype: unknown type 'money'"),
    ({"tables": {"t": {"columns": {"a": {"sdtype": "datetime", "datetime_format": 5}}}}},
     "tables.t.columns.a.datetime_format: expected text, found the number 5"),
    ({"tables": {"t": {"columns": COLS, "primary_key": 5}}},
     "tables.t.primary_key: expected a name (text) or a list or null, found the number 5"),
    ({"tables": {"t": {"columns": COLS, "primary_key": ""}}},
     "tables.t.primary_key: is empty, expected a name"),
    ({"tables": {"t": {"columns": COLS}}, "groups": ["t"]},
     "groups: expected an object or null, found a list"),
    ({"tables": {"t": {"columns": COLS}}, "groups": {"g": "t"}},
     "groups.g: expected a list, found the text 't'"),
    ({"tables": TWO, "relationships": {"a": 1}},
     "relationships: expected a list or null, found an object"),
    ({"tables": TWO, "relationships": ["x"]},
     "relationships[0]: expected an object, found the text 'x'"),
    ({"tables": TWO, "relationships": [{"parent_table_name": "t"}]},
     "relationships[0]: missing the entry 'parent_primary_key'"),
    (_rel(child_foreign_key=5),
     "relationships[0].child_foreign_key: expected a name (text) or a list, found the number 5"),
    ({"tables": [1]}, "tables: expected an object, found a list"),
    ({"tables": {}}, "tables: lists no table"),
    ([1], "must be a JSON object with a 'tables' entry, not a list"),
])
def test_shape_problems_name_their_path(data, message):
    with pytest.raises(MetadataError) as caught:
        Schema.from_dict(data)
    assert message in str(caught.value)


def test_composite_primary_key_is_refused_with_what_to_do():
    data = {"tables": {"t": {"columns": COLS, "primary_key": ["id", "a"]}}}
    with pytest.raises(MetadataError, match=r"tables.t.primary_key: composite primary keys "
                                            r"\(id, a\) are not supported yet. Add one column"):
        Schema.from_dict(data)


@pytest.mark.parametrize("field", ["child_foreign_key", "parent_primary_key"])
def test_composite_foreign_key_is_refused_with_what_to_do(field):
    with pytest.raises(MetadataError, match=rf"relationships\[0\].{field}: composite keys "
                                            r"\(id, a\) are not supported yet"):
        Schema.from_dict(_rel(**{field: ["id", "a"]}))


def test_one_column_key_lists_are_read_as_that_column():
    schema = Schema.from_dict(_rel(parent_primary_key=["id"], child_foreign_key=["a"])
                              | {"tables": {**TWO, "t": TWO["t"] | {"primary_key": ["id"]}}})
    assert schema.tables["t"].primary_key == "id"
    assert schema.relationships[0].child_key == "a"


@pytest.mark.parametrize("regex, problem", [
    ("(?<=a)b", "uses a construct SDV cannot generate from"),  # lookbehind
    ("(?=a)a", "uses a construct SDV cannot generate from"),  # lookahead
    ("(a)\\1", "uses a construct SDV cannot generate from"),  # backreference
    ("(ab|cd)x", "uses a construct SDV cannot generate from"),  # alternatives
    ("[^a]{3}", "uses a construct SDV cannot generate from"),  # negated set
    ("a*?", "uses a construct SDV cannot generate from"),  # lazy repeat
    ("[a-", "is not a valid regular expression"),
    ("[A-Z]{0}", "matches no value"),
    ("", "is empty"),
])
def test_regex_sdv_cannot_generate_from_is_named_with_its_column(regex, problem):
    with pytest.raises(MetadataError, match="tables.t.columns.a.regex_format") as caught:
        Schema.from_dict(_column(regex_format=regex))
    assert problem in str(caught.value)


@pytest.mark.parametrize("regex", ["C\\d{3}", "[A-Z]{2}-\\d{4}", "^\\d{6}$", "a|b", "\\w+"])
def test_regexes_sdv_supports_are_kept(regex):
    schema = Schema.from_dict(_column(regex_format=regex))
    assert schema.tables["t"].columns["a"].formats["regex_format"] == regex
    schema.to_sdv()


def test_faker_sdtypes_and_sdv_single_table_form_are_accepted():
    schema = Schema.from_dict({"columns": {"a": {"sdtype": "job"}, "b": {"sdtype": "ordinal"}}})
    assert schema.tables["table"].columns["a"].sdtype == "job"


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply to read"),
    ('{"tables": ' + '{"a": ' * 40 + "1" + "}" * 41, "nested more than 32 levels deep"),
])
def test_deeply_nested_json_is_refused(text, message):
    with pytest.raises(MetadataError, match=message):
        Schema.from_json(text)


@pytest.mark.parametrize("metadata, fragment", [
    ({"tables": {"shop": None}}, "tables.shop: expected an object, found null"),
    ({"tables": {"t": {"columns": COLS, "primary_key": ["id", "a"]}}},
     "composite primary keys"),
])
def test_cli_reports_a_bad_metadata_file_on_one_line(tmp_path, shop, metadata, fragment):
    shop["users"].to_csv(tmp_path / "users.csv", index=False)
    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps(metadata))
    result = subprocess.run(
        [sys.executable, "-m", "syndata", "synthesize", "--data", str(tmp_path / "users.csv"),
         "--metadata", str(meta), "--model", "gaussian_copula", "--out", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0]
    assert "unexpected" not in lines[0] and "Traceback" not in result.stderr
