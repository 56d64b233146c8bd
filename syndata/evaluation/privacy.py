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
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sdmetrics.single_table import DCRBaselineProtection, NewRowSynthesis
from sklearn.neighbors import NearestNeighbors

from syndata.errors import EvaluationError
from syndata.evaluation.attacks import (
    ATTRIBUTE,
    MEMBERSHIP,
    AttributeRisk,
    MembershipRisk,
    attribute_attack,
    attribute_reading,
    membership_attack,
    membership_reading,
    sensitive_columns,
)
from syndata.evaluation.encoding import (
    NUMERIC_SDTYPES,
    TableEncoder,
    as_numbers,
    column_sdtypes,
    key_columns,
    usable_columns,
)
from syndata.evaluation.isolation import NotComputed, attempt
from syndata.evaluation.leaks import ColumnOverlap, overlap_reading, value_overlap
from syndata.metadata import Table
from syndata.vocabulary import is_pii_sdtype

HOLDOUT_SHARE = 0.2
#: SDMetrics' privacy metrics compare rows pairwise in pandas (seconds per thousand rows),
#: so they run on these fixed samples to keep a 20,000-row evaluation well under 30 s.
NEW_ROWS_SAMPLE = 100
DCR_BASELINE_SAMPLE = 500
#: Rows whose nearest real neighbour is searched; a median over 5,000 distances is stable.
DCR_QUERY_ROWS = 5000
#: Why the membership attack needs rows the model never saw, and how to give them.
NO_HOLDOUT = (
    "Not run: it needs real rows the model never saw (a holdout). Fit on part of the real "
    "rows and give the rest as the holdout (Evaluate page, or evaluate --holdout)."
)
#: Share of Faker values that may equal real ones by chance before the reading says so.
PII_CHANCE_SHARE = 0.05
EXACT_COPIES = "Exact copies"
DISTANCE = "Distance to closest record"
NEW_ROWS = "SDMetrics NewRowSynthesis"
BASELINE = "SDMetrics DCRBaselineProtection"
REAL_VALUES = "Real values per column"


@dataclass
class Finding:
    """One privacy figure with the sentence that tells a user what it means."""

    name: str
    value: float | None
    reading: str


@dataclass
class TablePrivacy:
    """Privacy figures for one table; NaN where a check was not computed (``skipped``).

    ``membership`` is None without a holdout (rows the model never saw) or when the attack
    failed; ``value_overlap`` lists every column (``leaks``).
    """

    table: str
    exact_copy_share: float
    exact_copy_baseline: float
    dcr_synthetic: float
    dcr_holdout: float
    pii_overlap: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[NotComputed] = field(default_factory=list)
    membership: MembershipRisk | None = None
    attributes: list[AttributeRisk] = field(default_factory=list)
    value_overlap: list[ColumnOverlap] = field(default_factory=list)


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


def exact_copy_share(
    real: pd.DataFrame, synthetic: pd.DataFrame, table_schema: Table
) -> float:
    """Share of synthetic rows identical to some real row on every non-key column."""
    sdtypes = column_sdtypes(table_schema)
    keys = key_columns(table_schema)
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
    real: pd.DataFrame, synthetic: pd.DataFrame, table_schema: Table, seed: int
) -> tuple[float, float]:
    """(dcr_synthetic, dcr_holdout) medians as described in the module docstring."""
    columns = usable_columns(table_schema, real)
    if len(real) < 2 or synthetic.empty:
        return 0.0, 0.0
    sdtypes = column_sdtypes(table_schema)
    encoder = TableEncoder.fit(real, columns, sdtypes)
    reference, holdout = split_holdout(real, seed)
    queries = synthetic.sample(n=min(len(synthetic), DCR_QUERY_ROWS), random_state=seed)
    holdout = holdout.iloc[:DCR_QUERY_ROWS]
    dcr_synthetic = nearest_distances(encoder.transform(real), encoder.transform(queries))
    dcr_holdout = nearest_distances(encoder.transform(reference), encoder.transform(holdout))
    return float(np.median(dcr_synthetic)), float(np.median(dcr_holdout))


def pii_overlap(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    table_schema: Table,
    personal: set[str] | None = None,
) -> dict[str, float]:
    """For each PII column: share of synthetic values that also occur in the real column.

    PII columns are those with a PII sdtype plus ``personal`` (columns that look like
    personal data whatever their sdtype, see ``redaction.personal_columns``).
    """
    columns = {c for c, sdtype in column_sdtypes(table_schema).items() if is_pii_sdtype(sdtype)}
    columns |= set(personal or ())
    overlap = {}
    for col in table_schema.columns:
        if col not in columns or col not in real or col not in synthetic:
            continue
        real_values = set(real[col].dropna().astype(str))
        values = synthetic[col].dropna().astype(str)
        overlap[col] = float(values.isin(real_values).mean()) if len(values) else 0.0
    return overlap


def metric_frames(
    real: pd.DataFrame, synthetic: pd.DataFrame, table_schema: Table
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Real and synthetic rows (already sampled), and their table metadata, in a form
    SDMetrics' privacy metrics can handle.

    ``DCRBaselineProtection`` draws a random baseline with ``numpy.uniform(min, max)`` over
    every column it is given, which raises ``OverflowError`` when a column's real range is
    NaN (a column left all-null by sampling, such as the 4-table demo's ``planes.speed``)
    or infinite, and ``integers(min, max + 1)`` overflows at the int64 limit. Both metrics
    also refuse datetime text without a ``datetime_format``. So: only the columns they
    measure (no keys, no PII), numbers as finite floats, datetimes parsed, ordinals as
    categories, and columns without any real value left out (they carry no distance).
    """
    sdtypes = column_sdtypes(table_schema)
    columns: dict[str, dict] = {}
    real_out, synthetic_out = pd.DataFrame(index=real.index), pd.DataFrame(index=synthetic.index)
    for col in usable_columns(table_schema, real):
        if col not in synthetic:
            continue
        sdtype = sdtypes[col]
        if sdtype in NUMERIC_SDTYPES:
            real_values, synthetic_values = (
                as_numbers(frame[col], sdtype) for frame in (real, synthetic)
            )
            if sdtype == "datetime":
                real_values, synthetic_values = (
                    pd.to_datetime(values, unit="s") for values in (real_values, synthetic_values)
                )
                spec = {"sdtype": "datetime"}
            else:
                spec = {"sdtype": "numerical"}
        else:
            real_values, synthetic_values = _text(real[col]), _text(synthetic[col])
            spec = {"sdtype": "categorical"}
        if real_values.isna().all():
            continue
        if sdtype == "numerical" and not np.isfinite(real_values.max() - real_values.min()):
            continue
        real_out[col], synthetic_out[col] = real_values, synthetic_values
        columns[col] = spec
    return real_out, synthetic_out, {"columns": columns}


def _text(values: pd.Series) -> pd.Series:
    """Categories as text with NaN for missing: SDMetrics then draws baseline values from
    the real categories (a float-typed category would get uniform random floats that never
    equal any category), and 1 and 1.0 read the same on both sides."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        values = values.astype(float)
    return values.astype(object).map(lambda v: v if pd.isna(v) else str(v))


def _require_columns(meta: dict) -> None:
    if not meta["columns"]:
        raise EvaluationError(
            "No numerical, datetime or categorical column has a real value to compare, so "
            "this check has nothing to measure."
        )


def _new_rows_finding(
    real: pd.DataFrame, synthetic: pd.DataFrame, table_schema: Table, seed: int
) -> Finding:
    sample = synthetic.sample(n=min(len(synthetic), NEW_ROWS_SAMPLE), random_state=seed)
    real_rows, sample_rows, meta = metric_frames(real, sample, table_schema)
    _require_columns(meta)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        share = float(NewRowSynthesis.compute(real_rows, sample_rows, metadata=meta))
    return Finding(
        NEW_ROWS,
        share,
        f"{share:.0%} of synthetic rows are new (no real row matches them within 1% on "
        f"numbers and exactly on categories; {len(sample)} rows sampled); 100% is best.",
    )


def _baseline_finding(
    real: pd.DataFrame, synthetic: pd.DataFrame, table_schema: Table, table: str, seed: int
) -> Finding:
    """SDMetrics' DCRBaselineProtection on the prepared sample (see ``metric_frames``)."""
    subsample = min(len(synthetic), len(real), DCR_BASELINE_SAMPLE)
    real_rows, synthetic_rows, meta = metric_frames(
        real.sample(n=subsample, random_state=seed),
        synthetic.sample(n=subsample, random_state=seed),
        table_schema,
    )
    _require_columns(meta)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        breakdown = DCRBaselineProtection.compute_breakdown(
            real_rows, synthetic_rows, {"tables": {table: meta}}, table
        )
    score = breakdown["score"]
    value = None if score is None or math.isnan(score) else float(score)
    if value is None:
        reading = "Not defined: random rows landed on real rows."
    elif value >= 1.0:
        reading = (
            f"Synthetic rows are at least as far from real rows as random rows drawn in the "
            f"real ranges are ({subsample} rows sampled; the score stops at 100%): the most "
            "private reading."
        )
    else:
        reading = (
            f"Synthetic rows are {value:.0%} as far from real rows as random rows drawn in "
            f"the real ranges are ({subsample} rows sampled); 100% is the most private, near "
            "0% means copies."
        )
    return Finding(BASELINE, value, reading)


#: Below this ratio of synthetic to holdout distance, synthetic rows sit closer to real
#: records than new real records do; within the band around 1 they sit like new records.
CLOSE_RATIO = 0.9
FAR_RATIO = 1.1
MEMORISED_RATIO = 0.5


def dcr_reading(dcr_synthetic: float, dcr_holdout: float) -> str:
    """What the two medians say, with the ratio and the sentence always agreeing."""
    if dcr_holdout == 0.0:
        return (
            "Real records themselves repeat (holdout rows have exact twins), so distance "
            "says little here; rely on the exact-copy share."
        )
    ratio = dcr_synthetic / dcr_holdout
    if ratio < MEMORISED_RATIO:
        verdict = "much closer to real records than new real records are: likely memorised"
    elif ratio < CLOSE_RATIO:
        verdict = "closer to real records than new real records are: check for leaks"
    elif ratio <= FAR_RATIO:
        verdict = "about as close to real records as new real records are: no sign of copying"
    else:
        verdict = (
            "farther from real records than new real records are: no sign of copying (a "
            "large ratio can also mean the synthetic rows miss some real patterns)"
        )
    return (
        f"The median synthetic row is {ratio:.2f}x as far from its closest real record as a "
        f"new real (holdout) record is, so synthetic rows sit {verdict}."
    )


def _pii_reading(column: str, share: float, values: int, faked: bool) -> str:
    """``faked``: the column has a PII sdtype, so its synthetic values come from Faker and a
    real one among them is a coincidence rather than a copy."""
    if share == 0.0:
        return f"No synthetic '{column}' value is a real value; fine."
    found = f"{round(share * values):,} of {values:,} synthetic '{column}' values ({share:.1%}) "
    if faked:
        return found + (
            "are also real values, by coincidence of the fake values (common names do this); "
            + ("few enough to be expected." if share <= PII_CHANCE_SHARE else "check them.")
        )
    return found + (
        "are real values copied from the data; they identify people: set a PII sdtype on the "
        "column (Prepare page) so it is regenerated with fake values."
    )


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
    table_schema: Table,
    *,
    seed: int,
    max_rows: int,
    personal: set[str] | None = None,
    scrub: Callable[[str], str] = str,
    holdout: pd.DataFrame | None = None,
) -> TablePrivacy:
    """All privacy figures for one table, on at most ``max_rows`` rows of each side.

    Each check runs on its own: one that fails shows as "Not computed" with the reason
    (cleaned by ``scrub``) and the others still run. ``personal`` names the columns that
    hold personal data whatever their sdtype. ``holdout`` holds real rows the model never
    saw: the attacks (``attacks``) compare the training rows (``real``) with them; without
    it the membership attack is not run and attribute inference uses a naive baseline.
    """
    real = real.sample(n=min(len(real), max_rows), random_state=seed)
    synthetic = synthetic.sample(n=min(len(synthetic), max_rows), random_state=seed)
    skipped: list[NotComputed] = []
    prefix = f"{table}: "
    findings: list[Finding] = []

    def check(name: str, compute: Callable[[], list[Finding]]) -> None:
        found = attempt(prefix + name, compute, skipped, scrub)
        if found is None:
            findings.append(Finding(name, None, f"Not computed: {skipped[-1].reason}"))
        else:
            findings.extend(found)

    figures: dict[str, float] = {}

    def copies() -> list[Finding]:
        share = exact_copy_share(real, synthetic, table_schema)
        reference, holdout = split_holdout(real, seed)
        baseline = exact_copy_share(reference, holdout, table_schema) if len(real) > 1 else 0.0
        figures.update(copies=share, baseline=baseline)
        return [Finding(EXACT_COPIES, share, _copy_reading(share, baseline))]

    def distances() -> list[Finding]:
        if not usable_columns(table_schema, real):
            raise EvaluationError(
                "No numerical, datetime or categorical column to measure distances on."
            )
        near, holdout = dcr_medians(real, synthetic, table_schema, seed)
        figures.update(dcr_synthetic=near, dcr_holdout=holdout)
        reading = (
            f"Median synthetic distance {near:.3f} vs real holdout {holdout:.3f}. "
            + dcr_reading(near, holdout)
        )
        return [Finding(DISTANCE, near, reading)]

    overlap: dict[str, float] = {}

    def overlaps() -> list[Finding]:
        overlap.update(pii_overlap(real, synthetic, table_schema, personal))
        sdtypes = column_sdtypes(table_schema)
        return [
            Finding(
                f"PII overlap: {col}",
                share,
                _pii_reading(
                    col, share, int(synthetic[col].notna().sum()), is_pii_sdtype(sdtypes[col])
                ),
            )
            for col, share in overlap.items()
        ]

    check(EXACT_COPIES, copies)
    check(DISTANCE, distances)
    check("PII overlap", overlaps)
    check(NEW_ROWS, lambda: [_new_rows_finding(real, synthetic, table_schema, seed)])
    check(BASELINE, lambda: [_baseline_finding(real, synthetic, table_schema, table, seed)])
    membership_risk: list[MembershipRisk] = []
    attribute_risks: list[AttributeRisk] = []

    def membership() -> list[Finding]:
        if holdout is None or holdout.empty:
            return [Finding(MEMBERSHIP, None, NO_HOLDOUT)]
        risk = membership_attack(real, holdout, synthetic, table_schema, seed=seed)
        membership_risk.append(risk)
        return [Finding(MEMBERSHIP, risk.advantage, membership_reading(risk))]

    def attributes() -> list[Finding]:
        columns, why = sensitive_columns(table_schema, real, set(personal or ()))
        risks = attribute_attack(real, holdout, synthetic, table_schema, columns, seed=seed)
        attribute_risks.extend(risks)
        return [Finding(f"{ATTRIBUTE}: {r.column}", r.advantage, attribute_reading(r, why))
                for r in risks]

    columns_overlap: list[ColumnOverlap] = []

    def real_values() -> list[Finding]:
        columns_overlap.extend(value_overlap(real, synthetic, table_schema))
        flagged = [o for o in columns_overlap if o.flagged]
        return [Finding(REAL_VALUES, max((o.real_share for o in flagged), default=0.0),
                        overlap_reading(columns_overlap))]

    check(MEMBERSHIP, membership)
    check(ATTRIBUTE, attributes)
    check(REAL_VALUES, real_values)
    return TablePrivacy(
        table=table,
        exact_copy_share=figures.get("copies", math.nan),
        exact_copy_baseline=figures.get("baseline", math.nan),
        dcr_synthetic=figures.get("dcr_synthetic", math.nan),
        dcr_holdout=figures.get("dcr_holdout", math.nan),
        pii_overlap=overlap,
        findings=findings,
        skipped=skipped,
        membership=membership_risk[0] if membership_risk else None,
        attributes=attribute_risks,
        value_overlap=columns_overlap,
    )
