"""One self-contained HTML report of an evaluation (presentation: it draws what
``syndata.evaluation`` computed, with ``plots``; evaluation never imports it).

The plotly library is inlined once, before the first figure, and every later figure reuses
it, so the file opens offline and stays a few megabytes. Every section is always present,
with a sentence saying why when it does not apply (no relationships, no target) or could
not be computed (each section and each figure is drawn on its own, so one that fails only
replaces itself with a "Not computed" line). No real value of a personal or identifying
column is written (see ``redaction``): charts and statistics are drawn from redacted
copies of the tables.
"""

import html
import math
from dataclasses import dataclass, field
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from syndata import plots
from syndata.evaluation.encoding import column_sdtypes, usable_columns
from syndata.evaluation.isolation import NotComputed, attempt
from syndata.evaluation.redaction import Redactor
from syndata.evaluation.result import EvaluationResult, PrivacyResult
from syndata.evaluation.sequences import SEQUENCES_NOTE, sequence_frame
from syndata.evaluation.statistics import association_matrix, capped, summary_statistics
from syndata.metadata import Schema

#: Per-table cap on distribution figures, weakest columns first, to keep the file light.
MAX_DISTRIBUTIONS = 30
SECTIONS = (
    ("scores", "Scores"),
    ("properties", "Properties"),
    ("verdict", "Verdict and recommendations"),
    ("distributions", "Column distributions"),
    ("correlations", "Correlations"),
    ("cardinality", "Cardinality"),
    ("sequences", "Sequences"),
    ("summary", "Summary statistics"),
    ("schema", "Schema"),
    ("privacy", "Privacy"),
    ("utility", "ML utility"),
    ("skipped", "Not computed"),
    ("sample", "Sampling note"),
)
_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2733}
main{max-width:1150px;margin:0 auto;padding:24px}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid #dde3ea;padding:8px 24px;
font-size:14px;z-index:10}
nav a{margin-right:14px;color:#1f77b4;text-decoration:none}
section{margin:32px 0;border-top:1px solid #eef1f4;padding-top:8px}
.cards{display:flex;gap:16px;flex-wrap:wrap}
.card{border:1px solid #dde3ea;border-radius:8px;padding:12px 18px;min-width:150px}
.card b{display:block;font-size:28px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border:1px solid #dde3ea;padding:4px 8px;text-align:left}
th{background:#f4f6f9}
.note{color:#5a6572;font-size:14px}
.legend-real{color:#1f77b4;font-weight:600}.legend-synthetic{color:#ff7f0e;font-weight:600}
"""


@dataclass
class _Builder:
    """Collects HTML pieces; inlines plotly.js with the first figure only."""

    redactor: Redactor = field(default_factory=Redactor)
    parts: list[str] = field(default_factory=list)
    js_inlined: bool = False
    skipped: list[NotComputed] = field(default_factory=list)

    def isolated(self, section: str, draw) -> None:
        """``draw()``; when it fails, a "Not computed" line in its place instead."""
        mark, inlined = len(self.parts), self.js_inlined
        if attempt(section, lambda: draw() or True, self.skipped, self.redactor.scrub) is None:
            del self.parts[mark:]
            self.js_inlined = inlined
            self.text(self.skipped[-1].line, css="note")

    def text(self, content: str, tag: str = "p", css: str = "") -> None:
        attribute = f' class="{css}"' if css else ""
        self.parts.append(f"<{tag}{attribute}>{html.escape(content)}</{tag}>")

    def raw(self, content: str) -> None:
        self.parts.append(content)

    def figure(self, figure: go.Figure) -> None:
        self.parts.append(
            figure.to_html(
                full_html=False,
                include_plotlyjs=not self.js_inlined,
                config={"displaylogo": False, "responsive": True},
            )
        )
        self.js_inlined = True

    def table(self, frame: pd.DataFrame, rows: int = 200) -> None:
        self.parts.append(
            frame.head(rows).to_html(index=False, float_format=lambda v: f"{v:.4f}", na_rep="")
        )

    def section(self, anchor: str, title: str) -> None:
        self.parts.append(f'</section><section id="{anchor}"><h2>{html.escape(title)}</h2>')


def _cards(builder: _Builder, values: dict[str, str]) -> None:
    cards = "".join(
        f'<div class="card">{html.escape(name)}<b>{html.escape(value)}</b></div>'
        for name, value in values.items()
    )
    builder.raw(f'<div class="cards">{cards}</div>')


def _distributions(builder, result, real, synthetic, schema: Schema, max_rows) -> None:
    builder.raw(
        '<p class="note">Share of rows per bin or category: '
        '<span class="legend-real">real</span> vs '
        '<span class="legend-synthetic">synthetic</span>, weakest columns first. Values '
        "of personal or identifying columns are not shown; categories seen fewer than "
        "5 times in the real data show as \"(rare values hidden)\".</p>"
    )
    scores = {}
    if not result.column_details.empty:
        for row in result.column_details.itertuples(index=False):
            scores[(row.Table, row.Column)] = row.Score
    redactor = builder.redactor
    for table, table_schema in schema.tables.items():
        sdtypes = column_sdtypes(table_schema)
        columns = [c for c in sdtypes if c in real[table] and c in synthetic[table]]
        columns.sort(key=lambda c: scores.get((table, c), 2.0))
        builder.text(f"Table {table}", "h3")
        safe_real = redactor.frame(table, capped(real[table], max_rows))
        safe_synthetic = redactor.frame(table, capped(synthetic[table], max_rows))
        hidden = []
        for column in columns[:MAX_DISTRIBUTIONS]:
            why = redactor.hidden_reason(table, column)
            if why:
                hidden.append(f"{column} ({why})")
                continue
            builder.isolated(
                f"Distribution of {table}.{column}",
                partial(
                    _distribution,
                    builder,
                    safe_real[column],
                    safe_synthetic[column],
                    sdtypes[column],
                ),
            )
        if hidden:
            builder.text("Values not drawn: " + "; ".join(hidden) + ".", css="note")
        if len(columns) > MAX_DISTRIBUTIONS:
            builder.text(
                f"{len(columns) - MAX_DISTRIBUTIONS} more columns are not drawn here; "
                "see them in the app's Visualise page.",
                css="note",
            )


def _distribution(builder: _Builder, real: pd.Series, synthetic: pd.Series, sdtype: str) -> None:
    builder.figure(plots.column_distribution(real, synthetic, sdtype))


def _summary(builder: _Builder, real, synthetic, schema: Schema) -> None:
    """Summary statistics from redacted tables; the distinct counts (aggregates, safe to
    show) from the real values, since redaction merges hidden values into one label."""
    redactor = builder.redactor
    for table, table_schema in schema.tables.items():
        builder.text(f"Table {table}", "h3")

        def draw(table=table, table_schema=table_schema) -> None:
            stats = summary_statistics(
                redactor.frame(table, real[table]),
                redactor.frame(table, synthetic[table]),
                table_schema,
            )
            for side, frame in (("real", real[table]), ("synthetic", synthetic[table])):
                distinct = stats["statistic"] == "distinct"
                stats.loc[distinct, side] = [
                    str(frame[column].nunique()) for column in stats.loc[distinct, "column"]
                ]
            builder.table(stats, rows=1000)

        builder.isolated(f"Summary statistics of {table}", draw)


def _percent(score: float) -> str:
    return "n/a" if math.isnan(score) else f"{score:.1%}"


def figure_text(value: float, spec: str) -> str:
    """A headline figure, or "not computed" when its check failed (NaN)."""
    return "not computed" if math.isnan(value) else format(value, spec)


ATTACKS_NOTE = (
    "Membership attack: an attacker holding the synthetic data guesses which real rows the "
    "model was trained on from their distance to the closest synthetic row; the advantage "
    "is 2 x (AUC - 0.5) against real rows the model never saw: 0 is a coin toss, 1 finds "
    "every training row, and it needs a holdout of rows left out of the fit (the DCR "
    "holdout is a split of the rows given, which the model may have seen). Attribute "
    "inference guesses a column of a real row from its other columns via the closest "
    "synthetic row; its advantage is the success on training rows minus the success on "
    "holdout rows (without a holdout: minus the majority or median guess's)."
)


def overlap_frame(privacy: PrivacyResult) -> pd.DataFrame:
    """Every column of every table: the share of synthetic values that are real values,
    how unique the real values are, and whether that is a leak (no value is shown)."""
    return pd.DataFrame([
        {
            "table": table.table,
            "column": o.column,
            "sdtype": o.sdtype,
            "synthetic values that are real": f"{o.real_share:.1%}",
            "distinct real values per row": f"{o.distinct_share:.1%}",
            "leak": "yes: near-unique values copied" if o.flagged else (
                "key (generated anew)" if o.key else ""),
        }
        for table in privacy.tables
        for o in table.value_overlap
    ])


def _privacy(builder: _Builder, result: EvaluationResult) -> None:
    privacy = result.privacy
    _cards(
        builder,
        {
            "Exact copies": figure_text(privacy.exact_copy_share, ".1%"),
            "Real-to-real repeats": figure_text(privacy.exact_copy_baseline, ".1%"),
            "Median DCR synthetic": figure_text(privacy.dcr_synthetic, ".3f"),
            "Median DCR holdout": figure_text(privacy.dcr_holdout, ".3f"),
            "Membership attack advantage": figure_text(privacy.membership_advantage, ".3f"),
        },
    )
    builder.text(
        "DCR: distance from each row to its closest real row, with numbers scaled to the real "
        "range and categories one-hot. The holdout is a random 20% of the real rows measured "
        f"against the other 80%; headline distances are for table '{privacy.dcr_table}'.",
        css="note",
    )
    findings = pd.DataFrame(
        [{"check": f.name, "value": f.value, "reading": f.reading} for f in privacy.findings]
    )
    builder.table(findings)
    builder.text(ATTACKS_NOTE, css="note")
    builder.text("Real values per column (every column, whatever its type):")
    builder.table(overlap_frame(privacy))


def _utility(builder: _Builder, result: EvaluationResult) -> None:
    utility = result.utility
    failed = [item for item in result.not_computed if item.section.startswith("ML utility")]
    if failed:
        builder.text(failed[0].line, css="note")
        return
    if utility is None:
        builder.text(
            "No target column was chosen. Pick one (CLI: --target TABLE.COLUMN) to compare a "
            "model trained on synthetic rows with one trained on real rows.",
            css="note",
        )
        return
    builder.text(f"Target {utility.target} ({utility.task}). {utility.reading}")
    scores = pd.DataFrame(utility.metrics).T.reset_index(names="trained on")
    builder.table(scores)
    builder.text(
        f"Both models are random forests tested on the same real holdout "
        f"({utility.rows.get('holdout', 0)} rows).",
        css="note",
    )
    figure = plots.importance_plot(utility.importances)
    builder.figure(figure)


def _sequences(builder: _Builder, result: EvaluationResult) -> None:
    failed = [item for item in result.not_computed if item.section == "Sequence checks"]
    if failed:
        builder.text(failed[0].line, css="note")
        return
    if not result.sequences:
        builder.text("No table is marked sequential (a sequence key and index), so there are "
                     "no sequences to compare.", css="note")
        return
    builder.table(sequence_frame(result.sequences))
    builder.text(SEQUENCES_NOTE, css="note")


def _skipped(builder: _Builder, result: EvaluationResult) -> None:
    items = [*result.not_computed, *builder.skipped]
    if not items:
        builder.text("Every check was computed.", css="note")
        return
    builder.text(
        "These checks could not run on this data; every other result in this report stands.",
        css="note",
    )
    builder.raw("<ul>" + "".join(f"<li>{html.escape(item.line)}</li>" for item in items) + "</ul>")


def render_report(
    result: EvaluationResult,
    real: dict[str, pd.DataFrame],
    synthetic: dict[str, pd.DataFrame],
    schema: Schema,
    *,
    max_rows: int = 20000,
    title: str = "Synthetic data evaluation",
) -> str:
    """The whole report as one HTML string (write it with ``encoding="utf-8"``)."""
    builder = _Builder(redactor=Redactor.build(real, schema))
    nav = "".join(f'<a href="#{anchor}">{html.escape(name)}</a>' for anchor, name in SECTIONS)
    builder.raw(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{_STYLE}</style></head><body><nav>{nav}</nav><main>"
        f"<h1>{html.escape(title)}</h1><section>"
    )
    builder.section("scores", "Scores")
    _cards(
        builder,
        {
            "Quality": _percent(result.quality),
            "Diagnostic": _percent(result.diagnostic),
            "Level": result.level,
        },
    )
    rows = pd.DataFrame(
        [
            {"table": t, "real rows": n["real"], "synthetic rows": n["synthetic"]}
            for t, n in result.rows.items()
        ]
    )
    builder.table(rows)
    builder.text(
        "Quality and diagnostic are SDMetrics' QualityReport and DiagnosticReport scores.",
        css="note",
    )

    builder.section("properties", "Properties")
    builder.isolated("Properties", lambda: _properties(builder, result))

    builder.section("verdict", "Verdict and recommendations")
    builder.text(f"Quality level: {result.level}.", "h3")
    builder.raw(
        "<ul>" + "".join(f"<li>{html.escape(r)}</li>" for r in result.recommendations) + "</ul>"
    )

    builder.section("distributions", "Column distributions")
    _distributions(builder, result, real, synthetic, schema, max_rows)

    builder.section("correlations", "Correlations")
    for table, table_schema in schema.tables.items():
        if len(usable_columns(table_schema, real[table])) < 2:
            builder.text(f"Table {table}: fewer than two comparable columns.", css="note")
            continue
        builder.text(f"Table {table}", "h3")
        builder.isolated(
            f"Correlations of {table}",
            lambda table=table, table_schema=table_schema: builder.figure(
                plots.correlation_comparison(
                    association_matrix(capped(real[table], max_rows), table_schema),
                    association_matrix(capped(synthetic[table], max_rows), table_schema),
                )
            ),
        )

    builder.section("cardinality", "Cardinality")
    relationships = schema.relationships
    if not relationships:
        builder.text(
            "No relationships between tables, so there is no cardinality to compare.", css="note"
        )
    for relationship in relationships:
        builder.isolated(
            f"Cardinality of {relationship.child}.{relationship.child_key}",
            lambda relationship=relationship: builder.figure(
                plots.cardinality_plot(real, synthetic, relationship)
            ),
        )

    builder.section("sequences", "Sequences")
    _sequences(builder, result)

    builder.section("summary", "Summary statistics")
    _summary(builder, real, synthetic, schema)

    builder.section("schema", "Schema")
    builder.isolated("Schema diagram", lambda: builder.figure(plots.schema_diagram(schema)))

    builder.section("privacy", "Privacy")
    builder.isolated("Privacy", lambda: _privacy(builder, result))

    builder.section("utility", "ML utility")
    builder.isolated("ML utility", lambda: _utility(builder, result))

    builder.section("skipped", "Not computed")
    _skipped(builder, result)

    builder.section("sample", "Sampling note")
    builder.text(result.sampled_rows)
    builder.raw("</section></main></body></html>")
    return "".join(builder.parts)


def _properties(builder: _Builder, result: EvaluationResult) -> None:
    properties = [
        {"report": "quality", "property": k, "score": v} for k, v in result.properties.items()
    ]
    properties += [
        {"report": "diagnostic", "property": k, "score": v}
        for k, v in result.diagnostic_properties.items()
    ]
    builder.table(pd.DataFrame(properties))
    if not result.column_details.empty:
        builder.text("Column shapes (weakest first)", "h3")
        builder.table(result.column_details.sort_values("Score"), rows=50)
    if not result.pair_details.empty:
        builder.text("Column pair trends (weakest first)", "h3")
        builder.table(result.pair_details.sort_values("Score"), rows=50)
