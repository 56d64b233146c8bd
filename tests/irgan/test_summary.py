"""Per-parent child profiles and exact functional dependencies (the relational detection fixes)."""

import numpy as np
import pandas as pd
from scipy.special import ndtri

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.summary import child_summary, pull_groups


def test_child_summary_counts_and_means_per_parent():
    child = np.array([[1.0, 9.0], [3.0, 9.0], [5.0, 9.0], [7.0, 9.0]], dtype=np.float32)
    index = np.array([0, 0, 2, -1])
    out = child_summary(child, [0], index, n_parents=3)
    np.testing.assert_allclose(out[:, 0], np.log1p([2, 0, 1]))
    np.testing.assert_allclose(out[:, 1], [2.0, 0.0, 5.0])


def test_groups_move_towards_their_parent_profile_and_lone_children_stay():
    rng = np.random.default_rng(0)
    raw = rng.normal(size=(1001, 1))
    index = np.r_[np.zeros(1000, dtype=np.int64), 1]
    summary = np.array([[0.0, 1.5], [0.0, -3.0]])
    out = pull_groups(raw, [0], index, summary)
    big = out[:1000, 0]
    assert abs(big.mean() - 1.5) < 0.01
    assert 0.8 < big.std() < 1.2
    lone_rank = (raw[:, 0] < raw[-1, 0]).sum()
    assert out[-1, 0] == ndtri((lone_rank + 0.5) / len(raw))


def test_a_parent_keeps_its_children_profile():
    """Children of one parent share a level; independent draws would average it away."""
    rng = np.random.default_rng(3)
    n_parents = 60
    level = rng.normal(size=n_parents) * 100
    parents = pd.DataFrame({"pid": np.arange(n_parents), "kind": rng.choice(["a", "b"], n_parents)})
    owner = np.repeat(np.arange(n_parents), 10)
    children = pd.DataFrame(
        {
            "cid": np.arange(len(owner)),
            "pid": owner,
            "value": level[owner] + rng.normal(size=len(owner)),
        }
    )
    meta = {
        "tables": {
            "parents": {
                "primary_key": "pid",
                "columns": {"pid": {"sdtype": "id"}, "kind": {"sdtype": "categorical"}},
            },
            "children": {
                "primary_key": "cid",
                "columns": {
                    "cid": {"sdtype": "id"},
                    "pid": {"sdtype": "id"},
                    "value": {"sdtype": "numerical"},
                },
            },
        },
        "relationships": [
            {
                "parent_table_name": "parents",
                "parent_primary_key": "pid",
                "child_table_name": "children",
                "child_foreign_key": "pid",
            }
        ],
    }
    model = IRGANSynthesizer(
        meta,
        IRGANConfig(
            epochs=10, batch_size=100, device="cpu", hidden_size=32, min_steps_per_epoch=1
        ),
    )
    model.fit({"parents": parents, "children": children})
    out = model.sample(seed=0)["children"]
    spread_real = children.groupby("pid")["value"].mean().std()
    spread_fake = out.groupby("pid")["value"].mean().std()
    assert spread_fake > 0.7 * spread_real
