"""Context of a row: its own encoded attributes plus its parents' contexts, compressed.

The same fitted builder turns real tables (at fit) and generated tables (at sampling) into
contexts, so a child model trained on real parent contexts is fed generated ones of the
same meaning. PCA keeps the width under a budget; standardising makes distances between
contexts (used by key matching) weigh every component alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA


@dataclass
class ContextBuilder:
    """Compresses ``[own attributes, parent contexts..., null indicators]`` for one table."""

    max_dims: int
    pca: PCA | None = None
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None

    def fit_transform(self, parts: list[np.ndarray], seed: int) -> np.ndarray:
        full = _stack(parts)
        if full.shape[1] > self.max_dims and len(full) > self.max_dims:
            self.pca = PCA(
                n_components=self.max_dims, random_state=seed, svd_solver="covariance_eigh"
            )
            full = self.pca.fit_transform(full)
        self.mean = full.mean(axis=0)
        self.scale = full.std(axis=0) + 1e-6
        return ((full - self.mean) / self.scale).astype(np.float32)

    def transform(self, parts: list[np.ndarray]) -> np.ndarray:
        full = _stack(parts)
        if self.pca is not None:
            full = self.pca.transform(full)
        return ((full - self.mean) / self.scale).astype(np.float32)


def gather(parent_context: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Parent context per child row; a null (-1) reference gives zeros plus an indicator."""
    out = np.zeros((len(index), parent_context.shape[1] + 1), dtype=np.float32)
    valid = index >= 0
    out[valid, :-1] = parent_context[index[valid]]
    out[~valid, -1] = 1.0
    return out


def _stack(parts: list[np.ndarray]) -> np.ndarray:
    n = len(parts[0])
    return np.concatenate([p.reshape(n, -1) for p in parts], axis=1).astype(np.float64)
