"""SDMetrics quality and diagnostic reports, run exactly as SDV runs them.

We call the unified ``sdmetrics.reports.QualityReport``/``DiagnosticReport`` (the ones
``sdv.evaluation.evaluate_quality`` and ``run_diagnostic`` use; the per-kind
``reports.single_table``/``multi_table`` classes are deprecated aliases of the same
properties) on the full tables, so our scores are SDMetrics' own scores.
"""

import copy
import math
import warnings
from dataclasses import dataclass

import pandas as pd
from sdmetrics.reports import DiagnosticReport, QualityReport


@dataclass
class ReportScores:
    """What one SDMetrics report found: overall score, property scores, details."""

    score: float
    properties: dict[str, float]
    details: dict[str, pd.DataFrame]


def sdmetrics_metadata(metadata: dict) -> dict:
    """A private copy of the metadata with the keys SDMetrics expects present.

    Extra keys of detected V2 metadata (range_min, range_values, ...) are kept: the
    diagnostic report reads them, so dropping them would change its scores.
    """
    spec = copy.deepcopy(metadata)
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
    metadata: dict,
) -> ReportScores:
    """Run one SDMetrics report (``QualityReport`` or ``DiagnosticReport``) on full tables."""
    spec = sdmetrics_metadata(metadata)
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
