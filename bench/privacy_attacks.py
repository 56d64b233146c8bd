"""Membership and attribute inference against a real holdout, per model (issue 17).

usage: python bench/privacy_attacks.py FLIGHTS_CSV [--models cart,gaussian_copula,irgan]
    [--splits 0,1,2] [--holdout-share 0.2] [--set NAME=VALUE ...]
For each split seed the real rows are cut once into training rows and a holdout the model
never sees; each model is fitted on the training rows through ``synthesis.fit`` with its
defaults, samples as many rows, and ``table_privacy`` attacks it with the holdout (the same
code as ``evaluate --holdout``). Prints the membership advantage (2 * (AUC - 0.5)), the
exact-copy share against the real holdout's own repeats, each attacked column's attribute
advantage and the fit seconds. ``--set`` gives a setting (``min_leaf=20``) to the models
that have it.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from syndata import synthesis
from syndata.commands.common import setting
from syndata.evaluation.privacy import table_privacy
from syndata.metadata import Schema
from syndata.models import get_family


def split(frame: pd.DataFrame, share: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(training rows, holdout rows), cut at random."""
    order = np.random.default_rng(seed).permutation(len(frame))
    cut = int(round(len(frame) * share))
    return frame.iloc[order[cut:]].reset_index(drop=True), frame.iloc[order[:cut]]


def attack(model: str, train: pd.DataFrame, holdout: pd.DataFrame, seed: int,
           settings: dict) -> str:
    """One model on one split, as a printed line."""
    schema = Schema.detect({"flights": train})
    known = {p.name for p in get_family(model).spec.params}
    params = {k: v for k, v in settings.items() if k in known}
    start = time.perf_counter()
    fitted = synthesis.fit(model, schema, {"flights": train}, params)
    fit_s = time.perf_counter() - start
    synthetic = fitted.sample(rows=len(train), seed=seed)["flights"]
    found = table_privacy(train, synthetic, "flights", schema.tables["flights"], seed=seed,
                          max_rows=20000, holdout=holdout)
    risk = found.membership
    attributes = ", ".join(f"{r.column} {r.advantage:+.3f}" for r in found.attributes)
    copies = f"{found.exact_copy_share:.2%} vs holdout {found.exact_copy_baseline:.2%}"
    return (f"split {seed} {model:16s} {params or ''} membership {risk.advantage:+.3f} "
            f"(AUC {risk.auc:.3f}, {risk.members}+{risk.non_members} rows)  exact copies "
            f"{copies}  attribute: {attributes}  fit {fit_s:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("--models", default="cart,gaussian_copula,irgan")
    parser.add_argument("--splits", default="0")
    parser.add_argument("--holdout-share", type=float, default=0.2)
    parser.add_argument("--set", action="append", default=[], type=setting, dest="settings")
    args = parser.parse_args()
    frame = pd.read_csv(args.csv)
    warnings.simplefilter("ignore")
    for seed in (int(s) for s in args.splits.split(",")):
        train, holdout = split(frame, args.holdout_share, seed)
        for model in args.models.split(","):
            print(attack(model, train, holdout, seed, dict(args.settings)), flush=True)


if __name__ == "__main__":
    main()
