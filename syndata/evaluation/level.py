"""Plain-language verdict and next steps from the scores.

The bands are our own choice, in steps of 0.1 on SDMetrics' 0..1 quality score:
0.9 and above Excellent, 0.8 Good, 0.7 Fair, below that Poor. Column and pair advice
uses the same scale (columns under 0.8 and pairs under 0.7 are called weak).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from syndata.errors import SyndataError, one_line
from syndata.metadata import Schema
from syndata.models import ModelFamily, find_family, models_for
from syndata.models.unnamed import UnnamedModel

LEVELS = ((0.9, "Excellent"), (0.8, "Good"), (0.7, "Fair"), (0.0, "Poor"))
_WEAK_COLUMN = 0.8
_WEAK_PAIR = 0.7
# SDMetrics property and the score below which its advice is given.
_PROPERTY_FLOORS = (
    ("Column Shapes", 0.85),
    ("Column Pair Trends", 0.8),
    ("Cardinality", 0.8),
    ("Intertable Trends", 0.75),
)


@dataclass(frozen=True)
class FitContext:
    """What made the synthetic data, so advice names models that fit the case.

    ``model`` is the registry name or None when unknown (the CLI without ``--model``);
    ``multi_table`` says whether related tables were compared; ``refusals`` maps each
    relational family that refuses this schema to why (a limit on tables or depth...).
    """

    model: str | None = None
    multi_table: bool = False
    refusals: Mapping[str, str] = field(default_factory=dict)

    @property
    def relational_models(self) -> str:
        """The models that learn how tables relate and can take this schema."""
        return " or ".join(f.short for f in models_for(multi_table=True)
                           if f.name not in self.refusals)

    @property
    def advisor(self) -> ModelFamily | UnnamedModel:
        """The model's family, which knows what to try next with it."""
        return find_family(self.model) or UnnamedModel(self.model)


def refusals(schema: Schema) -> dict[str, str]:
    """Each relational family that refuses ``schema``, with why (its error, for a cycle)."""
    found = {}
    for family in models_for(multi_table=True):
        try:
            problem = family.check(schema)
        except SyndataError as error:
            problem = one_line(error)
        if problem:
            found[family.name] = problem
    return found


def property_advice(name: str, context: FitContext) -> str:
    """The next step for one weak SDMetrics property, given what made the data."""
    advisor, models = context.advisor, context.relational_models
    if name == "Column Shapes":
        return "Column shapes are off: " + advisor.shapes_advice(context.multi_table, models)
    if name == "Column Pair Trends":
        return ("Relationships between columns are lost: "
                + advisor.pairs_advice(context.multi_table, models))
    if name == "Cardinality":
        return advisor.relational_advice("Children per parent differ from the real data", models)
    return advisor.relational_advice("Trends across related tables are weak", models)


NOT_SCORED = "Not scored"


def quality_level(score: float) -> str:
    """Excellent / Good / Fair / Poor for a quality score in 0..1; ``NOT_SCORED`` for NaN
    (SDMetrics scores no column of a table that holds only keys or ids)."""
    if math.isnan(score):
        return NOT_SCORED
    for threshold, name in LEVELS:
        if score >= threshold:
            return name
    return LEVELS[-1][1]


def _weakest(
    details: pd.DataFrame | None, columns: list[str], limit: int, below: float
) -> list[str]:
    if details is None or details.empty or "Score" not in details:
        return []
    scored = details.dropna(subset=["Score"]).sort_values("Score")
    scored = scored[scored["Score"] < below].head(limit)
    names = []
    for _, row in scored.iterrows():
        label = " / ".join(str(row[c]) for c in columns if c in row and pd.notna(row[c]))
        names.append(f"{label} ({row['Score']:.2f})")
    return names


def recommendations(
    quality: float,
    diagnostic: float,
    properties: dict[str, float],
    column_details: pd.DataFrame | None,
    pair_details: pd.DataFrame | None,
    copies_suspicious: bool,
    dcr_ratio: float | None,
    context: FitContext | None = None,
    quality_failed: bool = False,
    incomplete: bool = False,
) -> list[str]:
    """Concrete next steps, most important first.

    ``copies_suspicious`` says whether synthetic rows repeat real ones more than real rows
    repeat each other; ``dcr_ratio`` is synthetic over holdout median distance;
    ``context`` what made the data; ``quality_failed`` that the quality report could not
    run (rather than finding nothing to score); ``incomplete`` that some check did not run,
    so a clean verdict must say it covers only the checks that ran.
    """
    context = context or FitContext()
    advice: list[str] = []
    if quality_failed:
        advice.append(
            "No quality score: SDMetrics' quality report could not run on this data (see "
            "the checks not computed); the other results stand."
        )
    elif math.isnan(quality):
        advice.append(
            "No quality score: every column is a key, an id or personal data, which SDMetrics "
            "does not compare. Check the column types in the metadata."
        )
    if diagnostic < 0.99:
        advice.append(
            f"Diagnostic score {diagnostic:.2f} is below 1: some synthetic values break the "
            "real ranges, categories or keys. Check the metadata (types, keys, relationships) "
            "and use a model that enforces them."
        )
    weak_columns = _weakest(column_details, ["Table", "Column"], 5, _WEAK_COLUMN)
    if weak_columns:
        advice.append("Weakest column shapes: " + ", ".join(weak_columns) + ".")
    weak_pairs = _weakest(pair_details, ["Table", "Column 1", "Column 2"], 5, _WEAK_PAIR)
    if weak_pairs:
        advice.append("Weakest column pairs: " + ", ".join(weak_pairs) + ".")
    advice += [
        property_advice(name, context)
        for name, floor in _PROPERTY_FLOORS
        if properties.get(name, 1.0) < floor
    ]
    if copies_suspicious or (dcr_ratio is not None and dcr_ratio < 0.5):
        advice.append(
            "Synthetic rows copy or sit very close to real rows: train for fewer epochs, "
            "use more data, or add noise before sharing."
        )
    if not math.isnan(quality) and quality >= 0.9 and not advice:
        advice.append(
            "Quality is high and the checks that ran found no privacy issue; look at the "
            "checks not computed before sharing."
            if incomplete
            else "Quality is high and no privacy issue was found: ready for use."
        )
    elif quality < 0.7:
        advice.append(
            "Overall quality is poor: check the metadata first, then "
            + context.advisor.poor_advice(context.multi_table)
        )
    return advice
