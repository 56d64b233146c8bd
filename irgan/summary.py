"""What a parent row's children look like on average, generated with the parent itself.

A child GAN conditioned only on its parent's attributes draws every child independently,
so a parent's children average out to the population mean: real planes fly consistent
routes, synthetic ones would not. Each generated parent therefore gets a summary (number
of children, mean of their numeric scores) and the child GAN is conditioned on it, so the
children of one generated parent share its profile.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri
from sklearn.neighbors import NearestNeighbors

from irgan.encoding import NUMERIC, TableEncoder

_DEGREE_WEIGHT = 4.0


def numeric_positions(encoder: TableEncoder) -> list[int]:
    """Columns of the encoded matrix that hold numeric scores (not null indicators)."""
    return [s.start for s in encoder.spans if s.kind == NUMERIC]


def child_summary(
    child: np.ndarray, positions: list[int], index: np.ndarray, n_parents: int
) -> np.ndarray:
    """Per parent row: log(1 + child count) and the children's mean numeric scores."""
    valid = index >= 0
    parents = index[valid]
    counts = np.bincount(parents, minlength=n_parents).astype(np.float64)
    out = np.zeros((n_parents, 1 + len(positions)), dtype=np.float32)
    out[:, 0] = np.log1p(counts)
    rows = child[valid]
    for k, pos in enumerate(positions):
        sums = np.bincount(parents, weights=rows[:, pos], minlength=n_parents)
        out[:, k + 1] = sums / np.maximum(counts, 1.0)
    return out


@dataclass
class SummaryModel:
    """Child summary of a generated parent, borrowed from a real parent of like context.

    A GAN on a small parent table learned these summaries poorly (detection got worse);
    one of the ``k`` real parents nearest in context and in child count gives a summary
    consistent with the parent's attributes and with the degree it was given, and keeps
    the real spread (a mean over 20 children varies less than one over 2).
    """

    neighbours: NearestNeighbors
    summaries: np.ndarray

    @classmethod
    def fit(
        cls, context: np.ndarray, degrees: np.ndarray, summaries: np.ndarray, k: int = 5
    ) -> SummaryModel:
        knn = NearestNeighbors(n_neighbors=min(k, len(context)))
        return cls(knn.fit(_query(context, degrees)), summaries)

    def sample(
        self, context: np.ndarray, degrees: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        if len(context) == 0:
            return np.zeros((0, self.summaries.shape[1]), dtype=np.float32)
        near = self.neighbours.kneighbors(_query(context, degrees), return_distance=False)
        pick = near[np.arange(len(context)), rng.integers(near.shape[1], size=len(context))]
        return self.summaries[pick]


def _query(context: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    """Context plus a heavily weighted log degree: neighbours must have like group sizes."""
    return np.concatenate([context, _DEGREE_WEIGHT * np.log1p(degrees)[:, None]], axis=1)


def pull_groups(
    raw: np.ndarray, positions: list[int], index: np.ndarray, summary: np.ndarray
) -> np.ndarray:
    """Move each parent's generated children so their mean scores approach its summary.

    A group of ``c`` children moves ``1 - 1/c`` of the way: a lone child stays as the GAN
    drew it (so no real row's values are copied), a large group takes the profile of the
    parent it was generated for while keeping its own spread around it.
    """
    out = raw.copy()
    valid = index >= 0
    if not valid.any() or not positions:
        return out
    parents = index[valid]
    counts = np.bincount(parents, minlength=len(summary)).astype(np.float64)
    weight = (1.0 - 1.0 / np.maximum(counts, 1.0))[parents]
    for k, pos in enumerate(positions):
        scores = _normal_scores(raw[:, pos])
        sums = np.bincount(parents, weights=scores[valid], minlength=len(summary))
        means = sums / np.maximum(counts, 1.0)
        scores[valid] += weight * (summary[parents, k + 1] - means[parents])
        out[:, pos] = scores
    return out


def _normal_scores(values: np.ndarray) -> np.ndarray:
    """Generator outputs on the scale of the encoded scores (normal scores of their ranks),
    so they can be compared with real child means; decoding only uses their ranks."""
    ranks = np.empty(len(values))
    ranks[np.argsort(values, kind="stable")] = (np.arange(len(values)) + 0.5) / len(values)
    return ndtri(ranks)
