"""Attacks on synthetic data: what someone holding it could learn about the real rows.

Distances (``privacy``) say how close synthetic rows come to real ones; an attack says what
that closeness is worth to an attacker, as an advantage over guessing. Both attacks are the
nearest-neighbour ones anonymeter and the membership-inference literature use, written with
scikit-learn because anonymeter 1.1.0 pins numpy < 1.27 and pyarrow < 22 (we pin numpy
2.4.6 and pyarrow 26.0.1), so it cannot be installed beside them.

Both need *members* (the real rows the model was fitted on) and, to be an honest test,
*non-members*: real rows of the same population the model never saw (a holdout kept out of
the fit). Rows are encoded as the distance checks encode them (``TableEncoder``, fitted on
the members), and each side is a random sample of at most ``ATTACK_ROWS`` rows.

- **Membership inference.** The attacker scores each candidate real row by its distance to
  the closest synthetic row (closer: "it was in the training data"). ``auc`` is the ROC AUC
  of that score at telling members from non-members, and ``advantage = 2 * (auc - 0.5)``:
  0 is a coin toss, 1 tells every row apart, below 0 is worse than guessing. A model that
  copies its training rows scores near 1; one that learned the distribution, near 0.
- **Attribute inference.** For a sensitive column, the attacker knows a real row's other
  columns and guesses the sensitive value as that of the closest synthetic row (on the
  other columns). A guess is right when it equals the real label, or for numbers and dates
  lies within ``NUMERIC_TOLERANCE`` of the real range. ``advantage`` is the success rate on
  members minus the rate on non-members (what the synthetic data tells about *these*
  people beyond what it tells about anyone); without a holdout the baseline is the real
  majority label or median, so the advantage also counts what the data's correlations tell
  anyone (and the reading says so).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import NearestNeighbors

from syndata.errors import EvaluationError
from syndata.evaluation.encoding import (
    NUMERIC_SDTYPES,
    TableEncoder,
    as_labels,
    as_numbers,
    column_sdtypes,
    usable_columns,
)
from syndata.metadata import Table

#: Candidate rows per side (members, non-members); a membership advantage measured on
#: 2,000 + 2,000 rows has a standard error of about 0.02 when the model leaks nothing.
ATTACK_ROWS = 2000
#: A guessed number or date is right within this share of the real column's range.
NUMERIC_TOLERANCE = 0.05
#: Columns attacked when none holds personal data: the ones with most distinct values.
SENSITIVE_COLUMNS = 3
MEMBERSHIP = "Membership inference"
ATTRIBUTE = "Attribute inference"


@dataclass
class MembershipRisk:
    """The distance attack's result: ROC AUC and advantage = 2 * (AUC - 0.5)."""

    auc: float
    advantage: float
    members: int
    non_members: int

    def to_json(self) -> dict:
        """Plain types for scores.json."""
        return {
            "auc": self.auc,
            "advantage": self.advantage,
            "members": self.members,
            "non_members": self.non_members,
        }


@dataclass
class AttributeRisk:
    """Guessing one sensitive column: success on members against the baseline's success.

    ``baseline`` says what the members were compared with: ``"holdout"`` (the same attack
    on real rows the model never saw) or ``"majority guess"`` / ``"median guess"``.
    """

    column: str
    member_success: float
    baseline_success: float
    baseline: str
    advantage: float
    rows: int

    def to_json(self) -> dict:
        """Plain types for scores.json."""
        return {
            "column": self.column,
            "member_success": self.member_success,
            "baseline_success": self.baseline_success,
            "baseline": self.baseline,
            "advantage": self.advantage,
            "rows": self.rows,
        }


def _sample(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    return frame.sample(n=min(len(frame), ATTACK_ROWS), random_state=seed)


@dataclass
class _Neighbours:
    """The synthetic rows, encoded and indexed once, asked for each query's closest one."""

    index: NearestNeighbors | None

    @classmethod
    def of(cls, reference: np.ndarray) -> "_Neighbours":
        """No index without columns: every row is then as close as any other."""
        if reference.shape[1] == 0:
            return cls(None)
        return cls(NearestNeighbors(n_neighbors=1, n_jobs=2).fit(reference))

    def nearest(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(Euclidean distance, synthetic row position) of each query's closest row."""
        if self.index is None:
            return np.zeros(len(queries)), np.zeros(len(queries), dtype=int)
        distances, rows = self.index.kneighbors(queries)
        return distances[:, 0], rows[:, 0]


def membership_attack(
    members: pd.DataFrame,
    non_members: pd.DataFrame,
    synthetic: pd.DataFrame,
    table_schema: Table,
    *,
    seed: int,
) -> MembershipRisk:
    """How well distance to the closest synthetic row tells members from non-members."""
    columns = usable_columns(table_schema, members)
    if not columns:
        raise EvaluationError(
            "No numerical, datetime or categorical column to measure distances on, so the "
            "membership attack has nothing to compare."
        )
    if len(members) < 2 or len(non_members) < 2 or synthetic.empty:
        raise EvaluationError(
            "The membership attack needs at least 2 training rows, 2 holdout rows and some "
            "synthetic rows."
        )
    encoder = TableEncoder.fit(members, columns, column_sdtypes(table_schema))
    inside, outside = _sample(members, seed), _sample(non_members, seed)
    synthetic_rows = _Neighbours.of(encoder.transform(synthetic))
    distances = np.concatenate([
        synthetic_rows.nearest(encoder.transform(inside))[0],
        synthetic_rows.nearest(encoder.transform(outside))[0],
    ])
    truth = np.r_[np.ones(len(inside)), np.zeros(len(outside))]
    auc = float(roc_auc_score(truth, -distances))
    return MembershipRisk(auc, 2.0 * (auc - 0.5), len(inside), len(outside))


def sensitive_columns(
    table_schema: Table, real: pd.DataFrame, personal: set[str]
) -> tuple[list[str], str]:
    """The columns to attack and why: the personal-data columns a model learns (typed
    plain, so their real values are modelled), else the ``SENSITIVE_COLUMNS`` usable
    columns with most distinct real values (the most identifying, hardest to guess)."""
    usable = usable_columns(table_schema, real)
    learned = [c for c in usable if c in personal]
    if learned:
        return learned, "personal-data columns"
    ranked = sorted(usable, key=lambda c: -real[c].nunique())
    return ranked[:SENSITIVE_COLUMNS], "the columns with most distinct values"


def _hits(guess: pd.Series, truth: pd.Series, sdtype: str, span: float) -> np.ndarray:
    """Which guesses are right (a number within the tolerance; a label exactly)."""
    if sdtype in NUMERIC_SDTYPES:
        guessed, actual = as_numbers(guess, sdtype).to_numpy(), as_numbers(truth, sdtype).to_numpy()
        both_missing = np.isnan(guessed) & np.isnan(actual)
        with np.errstate(invalid="ignore"):
            close = np.abs(guessed - actual) <= NUMERIC_TOLERANCE * span
        return close | both_missing
    return (as_labels(guess).to_numpy() == as_labels(truth).to_numpy())


def _guess_rate(
    rows: pd.DataFrame,
    synthetic: pd.DataFrame,
    encoder: TableEncoder,
    synthetic_rows: _Neighbours,
    column: str,
    sdtype: str,
    span: float,
) -> float:
    """Share of ``rows`` whose ``column`` is guessed right from their closest synthetic row
    (the first synthetic row when no other column is known)."""
    _, nearest = synthetic_rows.nearest(encoder.transform(rows))
    guess = synthetic[column].iloc[nearest].reset_index(drop=True)
    return float(_hits(guess, rows[column].reset_index(drop=True), sdtype, span).mean())


def _naive_rate(members: pd.DataFrame, column: str, sdtype: str, span: float) -> tuple[float, str]:
    """Success of the guess that needs no synthetic data: the median or the majority."""
    truth = members[column].reset_index(drop=True)
    if sdtype in NUMERIC_SDTYPES:
        median = as_numbers(truth, sdtype).median()
        numbers = as_numbers(truth, sdtype).to_numpy()
        with np.errstate(invalid="ignore"):
            return float((np.abs(numbers - median) <= NUMERIC_TOLERANCE * span).mean()), (
                "median guess")
    labels = as_labels(truth)
    return float((labels == labels.mode().iloc[0]).mean()), "majority guess"


def attribute_attack(
    members: pd.DataFrame,
    non_members: pd.DataFrame | None,
    synthetic: pd.DataFrame,
    table_schema: Table,
    columns: list[str],
    *,
    seed: int,
) -> list[AttributeRisk]:
    """For each of ``columns``: guess it from the other columns via the synthetic rows."""
    if len(members) < 2 or synthetic.empty:
        raise EvaluationError(
            "The attribute attack needs at least 2 real rows and some synthetic rows."
        )
    sdtypes = column_sdtypes(table_schema)
    inside = _sample(members, seed)
    outside = _sample(non_members, seed) if non_members is not None and len(non_members) else None
    risks = []
    for column in columns:
        sdtype = sdtypes[column]
        known = [c for c in usable_columns(table_schema, members) if c != column]
        encoder = TableEncoder.fit(members, known, sdtypes)
        span = _span(members[column], sdtype)
        synthetic_rows = _Neighbours.of(encoder.transform(synthetic))
        success = _guess_rate(inside, synthetic, encoder, synthetic_rows, column, sdtype, span)
        if outside is not None:
            baseline = _guess_rate(outside, synthetic, encoder, synthetic_rows, column, sdtype,
                                   span)
            label = "holdout"
        else:
            baseline, label = _naive_rate(inside, column, sdtype, span)
        risks.append(AttributeRisk(column, success, baseline, label, success - baseline,
                                   len(inside)))
    return risks


def _span(values: pd.Series, sdtype: str) -> float:
    """The real range of a number or date column (1 when it has none); 0 for labels."""
    if sdtype not in NUMERIC_SDTYPES:
        return 0.0
    numbers = as_numbers(values, sdtype)
    span = numbers.max() - numbers.min()
    return float(span) if pd.notna(span) and span > 0 else 1.0


def membership_reading(risk: MembershipRisk) -> str:
    """What the advantage means, in one sentence a user can act on."""
    what = (
        f"An attacker holding the synthetic data tells training rows from real rows the model "
        f"never saw with advantage {risk.advantage:.3f} over guessing (AUC {risk.auc:.3f}; "
        f"{risk.members:,} training and {risk.non_members:,} holdout rows sampled; 0 is a coin "
        "toss, 1 finds every training row)"
    )
    if risk.advantage <= 0.05:
        return what + ": no sign that membership leaks."
    if risk.advantage <= 0.2:
        return what + ": some membership leaks; check for copies before sharing."
    return what + ": the data gives away who was in the training set (likely memorised)."


def attribute_reading(risk: AttributeRisk, why: str) -> str:
    """What one column's attribute-inference advantage means."""
    base = (
        f"Guessing '{risk.column}' ({why}) of a training row from its other columns via the "
        f"closest synthetic row is right {risk.member_success:.1%} of the time, against "
        f"{risk.baseline_success:.1%} for the {risk.baseline}"
    )
    if risk.baseline != "holdout":
        return (
            f"{base}: advantage {risk.advantage:+.3f}. Without a holdout this counts what the "
            "data's patterns tell about anyone, a useful model's purpose, as much as a leak; "
            "give real rows the model never saw to measure the leak alone."
        )
    verdict = (
        "no sign of a leak" if risk.advantage <= 0.05
        else "the synthetic data tells more about training rows than about new ones: check "
        "this column"
    )
    return f"{base}: advantage {risk.advantage:+.3f}, {verdict}."
