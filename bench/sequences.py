"""PAR against GaussianCopula on a sequential table, through the CLI, scored by its checks.

usage: python bench/sequences.py [--rows N] [--epochs E] [--models par,gaussian_copula]
                                 [--json FILE]

The ``sequences`` preset of ``bench/schemas.py`` (accounts > transactions, transactions
ordered by day within each account, kinds from a Markov chain) is written to a temporary
folder; its transactions table alone (the sequential one) goes through ``python -m syndata
synthesize`` and ``evaluate --json`` for each model. Printed per model: the sequence checks
(``syndata.evaluation.sequences``), quality, and the wall-clock seconds of the synthesize
command (fit + sample + writing, process start included).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.schemas import generate  # noqa: E402

TABLE = "transactions"


def _cli(*args: str) -> None:
    """``python -m syndata ...``; a failure stops the bench with the CLI's own line."""
    done = subprocess.run([sys.executable, "-m", "syndata", *args], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{args[0]} failed: {done.stderr.strip().splitlines()[-1]}")


def run_model(model: str, data: Path, metadata: Path, work: Path, epochs: int) -> dict:
    """Synthesize with ``model`` and evaluate; the scores and the synthesize seconds."""
    out = work / model
    flags = ["--epochs", str(epochs)] if model == "par" else []
    start = time.perf_counter()
    _cli("synthesize", "--data", str(data), "--metadata", str(metadata), "--model", model,
         *flags, "--out", str(out))
    seconds = time.perf_counter() - start
    scores = work / f"{model}.json"
    _cli("evaluate", "--real", str(data), "--synthetic", str(out / f"{TABLE}.csv"),
         "--metadata", str(metadata), "--out", str(work / f"{model}.html"),
         "--json", str(scores))
    result = json.loads(scores.read_text())
    return {"model": model, "seconds": round(seconds, 1), "quality": result["quality"],
            "sequences": result["sequences"][TABLE]}


def _row(found: dict) -> str:
    s = found["sequences"]
    transitions = ", ".join(f"{c} {v:.3f}" for c, v in s["transitions"].items())
    return (f"| {found['model']} | {s['score']:.3f} | {s['lengths']:.3f} | {s['gaps']:.3f} | "
            f"{transitions} | {s['ordered_synthetic']:.3f} | {found['quality']:.3f} | "
            f"{found['seconds']:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="transactions (default 5000)")
    parser.add_argument("--epochs", type=int, default=128, help="PAR epochs (default 128)")
    parser.add_argument("--models", default="par,gaussian_copula")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    generated = generate("sequences", rows=args.rows, seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / f"{TABLE}.csv"
        generated.tables[TABLE].to_csv(data, index=False)
        metadata = work / "metadata.json"
        metadata.write_text(json.dumps({"METADATA_SPEC_VERSION": "V1", "tables": {
            TABLE: generated.metadata["tables"][TABLE]}, "relationships": []}))
        found = [run_model(m, data, metadata, work, args.epochs)
                 for m in args.models.split(",")]
    print(f"{TABLE}: {args.rows:,} rows, "
          f"{generated.tables[TABLE]['account_id'].nunique():,} accounts; PAR {args.epochs} "
          "epochs")
    print("| model | sequence score | lengths | gaps | transitions | ordered | quality | "
          "synthesize s |")
    print("|---|---|---|---|---|---|---|---|")
    for item in found:
        print(_row(item))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": args.rows, "epochs": args.epochs,
                                               "models": found}, indent=2))


if __name__ == "__main__":
    main()
