"""Prepare's reference checkbox (``ui.prepare._reference``) sets and clears the schema flag and
warns that the ticked table's rows are real and leave as they are."""

from __future__ import annotations

from syndata.metadata import Schema
from syndata.project import Project


def _box(app, table: str):
    return next(c for c in app.checkbox if c.label == f"{table}: reference, copy as is")


def test_the_reference_checkbox_sets_the_schema_flag_and_warns(app, shop):
    project = Project(dict(shop), dict.fromkeys(shop, "test"), Schema.detect(shop))
    app.session_state["syndata"].project = project
    app.switch_page("pages/prepare.py").run()
    app.session_state["prepare_tab"] = "Relationships & groups"
    app.run()
    assert not app.exception, app.exception
    assert not _box(app, "users").value and not project.schema.reference_tables()
    _box(app, "users").check().run()
    assert not app.exception, app.exception
    assert project.schema.reference_tables() == ["users"]
    assert _box(app, "users").value
    assert any("users: these rows are real and leave as they are" in w.value
               for w in app.warning)
    assert '"reference": true' in project.schema.to_json()
    _box(app, "users").uncheck().run()
    assert project.schema.reference_tables() == []
    assert not any("rows are real" in w.value for w in app.warning)
