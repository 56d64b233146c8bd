"""SDMetrics quality and diagnostic reports, run exactly as SDV runs them.

We call the unified ``sdmetrics.reports.QualityReport``/``DiagnosticReport`` (the ones
``sdv.evaluation.evaluate_quality`` and ``run_diagnostic`` use; the per-kind
``reports.single_table``/``multi_table`` classes are deprecated aliases of the same
properties) on the full tables, so our scores are SDMetrics' own scores.
"""

import copy
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sdmetrics.reports import DiagnosticReport, QualityReport

from syndata.metadata import Schema


@dataclass
class ReportScores:
    """What one SDMetrics report found: overall score, property scores, details."""

    score: float
    properties: dict[str, float]
    details: dict[str, pd.DataFrame]


def sdmetrics_metadata(schema: Schema, written: Mapping[str, Any] | None = None) -> dict:
    """The SDV metadata dict SDMetrics reads, built here at its call and nowhere else.

    ``written`` is the metadata file as the user wrote it, when there is one: its extra
    keys (range_min, range_values, alternate_keys, ...) are kept because the diagnostic
    report reads them and ``Schema`` does not hold them, so dropping them would change
    its scores. Without it the schema's own SDV JSON is used.
    """
    spec = copy.deepcopy(dict(written)) if written is not None else schema.to_dict()
    spec.setdefault("relationships", [])
    spec.setdefault("METADATA_SPEC_VERSION", "V1")
    return spec


def _collect(report, score: float) -> ReportScores:
    properties: dict[str, float] = {}
    details: dict[str, pd.DataFrame] = {}
    table = report.get_properties()
    for name, value in zip(table["Property"], table["Score"], strict=True):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        properties[str(name)] = float(value)
        details[str(name)] = report.get_details(name)
    return ReportScores(score=float(score), properties=properties, details=details)


def run_report(
    kind: type[QualityReport] | type[DiagnosticReport],
    real: dict[str, pd.DataFrame],
    synthetic: dict[str, pd.DataFrame],
    schema: Schema,
    written: Mapping[str, Any] | None = None,
) -> ReportScores:
    """Run one SDMetrics report (``QualityReport`` or ``DiagnosticReport``) on full tables
    (``written``: see ``sdmetrics_metadata``)."""
    spec = sdmetrics_metadata(schema, written)
    # Columns the metadata does not describe are left out, as SDV's synthesizers do,
    # instead of failing the whole report.
    real_tables = {n: real[n][list(t["columns"])] for n, t in spec["tables"].items()}
    synthetic_tables = {n: synthetic[n][list(t["columns"])] for n, t in spec["tables"].items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = kind()
        report.generate(real_tables, synthetic_tables, spec, verbose=False)
        return _collect(report, report.get_score())


def not_run() -> ReportScores:
    """The scores of a report that could not run: no score, no property, no detail."""
    return ReportScores(score=math.nan, properties={}, details={})
