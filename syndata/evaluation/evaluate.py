"""One call that runs every check and returns an ``EvaluationResult``."""

import pandas as pd

from syndata import plots
from syndata.errors import EvaluationError
from syndata.evaluation.level import quality_level, recommendations
from syndata.evaluation.privacy import (
    DCR_BASELINE_SAMPLE,
    DCR_QUERY_ROWS,
    NEW_ROWS_SAMPLE,
    Finding,
    TablePrivacy,
    copies_are_suspicious,
    table_privacy,
)
from syndata.evaluation.quality import run_reports
from syndata.evaluation.result import EvaluationResult, PrivacyResult
from syndata.evaluation.utility import ml_utility, parse_target
from syndata.progress import Progress, ProgressCallback, ignore_progress


def check_inputs(
    real: dict[str, pd.DataFrame], synthetic: dict[str, pd.DataFrame], metadata: dict
) -> None:
    """Fail early, with one actionable line, when the two sets cannot be compared."""
    tables = metadata.get("tables", {})
    if not tables:
        raise EvaluationError("The metadata describes no table; detect or load it first.")
    for name, table_meta in tables.items():
        for side, data in (("real", real), ("synthetic", synthetic)):
            if name not in data:
                raise EvaluationError(
                    f"Table '{name}' is missing from the {side} data; give both sets the "
                    "same tables (one CSV per table, named after it)."
                )
            missing = [c for c in table_meta.get("columns", {}) if c not in data[name].columns]
            if missing:
                raise EvaluationError(
                    f"The {side} table '{name}' lacks column(s) {', '.join(missing[:10])} "
                    "that the metadata lists; regenerate it or fix the metadata."
                )
        for side, data in (("real", real), ("synthetic", synthetic)):
            if data[name].empty:
                raise EvaluationError(f"The {side} table '{name}' has no rows to compare.")


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
        f"{DCR_BASELINE_SAMPLE} rows; correlation views and scatter plots draw at most "
        f"{plots.SAMPLE_ROWS:,} rows."
    )


def _pool_privacy(tables: list[TablePrivacy], synthetic_rows: dict[str, int]) -> PrivacyResult:
    total = sum(synthetic_rows[t.table] for t in tables) or 1
    copies = sum(t.exact_copy_share * synthetic_rows[t.table] for t in tables) / total
    baseline = sum(t.exact_copy_baseline * synthetic_rows[t.table] for t in tables) / total
    main = max(tables, key=lambda t: synthetic_rows[t.table])
    findings: list[Finding] = []
    overlap: dict[str, float] = {}
    for t in tables:
        prefix = f"{t.table}: " if len(tables) > 1 else ""
        findings.extend(Finding(prefix + f.name, f.value, f.reading) for f in t.findings)
        overlap.update({f"{t.table}.{col}": share for col, share in t.pii_overlap.items()})
    return PrivacyResult(
        exact_copy_share=float(copies),
        exact_copy_baseline=float(baseline),
        dcr_synthetic=main.dcr_synthetic,
        dcr_holdout=main.dcr_holdout,
        dcr_table=main.table,
        pii_overlap=overlap,
        findings=findings,
        tables=tables,
    )


def evaluate(
    real: dict[str, pd.DataFrame],
    synthetic: dict[str, pd.DataFrame],
    metadata: dict,
    *,
    target: str | None = None,
    max_rows: int = 20000,
    seed: int = 0,
    progress: ProgressCallback = ignore_progress,
) -> EvaluationResult:
    """Compare synthetic tables with the real ones they imitate.

    ``target`` ("table.column") adds the ML-utility check. Quality and diagnostic run on
    all rows so they equal SDMetrics' own scores; privacy, utility and the report's plots
    use at most ``max_rows`` rows per table and side (see ``sampled_rows``).
    """
    check_inputs(real, synthetic, metadata)
    target_table = parse_target(target, metadata) if target else None
    names = list(metadata["tables"])
    progress(Progress("evaluate", 0.0, "Quality and diagnostic reports"))
    try:
        quality, diagnostic = run_reports(real, synthetic, metadata)
    except ValueError as error:
        raise EvaluationError(f"SDMetrics cannot compare these tables: {error}") from error
    progress(Progress("evaluate", 0.5, "Privacy checks"))
    per_table = []
    for index, name in enumerate(names):
        per_table.append(
            table_privacy(
                real[name],
                synthetic[name],
                name,
                metadata["tables"][name],
                seed=seed,
                max_rows=max_rows,
            )
        )
        progress(Progress("evaluate", 0.5 + 0.3 * (index + 1) / len(names), f"Privacy: {name}"))
    privacy = _pool_privacy(per_table, {n: min(len(synthetic[n]), max_rows) for n in names})
    utility = None
    if target_table:
        progress(Progress("evaluate", 0.8, f"ML utility for {target}"))
        table, column = target_table
        utility = ml_utility(
            real[table],
            synthetic[table],
            table,
            column,
            metadata["tables"][table],
            seed=seed,
            max_rows=max_rows,
        )
    column_details = quality.details.get("Column Shapes", pd.DataFrame())
    pair_details = quality.details.get("Column Pair Trends", pd.DataFrame())
    ratio = privacy.dcr_synthetic / privacy.dcr_holdout if privacy.dcr_holdout > 0 else None
    progress(Progress("evaluate", 1.0, "Done"))
    return EvaluationResult(
        quality=quality.score,
        diagnostic=diagnostic.score,
        properties=quality.properties,
        diagnostic_properties=diagnostic.properties,
        column_details=column_details,
        pair_details=pair_details,
        details={**quality.details, **diagnostic.details},
        level=quality_level(quality.score),
        recommendations=recommendations(
            quality.score,
            diagnostic.score,
            quality.properties,
            column_details,
            pair_details,
            copies_are_suspicious(privacy.exact_copy_share, privacy.exact_copy_baseline),
            ratio,
        ),
        privacy=privacy,
        utility=utility,
        sampled_rows=_sample_note(real, synthetic, names, max_rows, seed),
        rows={n: {"real": len(real[n]), "synthetic": len(synthetic[n])} for n in names},
    )
