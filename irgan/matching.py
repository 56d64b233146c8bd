"""Assign child rows to parent rows so each parent gets exactly its degree.

The cost of putting child i under parent j is the squared distance between the parent
context the child was generated to expect and parent j's actual context. The exact problem
is a transportation problem; it is solved in random chunks of children, each chunk given a
proportional share of every parent's remaining capacity, with scipy's
``linear_sum_assignment`` over the chunk's capacity slots. Chunks keep the cost cubic in
the chunk size only, so large tables stay fast.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def assign(
    expected: np.ndarray,
    parent_context: np.ndarray,
    capacity: np.ndarray,
    rng: np.random.Generator,
    chunk: int = 256,
) -> np.ndarray:
    """Parent row index per child row; ``capacity.sum()`` must equal ``len(expected)``."""
    n = len(expected)
    if capacity.sum() != n:
        raise ValueError(f"capacity {capacity.sum()} does not match {n} child rows")
    result = np.empty(n, dtype=np.int64)
    remaining = capacity.astype(np.int64).copy()
    order = rng.permutation(n)
    for start in range(0, n, chunk):
        rows = order[start : start + chunk]
        share = _share(remaining, len(rows), n - start)
        remaining -= share
        slots = np.repeat(np.arange(len(share)), share)
        cost = _sq_distance(expected[rows], parent_context[slots])
        r, c = linear_sum_assignment(cost)
        result[rows[r]] = slots[c]
    return result


def _share(remaining: np.ndarray, size: int, left: int) -> np.ndarray:
    """Split ``size`` slots over parents in proportion to their remaining capacity."""
    if size == left:
        return remaining.copy()
    exact = remaining * (size / left)
    share = np.minimum(np.floor(exact).astype(np.int64), remaining)
    short = size - int(share.sum())
    if short > 0:
        room = np.flatnonzero(share < remaining)
        pick = room[np.argsort(-(exact[room] - share[room]), kind="stable")][:short]
        share[pick] += 1
    return share


def _sq_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    return (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T
