"""Prepare's sequence control (``ui.prepare._sequence``) marks a table sequential and back."""

from __future__ import annotations

from syndata.metadata import Schema
from syndata.project import Project
from tests.sequences import events


def _widget(items, label: str):
    return next(w for w in items if w.label == label)


def test_the_sequence_control_marks_and_unmarks_the_table(app):
    frame = events(8)
    project = Project({"events": frame}, {"events": "test"}, Schema.detect({"events": frame}))
    app.session_state["syndata"].project = project
    app.switch_page("pages/prepare.py").run()
    app.session_state["prepare_tab"] = "Keys & columns"
    app.run()
    assert not app.exception, app.exception
    _widget(app.selectbox, "Sequence key (the entity)").set_value("account_id")
    _widget(app.selectbox, "Sequence index (the order)").set_value("time")
    _widget(app.button, "Mark sequential").click().run()
    assert not app.exception, app.exception
    table = project.schema.table("events")
    assert (table.sequence_key, table.sequence_index) == ("account_id", "time")
    assert '"sequence_index": "time"' in project.schema.to_json()
    assert any("one per account_id, ordered by time" in m.value for m in app.markdown)
    _widget(app.button, "Not sequential").click().run()
    assert not project.schema.table("events").sequential
