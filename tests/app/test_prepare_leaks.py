"""Prepare's Check tab warns about a near-unique categorical, still says ready to fit, and
its fix retypes the column."""

import pandas as pd

from syndata.metadata import Schema
from syndata.project import Project
from tests.app.conftest import click
from tests.specs import table_spec


def test_a_near_unique_categorical_is_warned_about_and_fixed_in_one_click(app):
    table = pd.DataFrame({"n": range(40), "code": [f"Q{i:03d}-{i % 7}" for i in range(40)],
                          "segment": ["a", "b"] * 20})
    schema = Schema.from_dict({"tables": {"t": table_spec(
        {"n": "id", "code": "categorical", "segment": "categorical"}, primary_key="n")}})
    project = Project({"t": table}, {"t": "test"}, schema)
    app.session_state["syndata"].project = project
    app.switch_page("pages/prepare.py").run()
    app.session_state["prepare_tab"] = "Check"
    app.run()
    assert not app.exception
    assert any("No problems found" in s.value for s in app.success)
    assert any("1 column(s) are learned value by value" in w.value for w in app.warning)
    assert any("t.code is typed categorical but 100% of its values are distinct" in m.value
               for m in app.markdown)
    click(app, "Treat code as an id")
    assert project.schema.tables["t"].columns["code"].sdtype == "id"
    assert not any("learned value by value" in w.value for w in app.warning)
