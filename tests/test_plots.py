"""Every view returns a figure drawing real and synthetic data."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from syndata import plots
from syndata.evaluation.statistics import association_matrix
from syndata.metadata import Relationship, Schema
from tests.frames import META, TABLE, related_frames


@pytest.fixture
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    return related_frames()


def _names(figure: go.Figure) -> set[str]:
    return {trace.name for trace in figure.data if trace.name}


@pytest.mark.parametrize("column", ["age", "city", "member", "joined", "id"])
def test_column_distribution_draws_both_sides(frames, column):
    real, synthetic = frames
    sdtype = META["columns"][column]["sdtype"]
    figure = plots.column_distribution(real[column], synthetic[column], sdtype)
    assert isinstance(figure, go.Figure)
    assert _names(figure) == {"Real", "Synthetic"}
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {"Real": plots.REAL_COLOUR, "Synthetic": plots.SYNTHETIC_COLOUR}
    for trace in figure.data:
        assert sum(trace.y) == pytest.approx(1.0)


def test_column_distribution_pools_rare_categories_and_allows_no_synthetic(frames):
    real, _ = frames
    figure = plots.column_distribution(real["city"], None, "categorical")
    assert _names(figure) == {"Real"}
    assert len(figure.data[0].x) == plots.TOP_CATEGORIES + 1
    assert figure.data[0].x[-1] == "(other)"


@pytest.mark.parametrize(
    ("x", "y", "kind"),
    [
        ("age", "income", "scattergl"),
        ("city", "age", "box"),
        ("city", "member", "heatmap"),
        ("joined", "age", "scattergl"),
    ],
)
def test_pair_plot_kinds(frames, x, y, kind):
    real, synthetic = frames
    figure = plots.pair_plot(real, synthetic, x, y, TABLE)
    assert {"Real", "Synthetic"} <= _names(figure)
    assert kind in {trace.type for trace in figure.data}


def test_correlation_views_draw_the_real_relation_and_its_loss(frames):
    real, synthetic = frames
    matrix, lost = association_matrix(real, TABLE), association_matrix(synthetic, TABLE)
    assert isinstance(plots.correlation_heatmap(matrix), go.Figure)
    comparison = plots.correlation_comparison(matrix, lost)
    assert [trace.name for trace in comparison.data] == ["Real", "Synthetic", "Difference"]
    assert np.nanmax(comparison.data[2].z) > 0.6


def test_correlation_titles_fit_a_narrow_page(frames):
    """Plotly never wraps a title: the statistic note is a subtitle with room above the
    subplot titles, and the title itself is short."""
    real, synthetic = frames
    matrix, lost = association_matrix(real, TABLE), association_matrix(synthetic, TABLE)
    for figure in (plots.correlation_heatmap(matrix), plots.correlation_comparison(matrix, lost)):
        title = figure.layout.title
        assert len(title.text) <= 32
        assert "Spearman" in title.subtitle.text and "Spearman" not in title.text
        assert figure.layout.margin.t >= 100


def test_cardinality_plot_draws_children_per_parent():
    parents = pd.DataFrame({"pid": [1, 2, 3]})
    real = {"p": parents, "c": pd.DataFrame({"fk": [1, 1, 2]})}
    synthetic = {"p": parents, "c": pd.DataFrame({"fk": [1, 2, 3]})}
    relationship = Relationship(parent="p", parent_key="pid", child="c", child_key="fk")
    figure = plots.cardinality_plot(real, synthetic, relationship)
    assert _names(figure) == {"Real", "Synthetic"}
    synthetic_trace = next(t for t in figure.data if t.name == "Synthetic")
    assert list(synthetic_trace.x) == [1] and list(synthetic_trace.y) == [1.0]


def test_schema_diagram_draws_tables_and_arrows():
    metadata = {
        "tables": {
            "users": {"primary_key": "uid", "columns": {"uid": {"sdtype": "id"}}},
            "orders": {
                "primary_key": "oid",
                "columns": {"oid": {"sdtype": "id"}, "uid": {"sdtype": "id"}},
            },
            "items": {"columns": {"oid": {"sdtype": "id"}, "n": {"sdtype": "numerical"}}},
        },
        "relationships": [
            {
                "parent_table_name": "users",
                "parent_primary_key": "uid",
                "child_table_name": "orders",
                "child_foreign_key": "uid",
            },
            {
                "parent_table_name": "orders",
                "parent_primary_key": "oid",
                "child_table_name": "items",
                "child_foreign_key": "oid",
            },
        ],
    }
    figure = plots.schema_diagram(Schema.from_dict(metadata))
    boxes = [a for a in figure.layout.annotations if a.text.startswith("<b>")]
    assert len(boxes) == 3 and not any(a.showarrow for a in figure.layout.annotations)
    x_of = {a.text.split("</b>")[0][3:]: a.x for a in boxes}
    assert x_of == {"users": 0, "orders": 1, "items": 2}
    assert [t.name for t in figure.data] == ["users.uid -> orders.uid", "orders.oid -> items.oid"]
    assert figure.layout.showlegend
    assert "uid: id [PK]" in next(a.text for a in boxes if "users" in a.text)
    assert "uid: id [FK]" in next(a.text for a in boxes if "orders" in a.text)


def test_missing_values_show_as_a_readable_category():
    real = pd.Series(["a", None, "a", "b"], name="c")
    figure = plots.column_distribution(real, real, "categorical")
    assert "(missing)" in list(figure.data[0].x)
    assert not any("\x00" in label for label in figure.data[0].x)
