"""One call that runs every check and returns an ``EvaluationResult``."""

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sdmetrics.reports import DiagnosticReport, QualityReport

from syndata.errors import EvaluationError
from syndata.evaluation.attacks import ATTACK_ROWS
from syndata.evaluation.isolation import NotComputed, attempt
from syndata.evaluation.level import FitContext, quality_level, recommendations, refusals
from syndata.evaluation.privacy import (
    DCR_BASELINE_SAMPLE,
    DCR_QUERY_ROWS,
    NEW_ROWS_SAMPLE,
    Finding,
    TablePrivacy,
    copies_are_suspicious,
    table_privacy,
)
from syndata.evaluation.quality import not_run, run_report
from syndata.evaluation.redaction import Redactor
from syndata.evaluation.result import EvaluationResult, PrivacyResult
from syndata.evaluation.sequences import sequence_checks
from syndata.evaluation.statistics import SAMPLE_ROWS
from syndata.evaluation.utility import ml_utility, parse_target
from syndata.metadata import Schema
from syndata.progress import Progress, ProgressCallback, ignore_progress


def check_inputs(
    real: dict[str, pd.DataFrame], synthetic: dict[str, pd.DataFrame], schema: Schema
) -> None:
    """Fail early, with one actionable line, when the two sets cannot be compared."""
    tables = schema.tables
    if not tables:
        raise EvaluationError("The metadata describes no table; detect or load it first.")
    for name, table_schema in tables.items():
        for side, data in (("real", real), ("synthetic", synthetic)):
            if name not in data:
                raise EvaluationError(
                    f"Table '{name}' is missing from the {side} data; give both sets the "
                    "same tables (one CSV per table, named after it)."
                )
            missing = [c for c in table_schema.columns if c not in data[name].columns]
            if missing:
                raise EvaluationError(
                    f"The {side} table '{name}' lacks column(s) {', '.join(missing[:10])} "
                    "that the metadata lists; regenerate it or fix the metadata."
                )
        for side, data in (("real", real), ("synthetic", synthetic)):
            if data[name].empty:
                raise EvaluationError(f"The {side} table '{name}' has no rows to compare.")


def check_holdout(holdout: Mapping[str, pd.DataFrame], schema: Schema) -> None:
    """A holdout table must be one the metadata describes, with its columns."""
    for name, frame in holdout.items():
        if name not in schema.tables:
            raise EvaluationError(
                f"The holdout has a table '{name}' that the metadata does not describe; name "
                f"each holdout CSV after its table ({', '.join(schema.tables)})."
            )
        missing = [c for c in schema.tables[name].columns if c not in frame.columns]
        if missing:
            raise EvaluationError(
                f"The holdout table '{name}' lacks column(s) {', '.join(missing[:10])}; give "
                "it the real table's columns (rows the model was not fitted on)."
            )


def _sample_note(
    real: dict[str, pd.DataFrame],
    synthetic: dict[str, pd.DataFrame],
    names: list[str],
    max_rows: int,
    seed: int,
) -> str:
    large = [
        f"{name} (real {len(real[name]):,}, synthetic {len(synthetic[name]):,})"
        for name in names
        if len(real[name]) > max_rows or len(synthetic[name]) > max_rows
    ]
    note = (
        "Quality and diagnostic scores use every row (SDMetrics itself subsamples pair "
        "metrics above 50,000 rows). "
    )
    if large:
        note += (
            f"Privacy, utility and distribution plots use a random sample of {max_rows:,} "
            f"rows per side (seed {seed}) for: " + "; ".join(large) + ". "
        )
    else:
        note += (
            "Privacy, utility and distribution plots use every row (no table is larger than "
            f"{max_rows:,} rows). "
        )
    return note + (
        f"Within that, distance medians use at most {DCR_QUERY_ROWS:,} query rows, SDMetrics' "
        f"NewRowSynthesis {NEW_ROWS_SAMPLE} synthetic rows and DCRBaselineProtection "
        f"{DCR_BASELINE_SAMPLE} rows; the membership and attribute attacks at most "
        f"{ATTACK_ROWS:,} training and {ATTACK_ROWS:,} holdout rows; correlation views and "
        f"scatter plots draw at most {SAMPLE_ROWS:,} rows."
    )


def _weighted(tables: list[TablePrivacy], rows: dict[str, int], attribute: str) -> float:
    """Row-weighted mean of one figure over the tables where it was computed (NaN if none)."""
    known = [t for t in tables if not math.isnan(getattr(t, attribute))]
    total = sum(rows[t.table] for t in known)
    if not known or not total:
        return math.nan if not known else 0.0
    return sum(getattr(t, attribute) * rows[t.table] for t in known) / total


def _pool_privacy(tables: list[TablePrivacy], synthetic_rows: dict[str, int]) -> PrivacyResult:
    measured = [t for t in tables if not math.isnan(t.dcr_synthetic)] or tables
    main = max(measured, key=lambda t: synthetic_rows[t.table])
    findings: list[Finding] = []
    overlap: dict[str, float] = {}
    for t in tables:
        prefix = f"{t.table}: " if len(tables) > 1 else ""
        findings.extend(Finding(prefix + f.name, f.value, f.reading) for f in t.findings)
        overlap.update({f"{t.table}.{col}": share for col, share in t.pii_overlap.items()})
    return PrivacyResult(
        exact_copy_share=float(_weighted(tables, synthetic_rows, "exact_copy_share")),
        exact_copy_baseline=float(_weighted(tables, synthetic_rows, "exact_copy_baseline")),
        dcr_synthetic=main.dcr_synthetic,
        dcr_holdout=main.dcr_holdout,
        dcr_table=main.table,
        membership_advantage=main.membership.advantage if main.membership else math.nan,
        pii_overlap=overlap,
        findings=findings,
        tables=tables,
    )


def fit_context(schema: Schema, model: str | None) -> FitContext:
    """What the advice needs to know about the fit: model, several tables, who refuses it."""
    multi = len(schema.tables) > 1
    return FitContext(model=model, multi_table=multi, refusals=refusals(schema) if multi else {})


def evaluate(
    real: dict[str, pd.DataFrame],
    synthetic: dict[str, pd.DataFrame],
    schema: Schema,
    *,
    written: Mapping[str, Any] | None = None,
    target: str | None = None,
    model: str | None = None,
    holdout: Mapping[str, pd.DataFrame] | None = None,
    max_rows: int = 20000,
    seed: int = 0,
    progress: ProgressCallback = ignore_progress,
) -> EvaluationResult:
    """Compare synthetic tables with the real ones they imitate.

    ``target`` ("table.column") adds the ML-utility check; ``model`` (a registry name such
    as ``hma``) is what made the synthetic data, so the advice can name the right models.
    Quality and diagnostic run on all rows so they equal SDMetrics' own scores; privacy,
    utility and the report's plots use at most ``max_rows`` rows per table and side (see
    ``sampled_rows``). ``written`` is the metadata file as the user wrote it, for
    SDMetrics alone (see ``quality.sdmetrics_metadata``). ``holdout`` holds real rows (per
    table) that the model was *not* fitted on: the privacy attacks need them to tell what
    the synthetic data gives away about the training rows. Each check runs on its own: one
    that fails is listed in ``not_computed`` with the reason and every other result is
    still there.
    """
    check_inputs(real, synthetic, schema)
    holdout = dict(holdout or {})
    check_holdout(holdout, schema)
    target_table = parse_target(target, schema) if target else None
    names = list(schema.tables)
    redactor = Redactor.build(real, schema)
    skipped: list[NotComputed] = []

    def run(section: str, compute):
        return attempt(section, compute, skipped, redactor.scrub)

    progress(Progress("evaluate", 0.0, "Quality and diagnostic reports"))
    quality = run(
        "Quality report", lambda: run_report(QualityReport, real, synthetic, schema, written)
    )
    quality_failed = quality is None
    quality = quality or not_run()
    progress(Progress("evaluate", 0.3, "Diagnostic report"))
    diagnostic = run(
        "Diagnostic report", lambda: run_report(DiagnosticReport, real, synthetic, schema, written)
    ) or not_run()
    progress(Progress("evaluate", 0.5, "Privacy checks"))
    per_table = []
    for index, name in enumerate(names):
        found = table_privacy(
            real[name],
            synthetic[name],
            name,
            schema.tables[name],
            seed=seed,
            max_rows=max_rows,
            personal=redactor.personal.get(name, set()),
            scrub=redactor.scrub,
            holdout=holdout.get(name),
        )
        skipped.extend(found.skipped)
        per_table.append(found)
        progress(Progress("evaluate", 0.5 + 0.3 * (index + 1) / len(names), f"Privacy: {name}"))
    privacy = _pool_privacy(per_table, {n: min(len(synthetic[n]), max_rows) for n in names})
    utility = None
    if target_table:
        progress(Progress("evaluate", 0.8, f"ML utility for {target}"))
        table, column = target_table
        utility = run(
            f"ML utility for {target}",
            lambda: ml_utility(
                real[table],
                synthetic[table],
                table,
                column,
                schema.tables[table],
                seed=seed,
                max_rows=max_rows,
            ),
        )
    details = {
        name: redactor.scrub_frame(frame)
        for name, frame in {**quality.details, **diagnostic.details}.items()
    }
    column_details = details.get("Column Shapes", pd.DataFrame())
    pair_details = details.get("Column Pair Trends", pd.DataFrame())
    ratio = (
        privacy.dcr_synthetic / privacy.dcr_holdout
        if privacy.dcr_holdout > 0 and not math.isnan(privacy.dcr_synthetic)
        else None
    )
    copies_known = not math.isnan(privacy.exact_copy_share)
    sequences = []
    if schema.sequential_tables():
        progress(Progress("evaluate", 0.9, "Sequence checks"))
        sequences = run("Sequence checks", lambda: sequence_checks(real, synthetic, schema)) or []
    progress(Progress("evaluate", 1.0, "Done"))
    return EvaluationResult(
        quality=quality.score,
        diagnostic=diagnostic.score,
        properties=quality.properties,
        diagnostic_properties=diagnostic.properties,
        column_details=column_details,
        pair_details=pair_details,
        details=details,
        level=quality_level(quality.score),
        recommendations=recommendations(
            quality.score,
            diagnostic.score,
            quality.properties,
            column_details,
            pair_details,
            copies_known
            and copies_are_suspicious(privacy.exact_copy_share, privacy.exact_copy_baseline),
            ratio,
            context=fit_context(schema, model),
            quality_failed=quality_failed,
            incomplete=bool(skipped),
        ),
        privacy=privacy,
        utility=utility,
        sampled_rows=_sample_note(real, synthetic, names, max_rows, seed),
        rows={n: {"real": len(real[n]), "synthetic": len(synthetic[n])} for n in names},
        not_computed=skipped,
        sequences=sequences,
    )
