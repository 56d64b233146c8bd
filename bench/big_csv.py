"""A big CSV through GaussianCopula (issue 19): read, fit and sample time, peak memory.

usage: python bench/big_csv.py [--rows 1500000] [--sizes 100000,300000,1000000] [--cli]
Writes an orders table (12 columns: an id, 2 date columns in two formats, 6 numbers, 3
categories) to a temporary folder (deleted after). For each size a fresh process times
reading, fitting and sampling through syndata's core and prints its peak memory growth
during the fit (resident memory polled every 20 ms) next to ``ModelFamily.estimate_memory``.
``--cli`` also runs ``python -m syndata synthesize`` on ``--rows`` rows under
``/usr/bin/time -v``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent

_STAGES = """
import resource, sys, threading, time, warnings
import psutil
warnings.simplefilter("ignore")
from syndata import synthesis
from syndata.commands.common import load_input
from syndata.models import get_family

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def clock():
    return time.perf_counter(), time.process_time()

def since(mark):
    return f"{time.perf_counter() - mark[0]:.1f} s ({time.process_time() - mark[1]:.1f} s CPU)"

mark = clock()
tables, schema = load_input([sys.argv[1]], None)
read = since(mark)
estimate = get_family("gaussian_copula").estimate_memory(schema, tables, {}) / 2**20
process = psutil.Process()
before = highest = process.memory_info().rss
fitting = True

def watch():
    global highest
    while fitting:
        highest = max(highest, process.memory_info().rss)
        time.sleep(0.02)

watcher = threading.Thread(target=watch)
watcher.start()
mark = clock()
model = synthesis.fit("gaussian_copula", schema, tables)
fit = since(mark)
fitting = False
watcher.join()
growth = (highest - before) / 2**20
mark = clock()
model.sample(seed=0)
sample = since(mark)
print(f"{len(tables['orders']):,} rows: read {read}, fit {fit}, sample {sample}; fit peak "
      f"growth {growth:.0f} MiB, estimate {estimate:.0f} MiB, process peak {peak():.0f} MiB")
"""


def write_orders(rows: int, path: Path, seed: int = 0) -> None:
    """The benchmark table: realistic shapes, two date formats."""
    rng = np.random.default_rng(seed)
    day = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3000, rows), unit="D")
    shipped = day + pd.to_timedelta(rng.integers(3600, 10 * 86_400, rows), unit="s")
    pd.DataFrame({
        "order_id": np.arange(rows),
        "order_date": day.strftime("%Y-%m-%d"),
        "shipped_at": shipped.strftime("%Y-%m-%d %H:%M:%S"),
        "amount": rng.gamma(2, 50, rows).round(2),
        "quantity": rng.integers(1, 20, rows),
        "discount": rng.uniform(0, 0.3, rows).round(3),
        "weight": rng.normal(10, 3, rows).round(2),
        "region": rng.choice(["north", "south", "east", "west"], rows),
        "channel": rng.choice(["web", "store", "phone"], rows),
        "status": rng.choice(["new", "paid", "shipped", "returned", "cancelled"], rows),
        "score": rng.normal(0, 1, rows).round(4),
        "priority": rng.integers(0, 5, rows),
    }).to_csv(path, index=False)


def _cli(csv: Path, out: Path) -> None:
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "syndata", "synthesize",
               "--data", str(csv), "--model", "gaussian_copula", "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    print(f"CLI exit {done.returncode}: wall {wall.group(1) if wall else '?'}, peak RSS "
          f"{int(rss.group(1)) / 1024 if rss else 0:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_500_000)
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--cli", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for rows in [int(n) for n in args.sizes.split(",") if n]:
            csv = Path(folder) / "orders.csv"
            write_orders(rows, csv)
            subprocess.run([sys.executable, "-c", _STAGES, str(csv)], cwd=ROOT, check=True)
        if args.cli:
            csv = Path(folder) / "orders.csv"
            write_orders(args.rows, csv)
            print(f"{args.rows:,} rows, {csv.stat().st_size / 2**20:.0f} MiB of CSV")
            _cli(csv, Path(folder) / "out")


if __name__ == "__main__":
    main()
