"""How close synthetic rows come to real ones.

Distance to closest record (DCR): real rows are split once at random into a reference part
(80 %) and a holdout (20 %). ``dcr_holdout`` is the median distance from each holdout row
to its nearest reference row: how close a *new real* record typically lands. ``dcr_synthetic``
is the median distance from each synthetic row to its nearest real row (all of them, so an
exact copy of any real row counts as distance 0). Both medians use at most
``DCR_QUERY_ROWS`` query rows; distances are Euclidean on ``TableEncoder`` output. A
synthetic median well below the holdout median means the generator reproduces records
rather than the distribution. The synthetic side searches a slightly larger reference set,
which only makes the check stricter.
"""

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sdmetrics.single_table import DCRBaselineProtection, NewRowSynthesis
from sklearn.neighbors import NearestNeighbors

from syndata.evaluation.encoding import (
    NUMERIC_SDTYPES,
    TableEncoder,
    as_numbers,
    column_sdtypes,
    key_columns,
    usable_columns,
)

HOLDOUT_SHARE = 0.2
#: SDMetrics' privacy metrics compare rows pairwise in pandas (seconds per thousand rows),
#: so they run on these fixed samples to keep a 20,000-row evaluation well under 30 s.
NEW_ROWS_SAMPLE = 100
DCR_BASELINE_SAMPLE = 500
#: Rows whose nearest real neighbour is searched; a median over 5,000 distances is stable.
DCR_QUERY_ROWS = 5000
#: sdtypes that are not personal data; every other sdtype is a PII kind (email, name, ...).
_NON_PII = frozenset(
    {"numerical", "datetime", "categorical", "boolean", "ordinal", "id", "unknown"}
)


@dataclass
class Finding:
    """One privacy figure with the sentence that tells a user what it means."""

    name: str
    value: float | None
    reading: str


@dataclass
class TablePrivacy:
    """Privacy figures for one table."""

    table: str
    exact_copy_share: float
    exact_copy_baseline: float
    dcr_synthetic: float
    dcr_holdout: float
    pii_overlap: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def split_holdout(
    frame: pd.DataFrame, seed: int, share: float = HOLDOUT_SHARE
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split real rows into (reference, holdout) once, reproducibly."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(frame))
    cut = max(1, int(round(len(frame) * share))) if len(frame) > 1 else 0
    return frame.iloc[order[cut:]], frame.iloc[order[:cut]]


def _row_fingerprints(
    frame: pd.DataFrame, columns: list[str], sdtypes: dict[str, str]
) -> pd.Series:
    """One hash per row over ``columns``, robust to int/float and text/date dtype drift."""
    normal = pd.DataFrame(index=frame.index)
    for col in columns:
        sdtype = sdtypes.get(col, "categorical")
        if sdtype in NUMERIC_SDTYPES:
            normal[col] = as_numbers(frame[col], sdtype).round(6).astype("string")
        else:
            normal[col] = frame[col].astype("string")
    return pd.util.hash_pandas_object(normal.fillna("\x00na"), index=False)


def exact_copy_share(real: pd.DataFrame, synthetic: pd.DataFrame, table_meta: dict) -> float:
    """Share of synthetic rows identical to some real row on every non-key column."""
    sdtypes = column_sdtypes(table_meta)
    keys = key_columns(table_meta)
    columns = [c for c in sdtypes if c not in keys and c in real and c in synthetic]
    if not columns or synthetic.empty:
        return 0.0
    real_hashes = set(_row_fingerprints(real, columns, sdtypes).to_numpy().tolist())
    synthetic_hashes = _row_fingerprints(synthetic, columns, sdtypes)
    return float(synthetic_hashes.isin(real_hashes).mean())


def nearest_distances(reference: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Euclidean distance from each query row to its nearest reference row."""
    if reference.shape[1] == 0 or len(reference) == 0 or len(queries) == 0:
        return np.zeros(len(queries))
    index = NearestNeighbors(n_neighbors=1, algorithm="auto", n_jobs=2).fit(reference)
    distances, _ = index.kneighbors(queries)
    return distances[:, 0]


def dcr_medians(
    real: pd.DataFrame, synthetic: pd.DataFrame, table_meta: dict, seed: int
) -> tuple[float, float]:
    """(dcr_synthetic, dcr_holdout) medians as described in the module docstring."""
    columns = usable_columns(table_meta, real)
    if len(real) < 2 or synthetic.empty:
        return 0.0, 0.0
    sdtypes = column_sdtypes(table_meta)
    encoder = TableEncoder.fit(real, columns, sdtypes)
    reference, holdout = split_holdout(real, seed)
    queries = synthetic.sample(n=min(len(synthetic), DCR_QUERY_ROWS), random_state=seed)
    holdout = holdout.iloc[:DCR_QUERY_ROWS]
    dcr_synthetic = nearest_distances(encoder.transform(real), encoder.transform(queries))
    dcr_holdout = nearest_distances(encoder.transform(reference), encoder.transform(holdout))
    return float(np.median(dcr_synthetic)), float(np.median(dcr_holdout))


def pii_overlap(real: pd.DataFrame, synthetic: pd.DataFrame, table_meta: dict) -> dict[str, float]:
    """For each PII column: share of synthetic values that also occur in the real column."""
    overlap = {}
    for col, sdtype in column_sdtypes(table_meta).items():
        if sdtype in _NON_PII or col not in real or col not in synthetic:
            continue
        real_values = set(real[col].dropna().astype(str))
        values = synthetic[col].dropna().astype(str)
        overlap[col] = float(values.isin(real_values).mean()) if len(values) else 0.0
    return overlap


def _sdmetrics_findings(
    real: pd.DataFrame, synthetic: pd.DataFrame, table: str, table_meta: dict, seed: int
) -> list[Finding]:
    """SDMetrics privacy metrics that need no user choices (no known/sensitive columns).

    We draw their samples ourselves (seeded) so a rerun gives the same rows; only the
    random baseline inside DCRBaselineProtection still varies a little between runs.
    """
    columns = [c for c in table_meta["columns"] if c in real and c in synthetic]
    metadata = {"tables": {table: table_meta}}
    findings: list[Finding] = []
    new_rows_sample = synthetic[columns].sample(
        n=min(len(synthetic), NEW_ROWS_SAMPLE), random_state=seed
    )
    subsample = min(len(synthetic), len(real), DCR_BASELINE_SAMPLE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            new_rows = NewRowSynthesis.compute(real[columns], new_rows_sample, metadata=table_meta)
            findings.append(
                Finding(
                    "SDMetrics NewRowSynthesis",
                    float(new_rows),
                    f"{new_rows:.0%} of synthetic rows are new (no real row matches them "
                    f"within 1% on numbers and exactly on categories; {len(new_rows_sample)} "
                    "rows sampled); 100% is best.",
                )
            )
        except (ValueError, TypeError, KeyError) as error:
            findings.append(Finding("SDMetrics NewRowSynthesis", None, f"Not computed: {error}"))
        try:
            breakdown = DCRBaselineProtection.compute_breakdown(
                real[columns].sample(n=subsample, random_state=seed),
                synthetic[columns].sample(n=subsample, random_state=seed),
                metadata,
                table,
            )
            score = breakdown["score"]
            value = None if score is None or math.isnan(score) else float(score)
            reading = (
                "Not defined: random rows landed on real rows."
                if value is None
                else f"Synthetic rows are {value:.0%} as far from real rows as random rows "
                f"drawn in the real ranges are ({subsample} rows sampled); 100% is the most "
                "private, near 0% means copies."
            )
            findings.append(Finding("SDMetrics DCRBaselineProtection", value, reading))
        except (ValueError, TypeError, KeyError) as error:
            findings.append(
                Finding("SDMetrics DCRBaselineProtection", None, f"Not computed: {error}")
            )
    return findings


def _dcr_reading(dcr_synthetic: float, dcr_holdout: float) -> str:
    if dcr_holdout == 0.0:
        return (
            "Real records themselves repeat (holdout rows have exact twins), so distance "
            "says little here; rely on the exact-copy share."
        )
    ratio = dcr_synthetic / dcr_holdout
    if ratio < 0.5:
        verdict = "much closer to real records than new real records are: likely memorised"
    elif ratio < 0.9:
        verdict = "somewhat closer to real records than new real records are: check for leaks"
    else:
        verdict = "as far from real records as new real records are: no sign of copying"
    return f"Synthetic rows sit at {ratio:.2f}x the holdout distance, {verdict}."


def _copy_reading(copies: float, baseline: float) -> str:
    base = f"{copies:.1%} of synthetic rows repeat a real row on every non-key column"
    natural = f" (real holdout rows repeat other real rows {baseline:.1%} of the time)"
    if copies <= 0.01:
        return base + natural + "; that is low."
    if copies <= 2 * baseline + 0.01:
        return base + natural + "; the columns allow few combinations, so repeats are natural."
    return base + natural + "; more than chance: investigate before sharing."


def copies_are_suspicious(copies: float, baseline: float) -> bool:
    """More exact copies than 1 % and than twice what real rows show among themselves."""
    return copies > max(0.01, 2 * baseline + 0.01)


def table_privacy(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    table: str,
    table_meta: dict,
    *,
    seed: int,
    max_rows: int,
) -> TablePrivacy:
    """All privacy figures for one table, on at most ``max_rows`` rows of each side."""
    real = real.sample(n=min(len(real), max_rows), random_state=seed)
    synthetic = synthetic.sample(n=min(len(synthetic), max_rows), random_state=seed)
    copies = exact_copy_share(real, synthetic, table_meta)
    reference, holdout = split_holdout(real, seed)
    baseline = exact_copy_share(reference, holdout, table_meta) if len(real) > 1 else 0.0
    overlap = pii_overlap(real, synthetic, table_meta)
    findings = [Finding("Exact copies", copies, _copy_reading(copies, baseline))]
    if usable_columns(table_meta, real):
        dcr_synthetic, dcr_holdout = dcr_medians(real, synthetic, table_meta, seed)
        reading = (
            f"Median synthetic distance {dcr_synthetic:.3f} vs real holdout {dcr_holdout:.3f}. "
            + _dcr_reading(dcr_synthetic, dcr_holdout)
        )
    else:
        dcr_synthetic = dcr_holdout = 0.0
        reading = "No numerical, datetime or categorical column to measure distances on."
    findings.append(Finding("Distance to closest record", dcr_synthetic, reading))
    for col, share in overlap.items():
        findings.append(
            Finding(
                f"PII overlap: {col}",
                share,
                f"{share:.0%} of synthetic '{col}' values are real values"
                + ("; these identify people, replace them." if share > 0.05 else "; fine."),
            )
        )
    findings.extend(_sdmetrics_findings(real, synthetic, table, table_meta, seed))
    return TablePrivacy(
        table=table,
        exact_copy_share=copies,
        exact_copy_baseline=baseline,
        dcr_synthetic=dcr_synthetic,
        dcr_holdout=dcr_holdout,
        pii_overlap=overlap,
        findings=findings,
    )
