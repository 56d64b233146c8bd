"""Fit time of wide tables (many columns): where GaussianCopula's time goes, per model.

usage: python bench/wide.py [--columns N] [--rows N] [--models gaussian_copula,...]
    [--distribution beta|norm] [--profile]
Builds a table of N columns (three numerical to one categorical of 12 values) and fits each
model through ``synthesis.fit`` (1 epoch for the GANs), printing fit seconds (wall and CPU,
since a shared machine's wall time says little), peak memory growth against
``ModelFamily.estimate_memory`` and, with ``--profile``, the top of cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import time
import warnings

import numpy as np
import pandas as pd

from syndata import synthesis
from syndata.metadata import Schema
from syndata.models import get_family


def wide_table(columns: int, rows: int, seed: int = 0) -> pd.DataFrame:
    """``columns`` columns: every fourth categorical (12 values), the rest skewed numbers."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=rows)
    data = {}
    for i in range(columns):
        if i % 4 == 3:
            data[f"c{i}"] = rng.choice([f"v{k}" for k in range(12)], rows)
        else:
            data[f"x{i}"] = np.round(np.exp(0.3 * base + rng.normal(size=rows)), 3)
    return pd.DataFrame(data)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--columns", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--models", default="gaussian_copula")
    parser.add_argument("--distribution", default=None)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    tables = {"wide": wide_table(args.columns, args.rows)}
    schema = Schema.detect(tables)
    for model in args.models.split(","):
        params = {"epochs": 1} if model in ("ctgan", "tvae", "copulagan") else {}
        if args.distribution and model in ("gaussian_copula", "copulagan"):
            params["default_distribution"] = args.distribution
        estimate = get_family(model).estimate_memory(schema, tables, params)
        before = _peak_mib()
        profiler = cProfile.Profile() if args.profile else None
        start, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        fitted = synthesis.fit(model, schema, tables, params)
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"{model}: {args.columns} columns x {args.rows} rows: fit {seconds:.1f} s "
              f"({cpu:.1f} s of CPU), "
              f"peak growth {_peak_mib() - before:.0f} MiB (estimate {estimate / 2**20:.0f} "
              f"MiB), notes: {fitted.info.notes}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
