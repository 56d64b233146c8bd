"""What an evaluation found, in one object the app, the report and the CLI share."""

import json
import math
from dataclasses import dataclass, field

import pandas as pd

from syndata.evaluation.isolation import NotComputed
from syndata.evaluation.privacy import Finding, TablePrivacy
from syndata.evaluation.sequences import SequenceScores
from syndata.evaluation.utility import UtilityResult


def _number(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


@dataclass
class PrivacyResult:
    """Headline privacy figures plus the per-table detail behind them.

    ``exact_copy_share`` pools every table's synthetic rows; ``exact_copy_baseline`` is the
    same share measured between real holdout and reference rows (how often real rows repeat
    each other). The two DCR medians come from the table with the most synthetic rows
    (``dcr_table``), where distances mean most, and so does ``membership_advantage`` (the
    membership attack's, NaN without a holdout). A figure no table could compute is NaN
    (``null`` in JSON).
    """

    exact_copy_share: float
    exact_copy_baseline: float
    dcr_synthetic: float
    dcr_holdout: float
    dcr_table: str
    pii_overlap: dict[str, float]
    findings: list[Finding]
    tables: list[TablePrivacy] = field(default_factory=list)
    membership_advantage: float = math.nan

    def to_json(self) -> dict:
        """Plain types for scores.json."""
        return {
            "exact_copy_share": _number(self.exact_copy_share),
            "exact_copy_baseline": _number(self.exact_copy_baseline),
            "dcr_synthetic": _number(self.dcr_synthetic),
            "dcr_holdout": _number(self.dcr_holdout),
            "dcr_table": self.dcr_table,
            "membership_advantage": _number(self.membership_advantage),
            "pii_overlap": self.pii_overlap,
            "findings": [
                {"name": f.name, "value": _number(f.value), "reading": f.reading}
                for f in self.findings
            ],
            "tables": {
                t.table: {
                    "exact_copy_share": _number(t.exact_copy_share),
                    "exact_copy_baseline": _number(t.exact_copy_baseline),
                    "dcr_synthetic": _number(t.dcr_synthetic),
                    "dcr_holdout": _number(t.dcr_holdout),
                    "pii_overlap": t.pii_overlap,
                    "membership": t.membership.to_json() if t.membership else None,
                    "attribute_inference": [risk.to_json() for risk in t.attributes],
                    "value_overlap": [column.to_json() for column in t.value_overlap],
                }
                for t in self.tables
            },
        }


@dataclass
class EvaluationResult:
    """Scores, details, verdict, privacy and utility of one real/synthetic comparison.

    ``properties`` holds the quality properties and ``diagnostic_properties`` the
    diagnostic ones, exactly as SDMetrics reports them. ``column_details`` and
    ``pair_details`` are SDMetrics' Column Shapes and Column Pair Trends tables;
    ``details`` has every property's table by name. ``not_computed`` lists the checks
    that failed on this data, each with its reason; everything else is still filled in.
    ``sequences`` has the sequence checks of each table marked sequential.
    """

    quality: float
    diagnostic: float
    properties: dict[str, float]
    diagnostic_properties: dict[str, float]
    column_details: pd.DataFrame
    pair_details: pd.DataFrame
    details: dict[str, pd.DataFrame]
    level: str
    recommendations: list[str]
    privacy: PrivacyResult
    utility: UtilityResult | None
    sampled_rows: str
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    not_computed: list[NotComputed] = field(default_factory=list)
    sequences: list[SequenceScores] = field(default_factory=list)

    def to_json(self) -> dict:
        """Everything except the detail tables as JSON-ready plain types."""
        return {
            "quality": _number(self.quality),
            "diagnostic": _number(self.diagnostic),
            "level": self.level,
            "properties": dict(self.properties),
            "diagnostic_properties": dict(self.diagnostic_properties),
            "columns": _records(self.column_details),
            "recommendations": list(self.recommendations),
            "privacy": self.privacy.to_json(),
            "utility": self.utility.to_json() if self.utility else None,
            "sampled_rows": self.sampled_rows,
            "rows": self.rows,
            "sequences": {s.table: s.to_json() for s in self.sequences},
            "not_computed": [
                {"section": item.section, "reason": item.reason} for item in self.not_computed
            ],
        }


def _records(frame: pd.DataFrame) -> list[dict]:
    """Detail rows as plain dicts (NaN as None, numpy numbers as Python numbers)."""
    return json.loads(frame.to_json(orient="records", date_format="iso"))
