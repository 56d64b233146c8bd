"""MOSTLY AI's open engine (TabularARGN) on CSV tables: the driver ``bench/peers.py`` runs.

usage: bench/.venv-peers/bin/python bench/peers_engine.py DATA_DIR METADATA_JSON OUT_DIR [--seed S]

Runs in the engine's own venv (``bench/peers-requirements.txt``), so it imports nothing from
syndata: it reads ``DATA_DIR/<table>.csv`` for each table of the SDV metadata and writes
``OUT_DIR/<table>.csv`` with as many rows as the real table (a child: as many sequences as
synthetic parents, lengths drawn by the engine). Every training setting is the engine's
default (``TabularARGN()``: model MOSTLY_AI/Medium, at most 100 epochs with early stopping on
the validation loss, time limit 14,400 minutes); only the column encodings follow the
metadata's sdtypes, so every model is given the same problem. Two shapes are supported, as
the engine supports them: one table (a flat model), and a parent with one child table (the
parent flat, then the child as a sequence per parent with the parent as its context table,
generated from the synthetic parents). Prints one JSON line: fit and sample seconds, the
engine's epochs and the child rows left out for a null key. The engine's workspace lives
in a temporary folder deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from mostlyai.engine import TabularARGN

ENCODINGS = {
    "categorical": "TABULAR_CATEGORICAL",
    "boolean": "TABULAR_CATEGORICAL",
    "numerical": "TABULAR_NUMERIC_AUTO",
    "datetime": "TABULAR_DATETIME",
}


class EngineSchemaError(Exception):
    """The metadata has a shape the engine cannot model (more than a parent and one child)."""


@dataclass
class Timing:
    """Seconds spent fitting and sampling, summed over the engine's models."""

    fit_s: float = 0.0
    sample_s: float = 0.0
    epochs: dict[str, float] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)


def encodings(table: dict, skip: set[str]) -> dict[str, str]:
    """The engine's encoding per column from its sdtype; keys and unknown sdtypes left out.

    Columns left out of the mapping but present in the frame get the engine's AUTO choice.
    """
    return {c: ENCODINGS[v["sdtype"]] for c, v in table["columns"].items()
            if c not in skip and v["sdtype"] in ENCODINGS}


def read_table(data_dir: Path, name: str, table: dict) -> pd.DataFrame:
    """The real table with only its metadata's columns, datetimes left as text for the engine."""
    frame = pd.read_csv(data_dir / f"{name}.csv", low_memory=False)
    return frame[[c for c in table["columns"] if c in frame.columns]]


def epochs_trained(workspace: Path) -> float:
    """The last epoch the engine logged in its model store (0 when it logged none)."""
    log = workspace / "ModelStore" / "model-data" / "progress-messages.csv"
    if not log.exists():
        return 0.0
    return float(pd.read_csv(log)["epoch"].max())


def flat(real: pd.DataFrame, table: dict, seed: int, work: Path, timing: Timing,
         name: str, minutes: float) -> tuple[TabularARGN, pd.DataFrame]:
    """A flat model of ``real`` and as many synthetic rows; the primary key generated anew."""
    pk = table.get("primary_key")
    model = TabularARGN(tgt_primary_key=pk, tgt_encoding_types=encodings(table, {pk}),
                        max_training_time=minutes, workspace_dir=work, random_state=seed)
    start = time.perf_counter()
    model.fit(real)
    timing.fit_s += time.perf_counter() - start
    timing.epochs[name] = epochs_trained(work)
    start = time.perf_counter()
    synthetic = model.sample(n_samples=len(real))
    timing.sample_s += time.perf_counter() - start
    return model, synthetic[list(real.columns)]


def parent_child(meta: dict, data_dir: Path, seed: int, work: Path,
                 timing: Timing, minutes: float) -> dict[str, pd.DataFrame]:
    """The parent flat, then the child as sequences conditioned on each synthetic parent.

    The engine refuses child rows whose key is not a parent's; rows with a null key (which
    it cannot generate either) are left out of its training and counted in ``dropped``.
    """
    (rel,) = meta["relationships"]
    parent, child = rel["parent_table_name"], rel["child_table_name"]
    pkey, fkey = rel["parent_primary_key"], rel["child_foreign_key"]
    tables = meta["tables"]
    real_parent = read_table(data_dir, parent, tables[parent])
    real_child = read_table(data_dir, child, tables[child])
    orphans = real_child[fkey].isna()
    timing.dropped[child] = int(orphans.sum())
    real_child = real_child[~orphans]
    _, syn_parent = flat(real_parent, tables[parent], seed, work / parent, timing, parent,
                         minutes)
    cpk = tables[child].get("primary_key")
    model = TabularARGN(
        tgt_context_key=fkey, tgt_primary_key=cpk,
        tgt_encoding_types=encodings(tables[child], {fkey, cpk}),
        ctx_data=real_parent, ctx_primary_key=pkey,
        ctx_encoding_types=encodings(tables[parent], {pkey}),
        max_training_time=minutes, workspace_dir=work / child, random_state=seed)
    start = time.perf_counter()
    model.fit(real_child)
    timing.fit_s += time.perf_counter() - start
    timing.epochs[child] = epochs_trained(work / child)
    start = time.perf_counter()
    syn_child = model.sample(ctx_data=syn_parent)
    timing.sample_s += time.perf_counter() - start
    return {parent: syn_parent, child: syn_child[list(real_child.columns)]}


def synthesize(meta: dict, data_dir: Path, seed: int, work: Path, timing: Timing,
               minutes: float) -> dict[str, pd.DataFrame]:
    """Synthetic tables for a one-table or parent-and-child metadata."""
    tables, rels = meta["tables"], meta.get("relationships", [])
    if len(tables) == 1 and not rels:
        ((name, table),) = tables.items()
        real = read_table(data_dir, name, table)
        return {name: flat(real, table, seed, work / name, timing, name, minutes)[1]}
    if len(tables) == 2 and len(rels) == 1:
        return parent_child(meta, data_dir, seed, work, timing, minutes)
    raise EngineSchemaError(
        f"the engine models one table or a parent with one child; this metadata has "
        f"{len(tables)} tables and {len(rels)} relationships. Give it a pair of tables.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("metadata", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-training-minutes", type=float, default=14_400.0,
                        help="each model's training time limit (default: the engine's)")
    args = parser.parse_args()
    meta = json.loads(args.metadata.read_text())
    timing = Timing()
    # a stopped run still removes its workspace: SIGTERM ends the process through the
    # ``with`` block below instead of around it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with tempfile.TemporaryDirectory(prefix="peers-engine-") as work:
            synthetic = synthesize(meta, args.data, args.seed, Path(work), timing,
                                   args.max_training_minutes)
    except EngineSchemaError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, frame in synthetic.items():
        frame.to_csv(args.out / f"{name}.csv", index=False)
    print(json.dumps({"fit_s": round(timing.fit_s, 2), "sample_s": round(timing.sample_s, 2),
                      "epochs": timing.epochs, "dropped_child_rows": timing.dropped}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
