"""How many children each parent row gets, and which children have a null reference.

A Poisson gradient-boosted regressor predicts each generated parent's expected degree from
its context; a Poisson draw around it keeps the real spread, and the ranks are then mapped
onto the real degree distribution (share of childless parents, non-zero degrees by
quantile) and rescaled to the exact total, so cardinality matches the real data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor


@dataclass
class DegreeModel:
    """Degree distribution of one relationship, conditioned on the parent context."""

    real_degrees: np.ndarray
    regressor: HistGradientBoostingRegressor | None

    @classmethod
    def fit(cls, context: np.ndarray, degrees: np.ndarray, seed: int) -> DegreeModel:
        regressor = None
        if len(degrees) >= 30 and degrees.std() > 0:
            regressor = HistGradientBoostingRegressor(
                loss="poisson", max_iter=50, random_state=seed, early_stopping=False
            ).fit(context, degrees)
        return cls(np.sort(degrees.astype(np.int64)), regressor)

    @property
    def one_to_one(self) -> bool:
        return bool(self.real_degrees.max(initial=0) <= 1)

    def sample(self, context: np.ndarray, total: int, rng: np.random.Generator) -> np.ndarray:
        """Integer degree per parent row, summing exactly to ``total``."""
        n = len(context)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if self.regressor is not None:
            expected = np.maximum(self.regressor.predict(context), 1e-6)
        else:
            expected = np.full(n, max(self.real_degrees.mean(), 1e-6))
        draw = rng.poisson(expected) + rng.uniform(size=n)
        order = np.argsort(draw, kind="stable")
        real = self.real_degrees
        n_zero = int(round(np.mean(real == 0) * n)) if len(real) else 0
        nonzero = real[real > 0]
        target = np.zeros(n)
        if len(nonzero):
            q = (np.arange(n - n_zero) + 0.5) / max(n - n_zero, 1)
            target[order[n_zero:]] = np.quantile(nonzero, q, method="inverted_cdf")
        cap = 1 if self.one_to_one else None
        return _round_to_total(target, total, cap, rng)


def _round_to_total(
    target: np.ndarray, total: int, cap: int | None, rng: np.random.Generator
) -> np.ndarray:
    """Scale to ``total`` and round so the sum is exact; non-zero targets stay >= 1."""
    n = len(target)
    if total <= 0:
        return np.zeros(n, dtype=np.int64)
    if target.sum() <= 0:
        target = np.ones(n)
    nonzero = target > 0
    if cap is not None:
        target = np.minimum(target, cap)
        if nonzero.sum() < total:
            extra = rng.permutation(np.flatnonzero(~nonzero))[: total - nonzero.sum()]
            target[extra] = 1
            nonzero = target > 0
    scaled = target * total / target.sum()
    out = np.floor(scaled).astype(np.int64)
    if total >= nonzero.sum():
        out[nonzero & (out == 0)] = 1
    if cap is not None:
        out = np.minimum(out, cap)
    diff = total - int(out.sum())
    frac = scaled - np.floor(scaled) + rng.uniform(0, 1e-6, size=n)
    if diff > 0:
        room = np.ones(n, dtype=bool) if cap is None else out < cap
        grow = (
            np.flatnonzero(room & nonzero)
            if (room & nonzero).sum() >= diff
            else np.flatnonzero(room)
        )
        pick = grow[np.argsort(-frac[grow], kind="stable")]
        while diff > 0 and len(pick):
            step = pick[:diff]
            out[step] += 1
            diff -= len(step)
            if cap is not None:
                pick = pick[out[pick] < cap]
    elif diff < 0:
        while diff < 0:
            keep_one = out > 1
            pool = np.flatnonzero(keep_one if keep_one.any() else out > 0)
            pick = pool[np.argsort(frac[pool] - out[pool], kind="stable")][:-diff]
            out[pick] -= 1
            diff += len(pick)
    return out


@dataclass
class NullModel:
    """Which child rows get a null foreign key, at the real null share."""

    share: float
    classifier: HistGradientBoostingClassifier | None

    @classmethod
    def fit(cls, features: np.ndarray, is_null: np.ndarray, seed: int) -> NullModel:
        share = float(is_null.mean()) if len(is_null) else 0.0
        classifier = None
        if 0 < share < 1 and len(is_null) >= 30:
            classifier = HistGradientBoostingClassifier(
                max_iter=50, random_state=seed, early_stopping=False
            ).fit(features, is_null)
        return cls(share, classifier)

    def sample(self, features: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        n = len(features)
        k = int(round(self.share * n))
        if k == 0:
            return np.zeros(n, dtype=bool)
        if self.classifier is None:
            score = rng.uniform(size=n)
        else:
            p = self.classifier.predict_proba(features)[:, 1]
            score = (rng.uniform(size=n) < p) + rng.uniform(size=n) * 0.5 + p * 0.5
        out = np.zeros(n, dtype=bool)
        out[np.argsort(-score, kind="stable")[:k]] = True
        return out
