"""Visualise page: the chosen table drives every tab (AppTest on a real GaussianCopula fit
of the four-table flights demo)."""

import json

import pytest

from syndata import synthesis
from tests.app.conftest import click, select


@pytest.fixture
def visualise(app):
    select(app, "Demo", "flights_multi")
    click(app, "Load demo")
    state = app.session_state["syndata"]
    model = synthesis.fit("gaussian_copula", state.project.schema, state.project.tables)
    fitted = state.add_fitted(model)
    state.add_synthetic(fitted.id, model.sample(scale=0.2, seed=0), {"seed": 0})
    app.switch_page("pages/visualise.py").run()
    assert not app.exception
    return app


def _titles(app) -> list[str]:
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    return [spec["layout"].get("title", {}).get("text", "") for spec in specs]


def _card_titles(app) -> list[str]:
    return [t for t in _titles(app) if " rows per " in t]


def _value(app, label: str):
    return next(s for s in app.selectbox if s.label == label).value


@pytest.mark.parametrize("table, expected", [
    ("airlines", ["flights rows per airlines (carrier)"]),
    ("airports", ["flights rows per airports (origin)", "flights rows per airports (dest)"]),
    ("planes", ["flights rows per planes (tailnum)"]),
])
def test_children_per_parent_shows_the_chosen_tables_relationships(visualise, table, expected):
    select(visualise, "Table", table)
    assert not visualise.exception
    assert _card_titles(visualise) == expected


def test_a_child_table_shows_all_its_parents(visualise):
    select(visualise, "Table", "flights")
    assert sorted(_card_titles(visualise)) == sorted([
        "flights rows per airlines (carrier)", "flights rows per planes (tailnum)",
        "flights rows per airports (origin)", "flights rows per airports (dest)"])


def test_pickers_open_on_modelled_columns_not_keys(visualise):
    select(visualise, "Table", "flights")
    keys = {"flight_id", "carrier", "tailnum", "origin", "dest"}
    column, x, y = (_value(visualise, label) for label in ("Column", "x", "y"))
    assert column not in keys and x == column and y not in keys | {x}
    select(visualise, "Table", "airlines")
    assert _value(visualise, "Column") == "name"
