"""Plain-language verdict and next steps from the scores.

The bands are our own choice, in steps of 0.1 on SDMetrics' 0..1 quality score:
0.9 and above Excellent, 0.8 Good, 0.7 Fair, below that Poor. Column and pair advice
uses the same scale (columns under 0.8 and pairs under 0.7 are called weak).
"""

import math

import pandas as pd

LEVELS = ((0.9, "Excellent"), (0.8, "Good"), (0.7, "Fair"), (0.0, "Poor"))
_WEAK_COLUMN = 0.8
_WEAK_PAIR = 0.7
# SDMetrics property, score below which the advice is given, the advice
_PROPERTY_ADVICE = (
    ("Column Shapes", 0.85, "Column shapes are off: train for more epochs, or try "
     "GaussianCopula, which matches each column's distribution directly."),
    ("Column Pair Trends", 0.8, "Relationships between columns are lost: train longer or "
     "use a neural model (CTGAN, TVAE) with a larger batch size."),
    ("Cardinality", 0.8, "Children per parent differ from the real data: use a relational "
     "model (HMA or IRGAN) rather than fitting tables independently."),
    ("Intertable Trends", 0.75, "Trends across related tables are weak: a relational model "
     "with more epochs usually helps."),
)


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
) -> list[str]:
    """Concrete next steps, most important first.

    ``copies_suspicious`` says whether synthetic rows repeat real ones more than real rows
    repeat each other; ``dcr_ratio`` is synthetic over holdout median distance.
    """
    advice: list[str] = []
    if math.isnan(quality):
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
    advice += [text for name, floor, text in _PROPERTY_ADVICE if properties.get(name, 1.0) < floor]
    if copies_suspicious or (dcr_ratio is not None and dcr_ratio < 0.5):
        advice.append(
            "Synthetic rows copy or sit very close to real rows: train for fewer epochs, "
            "use more data, or add noise before sharing."
        )
    if not math.isnan(quality) and quality >= 0.9 and not advice:
        advice.append("Quality is high and no privacy issue was found: ready for use.")
    elif quality < 0.7:
        advice.append(
            "Overall quality is poor: check the metadata first, then train for more epochs "
            "or compare another model."
        )
    return advice
