"""The Prepare page never shows a view from before an edit, and proposes relationships.

Each test drives the real page with AppTest on tables small enough for 2 shared cores.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from syndata.keys import KeyCandidate
from syndata.metadata import Schema
from syndata.project import Project
from tests.app.conftest import click
from ui.prepare_edits import best_per_column


def _load(app, tables: dict[str, pd.DataFrame]) -> Project:
    """Put ``tables`` in the session with their detected schema and open Prepare."""
    project = Project(dict(tables), dict.fromkeys(tables, "test"), Schema.detect(tables))
    app.session_state["syndata"].project = project
    app.switch_page("pages/prepare.py").run()
    return project


def _open(app, tab: str) -> None:
    app.session_state["prepare_tab"] = tab
    app.run()
    assert not app.exception, app.exception


def _open_chart(app, table: str, view: str) -> None:
    """Opens one of the Profile tab's chart views (``ui.prepare.PROFILE_VIEWS``)."""
    app.session_state[f"profile_view_{table}"] = view
    app.run()
    assert not app.exception, app.exception


def _profiles(app) -> list[pd.DataFrame]:
    return [d.value.set_index("name") for d in app.dataframe if "null_share" in d.value.columns]


def _texts(app) -> list[str]:
    return [e.value for e in (*app.markdown, *app.success, *app.warning, *app.error)]


def test_after_apply_types_no_profile_or_grid_shows_the_old_type(app, shop):
    project = _load(app, shop)
    assert project.schema.tables["users"].columns["age"].sdtype == "numerical"
    _open(app, "Types")
    editor = app.data_editor[0]
    app.session_state[editor.key] = {"edited_rows": {1: {"sdtype": "categorical"}},
                                     "added_rows": [], "deleted_rows": []}
    app.run()
    click(app, "Apply types")
    assert not app.exception
    assert project.schema.tables["users"].columns["age"].sdtype == "categorical"
    assert all(p.loc["age", "sdtype"] == "categorical" for p in _profiles(app))
    assert app.data_editor[0].value.set_index("column").loc["age", "sdtype"] == "categorical"
    _open(app, "Profile")
    (profile,) = _profiles(app)
    assert profile.loc["age", "sdtype"] == "categorical"
    _open_chart(app, "users", "Distribution")
    next(s for s in app.selectbox if s.label == "Distribution of").set_value("age")
    app.run()
    assert any('"text":"age (categorical)"' in chart.proto.spec
               for chart in app.get("plotly_chart"))


def test_metadata_upload_refreshes_relationships_and_check(app, shop):
    project = _load(app, shop)
    (rel,) = project.schema.relationships
    metadata = project.schema.to_dict()
    metadata["relationships"] = []
    metadata["tables"]["orders"]["columns"]["status"] = {"sdtype": "numerical"}
    _open(app, "Check")
    assert any("No problems found" in s.value for s in app.success)
    _open(app, "Metadata JSON")
    app.file_uploader[0].set_value(("metadata.json", json.dumps(metadata).encode(),
                                    "application/json"))
    app.run()
    click(app, "Use this metadata")
    assert not app.exception
    assert project.schema.relationships == []
    assert not any(rel.label() in text for text in _texts(app))
    assert not any("No problems found" in s.value for s in app.success)
    _open(app, "Check")
    assert any("orders.status is typed numerical" in text for text in _texts(app))
    _open(app, "Relationships & groups")
    assert not any(text == rel.label() for text in _texts(app))


def test_metadata_missing_a_loaded_table_is_refused_with_what_to_do(app, shop):
    project = _load(app, shop)
    before = project.schema.to_dict()
    _open(app, "Metadata JSON")
    only_users = project.schema.to_dict(["users"])
    app.file_uploader[0].set_value(("users.json", json.dumps(only_users).encode(),
                                    "application/json"))
    app.run()
    click(app, "Use this metadata")
    assert not app.exception
    assert any("does not describe the loaded table(s) ['orders']" in e.value for e in app.error)
    assert project.schema.to_dict() == before


def _people_with_a_plain_email(app) -> Project:
    """A table whose e-mail column is typed categorical, with the Types tab open."""
    people = pd.DataFrame({"person_id": range(1, 61),
                           "contact": [f"person{i}@mail-box.org" for i in range(60)],
                           "score": np.arange(60) % 7})
    project = _load(app, {"people": people})
    project.schema.set_sdtype("people", "contact", "categorical")
    _open(app, "Types")
    return project


def test_pii_warning_goes_once_the_suggested_types_are_used(app):
    project = _people_with_a_plain_email(app)
    assert any("contact" in w.value for w in app.warning)
    click(app, "Use the suggested PII types")
    assert not app.exception
    assert project.schema.tables["people"].columns["contact"].sdtype == "email"
    assert not any("personal data" in w.value for w in app.warning)


def _tpch_like() -> dict[str, pd.DataFrame]:
    """Prefixed integer keys that SDV cannot link by name: o_custkey -> c_custkey."""
    rng = np.random.default_rng(0)
    return {
        "customers": pd.DataFrame({"c_custkey": np.arange(1, 301) * 7,
                                   "c_segment": rng.choice(["a", "b", "c"], 300)}),
        "orders": pd.DataFrame({"o_orderkey": np.arange(1, 1001) * 3,
                                "o_custkey": rng.integers(1, 301, 1000) * 7,
                                "o_total": rng.gamma(2, 10, 1000).round(2)}),
        "lineitem": pd.DataFrame({"l_linekey": np.arange(1, 2001),
                                  "l_orderkey": rng.integers(1, 1001, 2000) * 3,
                                  "l_quantity": rng.integers(1, 10, 2000)}),
    }


def test_proposed_relationships_are_added_in_one_click(app):
    project = _load(app, _tpch_like())
    schema = project.schema
    for table, key in (("customers", "c_custkey"), ("orders", "o_orderkey"),
                       ("lineitem", "l_linekey")):
        schema.set_primary_key(table, key)
    schema.relationships.clear()
    _open(app, "Relationships & groups")
    first = "orders.o_custkey -> customers.c_custkey"
    second = "lineitem.l_orderkey -> orders.o_orderkey"
    proposals = [text for text in _texts(app) if " -> " in text]
    assert any(text.startswith(first) for text in proposals), proposals
    assert any(text.startswith(second) for text in proposals), proposals
    app.button(key=f"add_candidate_{first}").click()
    app.run()
    assert not app.exception
    assert [r.label() for r in schema.relationships] == [first]
    assert not any(b.key == f"add_candidate_{first}" for b in app.button)
    click(app, "Add all")
    assert sorted(r.label() for r in schema.relationships) == sorted([first, second])
    assert schema.tables["orders"].columns["o_custkey"].sdtype == "id"


def test_a_pending_grid_edit_never_undoes_a_type_changed_elsewhere(app):
    project = _people_with_a_plain_email(app)
    app.session_state[app.data_editor[0].key] = {"edited_rows": {1: {"sdtype": "id"}},
                                                 "added_rows": [], "deleted_rows": []}
    app.run()
    click(app, "Use the suggested PII types")
    assert app.data_editor[0].value.set_index("column").loc["contact", "sdtype"] == "email"
    click(app, "Apply types")
    assert not app.exception
    assert any("No type changed" in i.value for i in app.info)
    assert project.schema.tables["people"].columns["contact"].sdtype == "email"


def test_add_all_takes_the_best_parent_of_each_column():
    best, second, other = (KeyCandidate("stores", "id", "orders", "store", 0.9, ""),
                           KeyCandidate("depots", "id", "orders", "store", 0.8, ""),
                           KeyCandidate("stores", "id", "staff", "store", 0.5, ""))
    assert best_per_column([best, second, other]) == [best, other]



def test_the_distribution_opens_on_the_first_column_that_is_not_an_id(app, shop):
    _load(app, shop)
    _open_chart(app, "users", "Distribution")
    picker = next(s for s in app.selectbox if s.label == "Distribution of")
    assert picker.value == "age"
    assert any('"text":"age (numerical)"' in chart.proto.spec
               for chart in app.get("plotly_chart"))


def test_the_profile_grid_shows_each_columns_shape_and_no_chart_until_asked(app, shop):
    _load(app, shop)
    assert not app.get("plotly_chart")
    (profile,) = _profiles(app)
    age = profile.loc["age", "shape"]
    assert len(age) == 20 and abs(sum(age) - 1.0) < 1e-3
    assert len(profile.loc["user_id", "shape"]) == 0
    _open_chart(app, "users", "Associations")
    assert any('"text":"Column associations"' in chart.proto.spec
               for chart in app.get("plotly_chart"))
