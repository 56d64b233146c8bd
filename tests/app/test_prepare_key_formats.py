"""Keys set on the Prepare page get the format of their values, so new keys look real.

The edits run without Streamlit (``ui.prepare_edits``), on the project the page holds.
"""

from __future__ import annotations

import pandas as pd

from syndata.metadata import Schema
from syndata.project import Project
from ui.prepare_edits import set_key, set_type


def _project() -> Project:
    pairs = zip("ABCDEFGH", "QRSTUVWX", strict=True)
    codes = [f"{a}{b}-{n:04d}" for n, (a, b) in enumerate(pairs, 7)]
    tables = {"orders": pd.DataFrame({"n": range(8), "code": codes, "ref": codes[::-1]})}
    schema = Schema.from_dict({"tables": {"orders": {"columns": {
        "n": {"sdtype": "numerical"}, "code": {"sdtype": "categorical"},
        "ref": {"sdtype": "categorical"}}}}})
    return Project(tables, {"orders": "test"}, schema)


def test_a_key_set_on_the_page_gets_the_format_of_its_values():
    project = _project()
    set_key(project, "orders", "code")
    column = project.schema.tables["orders"].columns["code"]
    assert column.sdtype == "id"
    assert column.formats["regex_format"] == r"[A-Z]{2}-\d{4}"


def test_a_column_typed_id_on_the_page_gets_the_format_of_its_values():
    project = _project()
    set_type(project, "orders", "ref", "id")
    column = project.schema.tables["orders"].columns["ref"]
    assert column.formats["regex_format"] == r"[A-Z]{2}-\d{4}"
