"""Plain-language verdict and next steps from the scores.

The bands are our own choice, in steps of 0.1 on SDMetrics' 0..1 quality score:
0.9 and above Excellent, 0.8 Good, 0.7 Fair, below that Poor. Column and pair advice
uses the same scale (columns under 0.8 and pairs under 0.7 are called weak).
"""

import math
from dataclasses import dataclass

import pandas as pd

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
_NAMES = {
    "gaussian_copula": "GaussianCopula",
    "ctgan": "CTGAN",
    "tvae": "TVAE",
    "copulagan": "CopulaGAN",
    "hma": "HMA",
    "irgan": "IRGAN",
}
_NEURAL = ("ctgan", "tvae", "copulagan")
_RELATIONAL = ("hma", "irgan")


@dataclass(frozen=True)
class FitContext:
    """What made the synthetic data, so advice names models that fit the case.

    ``model`` is the registry name (``hma``, ``ctgan``...) or None when unknown (the CLI
    without ``--model``); ``multi_table`` says whether related tables were compared;
    ``hma_problem`` is why HMA refuses this schema (more than 5 tables, depth over 2...),
    None when it accepts it.
    """

    model: str | None = None
    multi_table: bool = False
    hma_problem: str | None = None

    @property
    def relational_models(self) -> str:
        """The models that learn how tables relate and can take this schema."""
        return "IRGAN" if self.hma_problem else "HMA or IRGAN"

    @property
    def name(self) -> str:
        return _NAMES.get(self.model or "", self.model or "the model")


def _others(context: FitContext, candidates: tuple[str, ...]) -> str:
    return ", ".join(_NAMES[m] for m in candidates if m != context.model)


def _shapes_advice(context: FitContext) -> str:
    start = "Column shapes are off: "
    if context.model == "gaussian_copula":
        return start + (
            "try another marginal distribution (e.g. 'gaussian_kde' or 'truncnorm'), or a "
            "neural model (CTGAN, TVAE) or IRGAN."
        )
    if context.model in _NEURAL or context.model == "irgan":
        return start + (
            f"train {context.name} for more epochs, or compare GaussianCopula, which matches "
            "each column's distribution directly."
            if not context.multi_table
            else f"train {context.name} for more epochs."
        )
    if context.model == "hma":
        return start + "try another marginal distribution for HMA, or fit IRGAN."
    if context.multi_table:
        return start + f"train longer or compare {context.relational_models}."
    return start + (
        "train for more epochs, or try GaussianCopula, which matches each column's "
        "distribution directly."
    )


def _pairs_advice(context: FitContext) -> str:
    start = "Relationships between columns are lost: "
    if context.model == "gaussian_copula":
        return start + "a neural model (CTGAN, TVAE) or IRGAN usually keeps them better."
    if context.model in _NEURAL:
        return start + (
            f"train {context.name} for more epochs or with a larger batch size, or compare "
            f"{_others(context, (*_NEURAL, 'irgan'))}."
        )
    if context.model == "irgan":
        return start + "train IRGAN for more epochs or with more hidden units."
    if context.model == "hma":
        return start + "fit IRGAN, which learns the columns jointly with a GAN."
    if context.multi_table:
        return start + f"train longer or compare {context.relational_models}."
    return start + "train longer, or compare a neural model (CTGAN, TVAE) or IRGAN."


def _relational_advice(context: FitContext, problem: str) -> str:
    if context.model == "irgan":
        return f"{problem}: train IRGAN for more epochs."
    if context.model == "hma":
        return f"{problem}: fit IRGAN and compare."
    if context.model is None:
        return (
            f"{problem}: if the tables were fitted independently, use a relational model "
            f"({context.relational_models}); otherwise train it for more epochs."
        )
    return (
        f"{problem}: {context.name} fits each table on its own; use a relational model "
        f"({context.relational_models}) instead."
    )


def property_advice(name: str, context: FitContext) -> str:
    """The next step for one weak SDMetrics property, given what made the data."""
    if name == "Column Shapes":
        return _shapes_advice(context)
    if name == "Column Pair Trends":
        return _pairs_advice(context)
    if name == "Cardinality":
        return _relational_advice(context, "Children per parent differ from the real data")
    return _relational_advice(context, "Trends across related tables are weak")


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
            f"Overall quality is poor: check the metadata first, then {_poor_next(context)}"
        )
    return advice


def _poor_next(context: FitContext) -> str:
    """What to try after the metadata; GaussianCopula and HMA have no epochs to add."""
    if context.model in ("gaussian_copula", "hma"):
        others = "IRGAN" if context.multi_table else _others(context, ("ctgan", "tvae", "irgan"))
        return f"compare another model ({others})."
    if context.model is not None:
        return f"train {context.name} for more epochs or compare another model."
    return "train for more epochs or compare another model."
