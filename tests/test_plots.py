"""Every view returns a figure drawing real and synthetic data; statistics are right."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from syndata import plots

META = {
    "primary_key": "id",
    "columns": {
        "id": {"sdtype": "id"},
        "age": {"sdtype": "numerical"},
        "income": {"sdtype": "numerical"},
        "city": {"sdtype": "categorical"},
        "member": {"sdtype": "boolean"},
        "joined": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"},
    },
}


@pytest.fixture
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(0)
    n = 300
    age = rng.integers(18, 80, n)
    real = pd.DataFrame(
        {
            "id": range(n),
            "age": age,
            "income": age * 1000 + rng.normal(0, 500, n),
            "city": rng.choice([f"c{i}" for i in range(20)], n),
            "member": rng.choice([True, False], n),
            "joined": pd.date_range("2020-01-01", periods=n).strftime("%Y-%m-%d"),
        }
    )
    synthetic = real.apply(lambda c: c.to_numpy()[rng.permutation(n)])
    return real, synthetic


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
    figure = plots.pair_plot(real, synthetic, x, y, META)
    assert {"Real", "Synthetic"} <= _names(figure)
    assert kind in {trace.type for trace in figure.data}


def test_correlations_see_the_real_relation_and_its_loss(frames):
    real, synthetic = frames
    matrix = plots.association_matrix(real, META)
    assert "id" not in matrix.columns
    assert matrix.loc["age", "income"] > 0.95
    assert plots.association_matrix(synthetic, META).loc["age", "income"] < 0.3
    assert 0 <= matrix.loc["city", "member"] <= 1
    assert isinstance(plots.correlation_heatmap(real, META), go.Figure)
    comparison = plots.correlation_comparison(real, synthetic, META)
    assert [trace.name for trace in comparison.data] == ["Real", "Synthetic", "Difference"]
    assert np.nanmax(comparison.data[2].z) > 0.6


def test_correlation_titles_fit_a_narrow_page(frames):
    """Plotly never wraps a title: the statistic note is a subtitle with room above the
    subplot titles, and the title itself is short."""
    real, synthetic = frames
    for figure in (plots.correlation_heatmap(real, META),
                   plots.correlation_comparison(real, synthetic, META)):
        title = figure.layout.title
        assert len(title.text) <= 32
        assert "Spearman" in title.subtitle.text and "Spearman" not in title.text
        assert figure.layout.margin.t >= 100


def test_cardinality_counts_children_per_parent():
    parents = pd.DataFrame({"pid": [1, 2, 3]})
    real = {"p": parents, "c": pd.DataFrame({"fk": [1, 1, 2]})}
    synthetic = {"p": parents, "c": pd.DataFrame({"fk": [1, 2, 3]})}
    relationship = {
        "parent_table_name": "p",
        "parent_primary_key": "pid",
        "child_table_name": "c",
        "child_foreign_key": "fk",
    }
    assert list(plots.children_per_parent(parents, real["c"], relationship)) == [2, 1, 0]
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
    figure = plots.schema_diagram(metadata)
    boxes = [a for a in figure.layout.annotations if a.text.startswith("<b>")]
    assert len(boxes) == 3 and not any(a.showarrow for a in figure.layout.annotations)
    x_of = {a.text.split("</b>")[0][3:]: a.x for a in boxes}
    assert x_of == {"users": 0, "orders": 1, "items": 2}
    assert [t.name for t in figure.data] == ["users.uid -> orders.uid", "orders.oid -> items.oid"]
    assert figure.layout.showlegend
    assert "uid: id [PK]" in next(a.text for a in boxes if "users" in a.text)
    assert "uid: id [FK]" in next(a.text for a in boxes if "orders" in a.text)


def test_summary_statistics_values():
    meta = {"columns": {"x": {"sdtype": "numerical"}, "c": {"sdtype": "categorical"}}}
    real = pd.DataFrame({"x": [1.0, 2.0, 3.0, None], "c": ["a", "a", "b", "a"]})
    synthetic = pd.DataFrame({"x": [10.0, 20.0, 30.0, 40.0], "c": ["b", "b", "b", "a"]})
    table = plots.summary_statistics(real, synthetic, meta).set_index(["column", "statistic"])
    assert table.loc[("x", "mean"), "real"] == "2"
    assert table.loc[("x", "mean"), "synthetic"] == "25"
    assert table.loc[("x", "nulls"), "real"] == "25.0%"
    assert table.loc[("x", "max"), "synthetic"] == "40"
    assert table.loc[("c", "top"), "real"] == "a (75%)"
    assert table.loc[("c", "top"), "synthetic"] == "b (75%)"


def test_missing_values_show_as_a_readable_category():
    real = pd.Series(["a", None, "a", "b"], name="c")
    figure = plots.column_distribution(real, real, "categorical")
    assert "(missing)" in list(figure.data[0].x)
    assert not any("\x00" in label for label in figure.data[0].x)
