"""Overhead of syndata's core path over raw SDV, same synthesizer and data, one run.

usage: python bench/overhead.py [--flights N] [--hma-flights N] [--repeats R]
Prints the median fit+sample seconds of each path and their ratio (goal <= 1.05).
Our path adds schema conversion, validation, the memory estimate and progress hooks.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

from syndata import synthesis
from syndata.demos import _flights, _flights_schema
from syndata.metadata import Schema


def _time_pair(raw, ours, repeats: int) -> tuple[float, float]:
    """Median seconds of each, alternating raw and ours so that load hits both alike."""
    runs: dict[str, list[float]] = {"raw": [], "ours": []}
    for _ in range(repeats):
        for name, fn in (("raw", raw), ("ours", ours)):
            start = time.perf_counter()
            fn()
            runs[name].append(time.perf_counter() - start)
    return statistics.median(runs["raw"]), statistics.median(runs["ours"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flights", type=int, default=20000)
    parser.add_argument("--hma-flights", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from sdv.multi_table import HMASynthesizer
    from sdv.single_table import GaussianCopulaSynthesizer

    single = {"flights": _flights(args.flights)["flights"]}
    schema = Schema.detect(single)
    metadata = schema.to_sdv()

    def raw_gc():
        synth = GaussianCopulaSynthesizer(metadata, default_distribution="beta")
        synth.fit(single)
        synth.sample(num_rows=args.flights)

    def ours_gc():
        synthesis.fit("gaussian_copula", schema, single).sample(seed=0)

    multi = _flights(args.hma_flights)
    multi_schema = _flights_schema(multi)
    multi_meta = multi_schema.to_sdv()

    def raw_hma():
        synth = HMASynthesizer(multi_meta, verbose=False)
        for table in multi:
            synth.set_table_parameters(table, {"default_distribution": "beta"})
        synth.fit(multi)
        synth.sample_scale(1.0)

    def ours_hma():
        synthesis.fit("hma", multi_schema, multi).sample(seed=0)

    print(f"{'case':<42}{'raw SDV s':>11}{'syndata s':>11}{'ratio':>8}")
    for label, raw, ours, repeats in (
        (f"GaussianCopula, {args.flights:,} flights", raw_gc, ours_gc, args.repeats),
        (f"HMA, 4 tables, {args.hma_flights:,} flights", raw_hma, ours_hma, args.repeats),
    ):
        raw_s, ours_s = _time_pair(raw, ours, repeats)
        print(f"{label:<42}{raw_s:>11.2f}{ours_s:>11.2f}{ours_s / raw_s:>8.3f}")


if __name__ == "__main__":
    main()
