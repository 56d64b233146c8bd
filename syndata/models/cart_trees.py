"""The trees of the ``cart`` family: one table's columns drawn one after another from leaves.

synthpop's method: each column is predicted from the columns before it (and from the
parent row's columns, for a child table) by a scikit-learn decision tree; a synthetic row is
routed to a leaf and takes the value of one real training row of that leaf, drawn at random.
Leaves hold at least ``min_leaf`` real rows (5 or more), so no value is tied to fewer than
that many real rows. Which real row was drawn is kept per column, so the next column's
predictors are that row's encoded value: no encoding is ever inverted.

Predictors are numbers: numericals as they are, datetimes as seconds, categoricals and
booleans as pandas' ordinal codes; a missing value is its own indicator (numbers: a 0/1
column beside a filled value; labels: code -1). Everything is vectorised: rows are routed
with ``tree.apply`` and drawn per leaf from index arrays, never in a per-row Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_CLASSES = 50
"""Categories a classifier tells apart; rarer ones are split on as one class "other"
(a Gini split costs time per class, and a tailnum has thousands). The rare values are still
drawn from the leaves, as they were in the real rows."""
NUMBER = "number"
LABEL = "label"


@dataclass
class Encoded:
    """One column's real values and their numeric forms: target and predictor columns."""

    values: pd.Series
    kind: str
    target: np.ndarray
    predictors: np.ndarray

    @classmethod
    def of(cls, series: pd.Series, sdtype: str, datetime_format: str | None) -> Encoded:
        """The column's encodings; a numerical or datetime that does not parse is a label."""
        values = series.reset_index(drop=True)
        numbers = _as_numbers(values, sdtype, datetime_format)
        if numbers is not None:
            missing = np.isnan(numbers)
            low = np.nanmin(numbers) if (~missing).any() else 0.0
            high = np.nanmax(numbers) if (~missing).any() else 0.0
            filled = np.where(missing, low - (high - low) - 1.0, numbers)
            columns = [filled, missing.astype(float)] if missing.any() else [filled]
            return cls(values, NUMBER, filled, np.column_stack(columns))
        codes = pd.Series(pd.Categorical(values.astype(object).where(values.notna()))
                          .codes.astype(np.int64))
        frequent = codes.value_counts().index[:MAX_CLASSES]
        target = np.where(codes.isin(frequent), codes, -2)
        return cls(values, LABEL, target, codes.to_numpy(dtype=float)[:, None])


def _as_numbers(values: pd.Series, sdtype: str, datetime_format: str | None) -> np.ndarray | None:
    """Floats for a numerical (as is) or a datetime (seconds since 1970), else None."""
    present = values.notna()
    if sdtype == "numerical" and not pd.api.types.is_bool_dtype(values):
        numbers = pd.to_numeric(values, errors="coerce")
    elif sdtype == "datetime":
        stamps = pd.to_datetime(values, errors="coerce", utc=True,
                                format=None if pd.api.types.is_datetime64_any_dtype(values)
                                else datetime_format or "mixed")
        numbers = (stamps - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(seconds=1)
    else:
        return None
    if (numbers.notna() < present).any():
        return None  # some value is text after all: draw it as a label
    return numbers.to_numpy(dtype=float)


@dataclass
class LeafDraw:
    """A fitted tree and, per leaf, the real rows it holds: draws real row indices."""

    tree: object | None
    rows: np.ndarray
    start: np.ndarray
    count: np.ndarray

    @classmethod
    def fit(cls, predictors: np.ndarray, target: np.ndarray, classify: bool, min_leaf: int,
            seed: int) -> LeafDraw:
        """A tree of ``target`` on ``predictors`` (no predictors: one leaf, the marginal)."""
        n = len(target)
        if predictors.shape[1] == 0 or n < 2 * min_leaf:
            return cls(None, np.arange(n), np.zeros(1, np.int64), np.array([n]))
        from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

        kind = DecisionTreeClassifier if classify else DecisionTreeRegressor
        tree = kind(min_samples_leaf=min_leaf, random_state=seed).fit(predictors, target)
        leaves = tree.apply(predictors)
        order = np.argsort(leaves, kind="stable")
        count = np.bincount(leaves, minlength=tree.tree_.node_count)
        start = np.concatenate([[0], np.cumsum(count)[:-1]])
        return cls(tree, order, start, count)

    def draw(self, predictors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """For each synthetic row, the index of a real row drawn from its leaf."""
        n = len(predictors)
        leaves = np.zeros(n, np.int64) if self.tree is None else self.tree.apply(predictors)
        picks = self.start[leaves] + (rng.random(n) * self.count[leaves]).astype(np.int64)
        return self.rows[picks]

    @property
    def nodes(self) -> int:
        return 1 if self.tree is None else int(self.tree.tree_.node_count)


@dataclass
class SequentialTable:
    """The modelled columns of one table, each drawn from a tree on the ones before it.

    ``context``: the predictors every column also sees (a child's parent row), real rows
    first; ``encoded``: the real rows' predictor matrix, so a drawn row's encoding is read,
    not recomputed.
    """

    columns: list[str]
    values: dict[str, pd.Series]
    draws: dict[str, LeafDraw]
    encoded: np.ndarray
    widths: list[int]

    @classmethod
    def fit(cls, columns: dict[str, Encoded], context: np.ndarray, min_leaf: int,
            seed: int) -> SequentialTable:
        """Trees for ``columns`` in the order given, each on ``context`` and the earlier ones."""
        blocks, draws = [context], {}
        for name, column in columns.items():
            draws[name] = LeafDraw.fit(np.hstack(blocks), column.target,
                                       column.kind == LABEL, min_leaf, seed)
            blocks.append(column.predictors)
        encoded = np.hstack(blocks[1:]) if len(blocks) > 1 else np.zeros((len(context), 0))
        return cls(list(columns), {n: c.values for n, c in columns.items()}, draws, encoded,
                   [c.predictors.shape[1] for c in columns.values()])

    def sample(self, context: np.ndarray,
               rng: np.random.Generator) -> tuple[dict[str, pd.Series], np.ndarray]:
        """One synthetic row per ``context`` row: the values and their predictor matrix."""
        n = len(context)
        out, blocks, offset = {}, [context], 0
        for name, width in zip(self.columns, self.widths, strict=True):
            real = self.draws[name].draw(np.hstack(blocks), rng)
            out[name] = self.values[name].iloc[real].reset_index(drop=True)
            blocks.append(self.encoded[real, offset:offset + width])
            offset += width
        encoded = np.hstack(blocks[1:]) if len(blocks) > 1 else np.zeros((n, 0))
        return out, encoded

    @property
    def nodes(self) -> int:
        return sum(d.nodes for d in self.draws.values())
