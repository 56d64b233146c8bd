"""Machine-learning utility: does a model trained on synthetic rows work on real ones?

Two random forests predict the target: one trained on real rows, one on synthetic rows,
both scored on the same real holdout (the 20 % split the privacy check uses). The
generator usually saw the holdout rows while fitting, so both scores are a little
optimistic; what matters is the gap between them.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error, r2_score

from syndata.errors import EvaluationError
from syndata.evaluation.encoding import (
    DISCRETE_SDTYPES,
    NUMERIC_SDTYPES,
    TableEncoder,
    as_labels,
    as_numbers,
    column_sdtypes,
    usable_columns,
)
from syndata.evaluation.privacy import split_holdout
from syndata.metadata import Schema, Table

#: Forest size and per-split feature share: sqrt features keeps the regressor (whose
#: sklearn default is every feature) as quick as the classifier on 20,000 rows.
_TREES = 50
_MAX_FEATURES = "sqrt"


@dataclass
class UtilityResult:
    """Scores of the real-trained and synthetic-trained models on the real holdout."""

    target: str
    task: str
    metrics: dict[str, dict[str, float]]
    importances: pd.DataFrame
    reading: str
    rows: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        """Plain types for scores.json."""
        return {
            "target": self.target,
            "task": self.task,
            "real": self.metrics["real"],
            "synthetic": self.metrics["synthetic"],
            "importances": {
                str(row.feature): {"real": float(row.real), "synthetic": float(row.synthetic)}
                for row in self.importances.itertuples()
            },
            "rows": self.rows,
            "reading": self.reading,
        }


def parse_target(target: str, schema: Schema) -> tuple[str, str]:
    """Split ``table.column`` (or a bare column of a one-table set) and check it exists."""
    tables = schema.tables
    table, _, column = target.rpartition(".")
    if not table and len(tables) == 1:
        table = next(iter(tables))
    if table not in tables or column not in tables[table].columns:
        known = ", ".join(f"{name}.{col}" for name, spec in tables.items() for col in spec.columns)
        raise EvaluationError(
            f"Unknown target '{target}'. Give it as TABLE.COLUMN, one of: {known[:500]}"
        )
    sdtype = tables[table].columns[column].sdtype
    if sdtype not in NUMERIC_SDTYPES and sdtype not in DISCRETE_SDTYPES:
        raise EvaluationError(
            f"Target '{target}' has sdtype '{sdtype}'; pick a numerical, datetime, categorical "
            "or boolean column to predict."
        )
    return table, column


def _target_values(values: pd.Series, sdtype: str) -> pd.Series:
    return as_numbers(values, sdtype) if sdtype in NUMERIC_SDTYPES else as_labels(values)


def _score(task: str, truth: pd.Series, predicted: np.ndarray) -> dict[str, float]:
    if task == "classification":
        return {
            "accuracy": float(accuracy_score(truth, predicted)),
            "f1_macro": float(f1_score(truth, predicted, average="macro", zero_division=0)),
        }
    return {
        "r2": float(r2_score(truth, predicted)),
        "mae": float(mean_absolute_error(truth, predicted)),
    }


def _reading(task: str, metrics: dict[str, dict[str, float]]) -> str:
    key = "f1_macro" if task == "classification" else "r2"
    real, synthetic = metrics["real"][key], metrics["synthetic"][key]
    gap = real - synthetic
    if gap <= 0.02:
        verdict = "synthetic data is as useful as real data for this task"
    elif gap <= 0.1:
        verdict = "synthetic data loses a little predictive signal"
    else:
        verdict = "synthetic data loses much of the signal; train longer or try another model"
    return f"{key}: real-trained {real:.3f}, synthetic-trained {synthetic:.3f}; {verdict}."


def ml_utility(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    table: str,
    column: str,
    table_schema: Table,
    *,
    seed: int,
    max_rows: int,
) -> UtilityResult:
    """Train on real vs synthetic, test both on the real holdout, compare importances."""
    sdtype = column_sdtypes(table_schema)[column]
    task = "regression" if sdtype in NUMERIC_SDTYPES else "classification"
    real = real.sample(n=min(len(real), max_rows), random_state=seed)
    synthetic = synthetic.sample(n=min(len(synthetic), max_rows), random_state=seed)
    train, holdout = split_holdout(real, seed)
    y_train, y_holdout = (
        _target_values(train[column], sdtype),
        _target_values(holdout[column], sdtype),
    )
    y_synthetic = _target_values(synthetic[column], sdtype)
    if task == "regression":
        train, y_train = train[y_train.notna()], y_train.dropna()
        holdout, y_holdout = holdout[y_holdout.notna()], y_holdout.dropna()
        synthetic, y_synthetic = synthetic[y_synthetic.notna()], y_synthetic.dropna()
    if min(len(train), len(holdout), len(synthetic)) < 5:
        raise EvaluationError(
            f"Too few rows with a value in '{column}' to train and test a model (need 5 each)."
        )
    features = [c for c in usable_columns(table_schema, real) if c != column]
    if not features:
        raise EvaluationError(
            f"'{table}' has no numerical, datetime or categorical column besides '{column}' "
            "to predict it from."
        )
    encoder = TableEncoder.fit(train, features, column_sdtypes(table_schema))
    model_class = RandomForestRegressor if task == "regression" else RandomForestClassifier
    metrics: dict[str, dict[str, float]] = {}
    importances: dict[str, np.ndarray] = {}
    for name, frame, target in (("real", train, y_train), ("synthetic", synthetic, y_synthetic)):
        model = model_class(
            n_estimators=_TREES,
            max_features=_MAX_FEATURES,
            min_samples_leaf=2,
            max_depth=16,
            random_state=seed,
            n_jobs=2,
        )
        model.fit(encoder.transform(frame), target.to_numpy())
        predicted = model.predict(encoder.transform(holdout))
        metrics[name] = _score(task, y_holdout, predicted)
        importances[name] = model.feature_importances_
    groups = encoder.feature_groups()
    table_of_importances = pd.DataFrame(
        {
            "feature": list(groups),
            "real": [float(importances["real"][idx].sum()) for idx in groups.values()],
            "synthetic": [float(importances["synthetic"][idx].sum()) for idx in groups.values()],
        }
    ).sort_values("real", ascending=False, ignore_index=True)
    return UtilityResult(
        target=f"{table}.{column}",
        task=task,
        metrics=metrics,
        importances=table_of_importances,
        reading=_reading(task, metrics),
        rows={"real_train": len(train), "synthetic_train": len(synthetic), "holdout": len(holdout)},
    )
