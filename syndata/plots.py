"""Plotly views that put real and synthetic data side by side.

Real data is always drawn in ``REAL_COLOUR`` and synthetic data in ``SYNTHETIC_COLOUR``
so every view reads the same way. Distributions are binned here (numpy) rather than by
plotly so a figure holds a few hundred numbers, not every row: the HTML report embeds
dozens of them. Correlation views draw the matrices of
``syndata.evaluation.statistics.association_matrix``, whose statistics their titles state.
"""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly import colors as plotly_colors
from plotly.subplots import make_subplots

from syndata import schema_layout
from syndata.evaluation.encoding import as_datetimes, as_numbers, column_sdtypes
from syndata.evaluation.statistics import capped, children_per_parent
from syndata.evaluation.statistics import display_labels as _labels
from syndata.metadata import Relationship, Schema, Table
from syndata.vocabulary import NUMERIC_SDTYPES

REAL_COLOUR = "#1f77b4"
SYNTHETIC_COLOUR = "#ff7f0e"
TOP_CATEGORIES = 12
BINS = 40
_OTHER = "(other)"


def _sides(real, synthetic) -> list[tuple[str, object, str]]:
    sides = [("Real", real, REAL_COLOUR)]
    if synthetic is not None:
        sides.append(("Synthetic", synthetic, SYNTHETIC_COLOUR))
    return sides


#: Room above the plot for a title, its subtitle and subplot titles.
_TITLE_AND_NOTE_MARGIN = 110


def _layout(figure: go.Figure, title: str, note: str | None = None, **extra) -> go.Figure:
    """Shared look. A ``note`` goes in a subtitle: plotly never wraps a title, so a long one
    was cut at the figure's right edge on a narrow page."""
    heading: dict = {"text": title}
    if note:
        heading["subtitle"] = {"text": note}
        extra.setdefault("margin", {"t": _TITLE_AND_NOTE_MARGIN})
    figure.update_layout(
        title=heading, template="plotly_white", legend={"orientation": "h", "y": -0.2}, **extra
    )
    return figure


def _histogram_traces(real: pd.Series, synthetic: pd.Series | None, sdtype: str) -> list[go.Bar]:
    numbers = [
        (name, as_numbers(values, sdtype).dropna(), colour)
        for name, values, colour in _sides(real, synthetic)
    ]
    pooled = np.concatenate([values.to_numpy() for _, values, _ in numbers])
    if pooled.size == 0:
        return [go.Bar(x=[], y=[], name=name, marker_color=colour) for name, _, colour in numbers]
    # The 0.5-99.5 % range keeps one extreme value from squeezing the rest into a single
    # bar; values outside it are counted in the end bins.
    low, high = np.quantile(pooled, [0.005, 0.995])
    edges = np.linspace(low, high if high > low else low + 1.0, BINS + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    x = pd.to_datetime(centres, unit="s") if sdtype == "datetime" else centres
    traces = []
    for name, values, colour in numbers:
        counts, _ = np.histogram(np.clip(values.to_numpy(), edges[0], edges[-1]), bins=edges)
        share = counts / counts.sum() if counts.sum() else counts
        traces.append(go.Bar(x=x, y=share, name=name, marker_color=colour, opacity=0.6))
    return traces


def _frequency_traces(real: pd.Series, synthetic: pd.Series | None) -> list[go.Bar]:
    keep = list(_labels(real).value_counts().index[:TOP_CATEGORIES])
    shares = []
    for name, values, colour in _sides(real, synthetic):
        labels = _labels(values)
        shares.append(
            (name, labels.where(labels.isin(keep), _OTHER).value_counts(normalize=True), colour)
        )
    has_other = any(_OTHER in share.index for _, share, _ in shares)
    order = [*keep, _OTHER] if has_other else keep
    return [
        go.Bar(
            x=order,
            y=share.reindex(order, fill_value=0.0).to_numpy(),
            name=name,
            marker_color=colour,
        )
        for name, share, colour in shares
    ]


def column_distribution(real: pd.Series, synthetic: pd.Series | None, sdtype: str) -> go.Figure:
    """Share of rows per bin (numbers, datetimes) or per category (everything else).

    Categories beyond the ``TOP_CATEGORIES`` most frequent real ones are pooled as
    "(other)", so a synthetic set that invents values shows a tall "(other)" bar.
    """
    if sdtype in NUMERIC_SDTYPES:
        figure = go.Figure(_histogram_traces(real, synthetic, sdtype))
        figure.update_layout(barmode="overlay", bargap=0.0)
    else:
        figure = go.Figure(_frequency_traces(real, synthetic))
        figure.update_layout(barmode="group")
    return _layout(figure, f"{real.name} ({sdtype})", yaxis_title="share of rows")


def pair_plot(
    real: pd.DataFrame, synthetic: pd.DataFrame | None, x: str, y: str, table: Table
) -> go.Figure:
    """Two columns together: scatter (number x number), boxes (category x number) or
    side-by-side frequency heatmaps (category x category)."""
    sdtypes = column_sdtypes(table)
    x_numeric, y_numeric = sdtypes.get(x) in NUMERIC_SDTYPES, sdtypes.get(y) in NUMERIC_SDTYPES
    sides = _sides(real, synthetic)
    if x_numeric and y_numeric:
        figure = go.Figure()
        for name, frame, colour in sides:
            points = capped(frame)
            figure.add_trace(
                go.Scattergl(
                    x=_axis_values(points[x], sdtypes[x]),
                    y=_axis_values(points[y], sdtypes[y]),
                    mode="markers",
                    name=name,
                    marker={"color": colour, "size": 4, "opacity": 0.5},
                )
            )
        return _layout(figure, f"{x} vs {y}", xaxis_title=x, yaxis_title=y)
    if x_numeric != y_numeric:
        category, number = (y, x) if x_numeric else (x, y)
        keep = list(_labels(real[category]).value_counts().index[:TOP_CATEGORIES])
        figure = go.Figure()
        for name, frame, colour in sides:
            points = capped(frame)
            labels = _labels(points[category])
            figure.add_trace(
                go.Box(
                    x=labels.where(labels.isin(keep), _OTHER),
                    y=_axis_values(points[number], sdtypes[number]),
                    name=name,
                    marker_color=colour,
                )
            )
        figure.update_layout(boxmode="group")
        return _layout(figure, f"{number} by {category}", xaxis_title=category, yaxis_title=number)
    figure = make_subplots(rows=1, cols=len(sides), subplot_titles=[s[0] for s in sides])
    for index, (name, frame, colour) in enumerate(sides, start=1):
        shares = _top_crosstab(real, frame, x, y)
        figure.add_trace(
            go.Heatmap(
                z=shares.to_numpy(),
                x=list(shares.columns),
                y=list(shares.index),
                name=name,
                coloraxis="coloraxis",
                hovertemplate=f"{name}: %{{z:.1%}}<extra></extra>",
                showlegend=True,
                legendgroup=name,
            ),
            row=1,
            col=index,
        )
        figure.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=name, marker_color=colour, legendgroup=name
            ),
            row=1,
            col=index,
        )
    figure.update_layout(coloraxis={"colorscale": "Blues"})
    return _layout(figure, f"{x} x {y} (share of rows)")


def _axis_values(values: pd.Series, sdtype: str) -> pd.Series:
    """Numbers as floats and datetimes as timestamps, whatever dtype they arrived in."""
    if sdtype == "datetime":
        return as_datetimes(values)
    return as_numbers(values, sdtype)


def _top_crosstab(real: pd.DataFrame, frame: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    keep_x = list(_labels(real[x]).value_counts().index[:TOP_CATEGORIES])
    keep_y = list(_labels(real[y]).value_counts().index[:TOP_CATEGORIES])
    labels_x, labels_y = _labels(frame[x]), _labels(frame[y])
    table = pd.crosstab(
        labels_y.where(labels_y.isin(keep_y), _OTHER),
        labels_x.where(labels_x.isin(keep_x), _OTHER),
        normalize=True,
    )
    return table.reindex(index=[*keep_y, _OTHER], columns=[*keep_x, _OTHER], fill_value=0.0)


_CORRELATION_NOTE = "Spearman for number pairs, Cramér's V with a category"


def _heatmap(
    matrix: pd.DataFrame,
    name: str,
    zmin: float = -1.0,
    zmax: float = 1.0,
    colorscale: str = "RdBu",
    showscale: bool = True,
) -> go.Heatmap:
    return go.Heatmap(
        z=matrix.to_numpy(),
        x=list(matrix.columns),
        y=list(matrix.index),
        zmin=zmin,
        zmax=zmax,
        colorscale=colorscale,
        reversescale=colorscale == "RdBu",
        name=name,
        showscale=showscale,
        hovertemplate=f"{name} %{{y}} / %{{x}}: %{{z:.2f}}<extra></extra>",
    )


def correlation_heatmap(matrix: pd.DataFrame) -> go.Figure:
    """An association matrix (``statistics.association_matrix``) of one table."""
    figure = go.Figure(_heatmap(matrix, "Real"))
    return _layout(figure, "Column associations", _CORRELATION_NOTE, height=560)


def correlation_comparison(real_matrix: pd.DataFrame, synthetic_matrix: pd.DataFrame) -> go.Figure:
    """Real | synthetic | absolute difference of two association matrices."""
    difference = (real_matrix - synthetic_matrix).abs()
    figure = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=["Real", "Synthetic", "|Difference|"],
        horizontal_spacing=0.08,
    )
    figure.add_trace(_heatmap(real_matrix, "Real", showscale=False), row=1, col=1)
    figure.add_trace(_heatmap(synthetic_matrix, "Synthetic"), row=1, col=2)
    figure.add_trace(
        _heatmap(difference, "Difference", 0.0, 1.0, "Reds", showscale=False), row=1, col=3
    )
    figure.update_yaxes(showticklabels=False, row=1, col=2)
    figure.update_yaxes(showticklabels=False, row=1, col=3)
    return _layout(figure, "Associations, real vs synthetic", _CORRELATION_NOTE, height=560)


def cardinality_plot(
    real_tables: dict[str, pd.DataFrame],
    synthetic_tables: dict[str, pd.DataFrame] | None,
    relationship: Relationship,
) -> go.Figure:
    """Share of parents having 0, 1, 2, ... children, real vs synthetic."""
    parent, child = relationship.parent, relationship.child
    figure = go.Figure()
    for name, tables, colour in _sides(real_tables, synthetic_tables):
        counts = children_per_parent(tables[parent], tables[child], relationship)
        share = counts.value_counts(normalize=True).sort_index()
        figure.add_trace(go.Bar(x=share.index, y=share.to_numpy(), name=name, marker_color=colour))
    figure.update_layout(barmode="group")
    return _layout(
        figure,
        f"{child} rows per {parent} ({relationship.child_key})",
        xaxis_title=f"{child} rows per {parent}",
        yaxis_title="share of parents",
    )


#: Pixels per text line of a diagram box (plotly sets 11 px text 1.3 lines apart).
_LINE_PX = 15
_EDGE_COLOURS = plotly_colors.qualitative.Dark24


def _table_label(schema: Schema, name: str, keys: dict[str, str]) -> str:
    columns = schema.tables[name].columns
    shown = schema_layout.shown_columns(schema, name)
    lines = [f"<b>{name}</b>"]
    for col in shown:
        tag = f" [{keys[col]}]" if col in keys else ""
        lines.append(f"{col[:28]}: {columns[col].sdtype}{tag}")
    if len(columns) > len(shown):
        lines.append(f"... {len(columns) - len(shown)} more")
    return "<br>".join(lines)


def _key_tags(schema: Schema) -> dict[str, dict[str, str]]:
    """``[PK]``, ``[FK]`` (or ``[PK, FK]``) for each key column of each table."""
    tags: dict[str, dict[str, list[str]]] = {t: {} for t in schema.tables}
    for table, spec in schema.tables.items():
        if spec.primary_key:
            tags[table].setdefault(spec.primary_key, []).append("PK")
    for rel in schema.relationships:
        keys = tags.get(rel.child)
        if keys is not None and "FK" not in keys.get(rel.child_key, []):
            keys.setdefault(rel.child_key, []).append("FK")
    return {t: {c: ", ".join(v) for c, v in cols.items()} for t, cols in tags.items()}


def _edge_trace(edge: schema_layout.Edge, colour: str) -> go.Scatter:
    """The edge as a line under the boxes, with an arrowhead halfway along its widest leg
    (the one clear of the boxes)."""
    legs = list(zip(edge.points, edge.points[1:], strict=False))
    widest = max(range(len(legs)), key=lambda i: abs(legs[i][1][0] - legs[i][0][0]))
    (x0, y0), (x1, y1) = legs[widest]
    points = [*edge.points[:widest + 1], ((x0 + x1) / 2, (y0 + y1) / 2),
              *edge.points[widest + 1:]]
    sizes = [0] * len(points)
    sizes[widest + 1] = 13
    return go.Scatter(
        x=[x for x, _ in points], y=[y for _, y in points], mode="lines+markers",
        line={"color": colour, "width": 2},
        marker={"symbol": "arrow", "angleref": "previous", "size": sizes, "color": colour},
        name=edge.label, legendgroup=edge.label, hoverinfo="name",
    )


def schema_diagram(schema: Schema) -> go.Figure:
    """Tables as boxes (columns, sdtypes, keys) left to right by depth, one coloured edge per
    relationship from the parent's key line to the child's, named in the legend (labels on
    the edges overlapped wherever two relationships ran side by side)."""
    placed = schema_layout.layout(schema)
    tags = _key_tags(schema)
    figure = go.Figure()
    for i, edge in enumerate(placed.edges):
        figure.add_trace(_edge_trace(edge, _EDGE_COLOURS[i % len(_EDGE_COLOURS)]))
    for box in placed.boxes.values():
        figure.add_annotation(
            x=box.x, y=box.y, text=_table_label(schema, box.table, tags[box.table]),
            showarrow=False, align="left", bordercolor=REAL_COLOUR, borderwidth=2,
            borderpad=6, bgcolor="#eef4fb", font={"size": 11},
        )
    (x_low, x_high), (y_low, y_high) = placed.x_range, placed.y_range
    figure.update_xaxes(visible=False, range=[x_low - 0.6, x_high + 0.6])
    figure.update_yaxes(visible=False, range=[y_low - 1.0, y_high + 1.0])
    legend_px = 22 * len(placed.edges) + 20 if placed.edges else 0
    plot_px = int(_LINE_PX * (y_high - y_low + 2.0))
    figure.update_layout(
        title="Schema: parents left, children right; one line per relationship",
        template="plotly_white", showlegend=bool(placed.edges),
        legend={"orientation": "v", "y": 0, "yanchor": "top", "x": 0, "title": "Relationships"},
        margin={"t": 50, "b": legend_px + 10, "l": 10, "r": 10},
        height=plot_px + 60 + legend_px,
    )
    return figure


def importance_plot(importances: pd.DataFrame) -> go.Figure:
    """Feature importances of the real-trained and synthetic-trained utility models."""
    figure = go.Figure([
        go.Bar(x=importances["feature"], y=importances[side], name=name, marker_color=colour)
        for side, name, colour in (("real", "Real-trained", REAL_COLOUR),
                                   ("synthetic", "Synthetic-trained", SYNTHETIC_COLOUR))
    ])
    return _layout(figure, "Feature importances", barmode="group")
