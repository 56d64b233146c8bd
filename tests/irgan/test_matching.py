"""Keys shared by the children of one parent stay shared (a plane flies for one airline)."""

import numpy as np
import pandas as pd

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.matching import shared_within_groups, unify_groups


def test_shared_keys_are_recognised_from_groups_with_several_children():
    groups = np.repeat(np.arange(20), 3)
    assert shared_within_groups(groups, groups % 4)
    spread = np.arange(60) % 4
    assert not shared_within_groups(groups, spread)
    assert not shared_within_groups(groups[:15], (groups % 4)[:15])


def test_unify_takes_each_groups_majority_and_leaves_unlinked_rows_alone():
    groups = np.array([0, 0, 0, 1, 1, 1, -1, -1])
    idx = np.array([5, 5, 7, -1, -1, 2, 9, 8])
    assert unify_groups(groups, idx).tolist() == [5, 5, 5, -1, -1, -1, 9, 8]


def test_unify_moves_a_group_where_its_majority_parent_is_full():
    groups = np.repeat(np.arange(4), 2)
    idx = np.array([1, 1, 1, 1, 1, 2, 2, 2])
    assert unify_groups(groups, idx).tolist() == [1, 1, 1, 1, 2, 2, 2, 2]


def _fleet(seed: int = 0) -> tuple[dict[str, pd.DataFrame], dict]:
    rng = np.random.default_rng(seed)
    carriers = pd.DataFrame({"code": list("ABCDE"), "hub": rng.choice(["x", "y"], 5)})
    planes = pd.DataFrame(
        {
            "tail": [f"N{i:03d}" for i in range(60)],
            "owner": rng.choice(list("ABCDE"), 60),
            "seats": rng.integers(50, 300, 60),
        }
    )
    flight_plane = rng.integers(0, 60, 600)
    flights = pd.DataFrame(
        {
            "flight_id": np.arange(600),
            "tail": planes["tail"].to_numpy()[flight_plane],
            "carrier": planes["owner"].to_numpy()[flight_plane],
            "distance": rng.integers(100, 3000, 600),
        }
    )
    meta = {
        "tables": {
            "carriers": {
                "primary_key": "code",
                "columns": {"code": {"sdtype": "id"}, "hub": {"sdtype": "categorical"}},
            },
            "planes": {
                "primary_key": "tail",
                "columns": {
                    "tail": {"sdtype": "id"},
                    "owner": {"sdtype": "categorical"},
                    "seats": {"sdtype": "numerical"},
                },
            },
            "flights": {
                "primary_key": "flight_id",
                "columns": {
                    "flight_id": {"sdtype": "id"},
                    "tail": {"sdtype": "id"},
                    "carrier": {"sdtype": "id"},
                    "distance": {"sdtype": "numerical"},
                },
            },
        },
        "relationships": [
            {
                "parent_table_name": "planes",
                "parent_primary_key": "tail",
                "child_table_name": "flights",
                "child_foreign_key": "tail",
            },
            {
                "parent_table_name": "carriers",
                "parent_primary_key": "code",
                "child_table_name": "flights",
                "child_foreign_key": "carrier",
            },
        ],
    }
    return {"carriers": carriers, "planes": planes, "flights": flights}, meta


def test_every_synthetic_plane_flies_for_one_carrier():
    tables, meta = _fleet()
    model = IRGANSynthesizer(meta, IRGANConfig(epochs=2, hidden_size=32, device="cpu", seed=1))
    model.fit(tables)
    assert model._models["flights"].unified == {"carrier"}
    out = model.sample(seed=2)
    carriers_per_plane = out["flights"].groupby("tail")["carrier"].nunique()
    assert (carriers_per_plane == 1).all()
    assert out["flights"]["carrier"].isin(out["carriers"]["code"]).all()
