"""Scores of one synthetic output against its real tables, for ``bench/suite.py``.

Quality, its properties, diagnostic and key validity come from the shared yardstick
``check_output.py --quality``, relational detection from ``detection.py`` (both run as
subprocesses, exactly as a judge runs them); exact copies and the DCR ratio from
``syndata.evaluation.privacy``; planted rules from ``bench.schemas.check_structure``.
Every table is read back from CSV on both sides, so real and synthetic values have the
same dtypes as the yardsticks see them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.schemas import Planted, check_structure  # noqa: E402
from syndata.evaluation.privacy import dcr_medians, exact_copy_share  # noqa: E402
from syndata.sdv_metadata import schema_from_dict  # noqa: E402

CHECKS = Path("/work/shared/checks")
#: Tables smaller than this are lookups or reference tables, copied by design: their exact
#: copies say nothing about privacy and are left out of the summary share.
PRIVACY_MIN_ROWS = 50


def read_tables(folder: Path, metadata: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The metadata's tables as CSVs of ``folder`` (a missing one is skipped)."""
    return {t: pd.read_csv(folder / f"{t}.csv") for t in metadata["tables"]
            if (folder / f"{t}.csv").exists()}


def _yardstick(script: str, real: Path, synthetic: Path, metadata: Path,
               *extra: str, timeout: float = 900) -> dict[str, Any]:
    """The JSON line a shared check prints, or {"error": its last words}.

    One OpenMP thread: on a loaded machine OpenMP's spinning threads made one detection.py
    run take 11 minutes instead of 11 s, with the same scores. (Model runs keep the
    caller's environment, as a user's would.)
    """
    proc = subprocess.run(
        [sys.executable, str(CHECKS / script), str(real), str(synthetic), str(metadata), *extra],
        capture_output=True, text=True, timeout=timeout,
        env=os.environ | {"OMP_NUM_THREADS": "1"})
    for line in reversed(proc.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"{script} exit {proc.returncode}: {tail}"}


def yardsticks(real: Path, synthetic: Path, metadata_path: Path) -> dict[str, Any]:
    """check_output --quality, and detection when the schema has relationships."""
    metadata = json.loads(metadata_path.read_text())
    checked = _yardstick("check_output.py", real, synthetic, metadata_path, "--quality")
    out: dict[str, Any] = {
        "quality": checked.get("quality"),
        "properties": checked.get("properties", {}),
        "diagnostic": checked.get("diagnostic"),
        "keys_valid": not checked.get("problems") and "error" not in checked,
        "problems": checked.get("problems", []) + ([checked["error"]] if "error" in checked
                                                   else []),
    }
    if metadata.get("relationships"):
        out["detection"] = _yardstick("detection.py", real, synthetic, metadata_path)
    return out


def privacy(real: dict[str, pd.DataFrame], synthetic: dict[str, pd.DataFrame],
            metadata: dict[str, Any], seed: int = 0) -> dict[str, Any]:
    """Exact-copy share and DCR ratio (synthetic median / real holdout median) per table;
    the summary: exact copies over the rows of tables of >= PRIVACY_MIN_ROWS real rows,
    and the DCR ratio of the largest table (below 1: closer to real rows than new real
    rows are)."""
    schema = schema_from_dict(metadata)
    tables: dict[str, dict[str, float | None]] = {}
    copied = counted = 0
    for name, frame in real.items():
        if name not in synthetic:
            continue
        table = schema.table(name)
        share = exact_copy_share(frame, synthetic[name], table)
        dcr_syn, dcr_holdout = dcr_medians(frame, synthetic[name], table, seed)
        ratio = round(dcr_syn / dcr_holdout, 4) if dcr_holdout > 0 else None
        tables[name] = {"exact_copies": round(share, 5), "dcr_ratio": ratio}
        if len(frame) >= PRIVACY_MIN_ROWS:
            copied += share * len(synthetic[name])
            counted += len(synthetic[name])
    largest = max(real, key=lambda t: len(real[t]))
    return {"exact_copies": round(copied / counted, 5) if counted else None,
            "dcr_ratio": tables.get(largest, {}).get("dcr_ratio"), "tables": tables}


def structure(synthetic: dict[str, pd.DataFrame], planted: list[Planted]) -> dict[str, Any]:
    """``check_structure`` on the synthetic tables, with the worst rule share and whether
    every lookup table kept its labels (no repeat, none missing)."""
    measured = check_structure(synthetic, planted)
    rules = [measured[p.key] for p in planted if p.kind == "rule"]
    lookups = [measured[p.key]["ok"] for p in planted if p.kind == "lookup"]
    return {"rules_min": round(min(rules), 4) if rules else None,
            "lookups_ok": all(lookups) if lookups else None, "measured": measured}


def split_halves(tables: dict[str, pd.DataFrame], metadata: dict[str, Any],
                 seed: int = 0) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], set]:
    """Two disjoint real halves to score against each other (the ceiling a model can reach).

    The rows of the largest child table (the largest table when none has a parent) are
    split at random; its descendants follow the half of the row their foreign key points
    at (a null key: at random); every other table (its parents, lookups) is whole in both
    halves, so both sides have the same shape: parents with about half their children.
    Returns both halves and the names of the tables that were split (the others are
    copies of each other, so privacy is measured on the split ones only).
    """
    rng = np.random.default_rng(seed)
    rels = metadata.get("relationships", [])
    children = {r["child_table_name"] for r in rels} or set(tables)
    split = max(children, key=lambda t: len(tables[t]))
    pk = metadata["tables"][split].get("primary_key")
    side = pd.Series(rng.random(len(tables[split])) < 0.5, index=tables[split].index)
    halves: dict[str, pd.Series] = {split: side}
    keys_in_a: dict[str, set] = {}
    if pk:
        keys_in_a[split] = set(tables[split].loc[side, pk])
    frontier = [split]
    while frontier:
        parent = frontier.pop()
        for rel in rels:
            child = rel["child_table_name"]
            if rel["parent_table_name"] != parent or child in halves or parent not in keys_in_a:
                continue
            fk = tables[child][rel["child_foreign_key"]]
            coin = pd.Series(rng.random(len(fk)) < 0.5, index=fk.index)
            halves[child] = fk.isin(keys_in_a[parent]).where(fk.notna(), coin).astype(bool)
            child_pk = metadata["tables"][child].get("primary_key")
            if child_pk:
                keys_in_a[child] = set(tables[child].loc[halves[child], child_pk])
            frontier.append(child)
    first = {t: f[halves[t]] if t in halves else f for t, f in tables.items()}
    second = {t: f[~halves[t]] if t in halves else f for t, f in tables.items()}
    return first, second, set(halves)
