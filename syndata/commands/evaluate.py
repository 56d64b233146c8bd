"""``evaluate``: compare a synthetic folder with the real one; write HTML (and JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from syndata.errors import EvaluationError, MetadataError

METADATA_FILE = "metadata.json"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score synthetic tables against the real ones",
        description="Compare synthetic CSV tables with real ones (quality, diagnostic, "
        "privacy, ML utility) and write a self-contained HTML report.",
    )
    parser.add_argument(
        "--real",
        required=True,
        metavar="DIR",
        help="folder of real CSVs, one per table, named after the table",
    )
    parser.add_argument(
        "--synthetic",
        required=True,
        metavar="DIR",
        help="folder of synthetic CSVs with the same file names",
    )
    parser.add_argument(
        "--metadata",
        metavar="FILE",
        help="SDV metadata JSON (default: the synthetic folder's metadata.json, "
        "else detected from the real data)",
    )
    parser.add_argument(
        "--target", metavar="TABLE.COLUMN", help="column to predict for the ML-utility check"
    )
    parser.add_argument("--out", required=True, metavar="report.html", help="HTML report to write")
    parser.add_argument("--json", metavar="scores.json", help="also write the scores as JSON")
    parser.set_defaults(run=run)


def _load_folder(folder: str, side: str) -> dict[str, pd.DataFrame]:
    from syndata.ingest import load_paths

    path = Path(folder)
    if not path.is_dir():
        raise EvaluationError(
            f"The {side} folder {path} does not exist or is not a folder. Pass a folder of CSVs."
        )
    return load_paths([path])


def _metadata(path: Path, real: dict[str, pd.DataFrame]) -> dict:
    """The metadata file as written (so SDMetrics sees the keys it reads), once our loader
    has checked it; the normalised form only where the file is not in multi-table form."""
    from syndata.metadata import load_metadata_file

    normalised = load_metadata_file(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as error:
        raise MetadataError(f"Cannot read the metadata file {path}: {error}") from error
    same_tables = (
        isinstance(raw, dict)
        and isinstance(raw.get("tables"), dict)
        and set(raw["tables"]) == set(normalised["tables"])
    )
    chosen = raw if same_tables else normalised
    missing = [t for t in chosen["tables"] if t not in real]
    if missing:
        raise EvaluationError(
            f"The metadata names table(s) {', '.join(missing)} that the real folder lacks; "
            f"it has {', '.join(sorted(real))}. Name each CSV after its table."
        )
    return chosen


def _choose_metadata(args: argparse.Namespace, real: dict[str, pd.DataFrame]) -> dict:
    from syndata.metadata import detect_metadata

    if args.metadata:
        return _metadata(Path(args.metadata), real)
    beside = Path(args.synthetic) / METADATA_FILE
    if beside.is_file():
        print(f"note: using {beside}", file=sys.stderr)
        return _metadata(beside, real)
    return detect_metadata(real)


def run(args: argparse.Namespace) -> None:
    from syndata.commands.common import progress_bar
    from syndata.evaluation import evaluate, render_report

    real = _load_folder(args.real, "real")
    synthetic = _load_folder(args.synthetic, "synthetic")
    metadata = _choose_metadata(args, real)
    with progress_bar("evaluate") as bar:
        result = evaluate(real, synthetic, metadata, target=args.target, progress=bar)
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_report(result, real, synthetic, metadata), encoding="utf-8")
        if args.json:
            scores = Path(args.json)
            scores.parent.mkdir(parents=True, exist_ok=True)
            scores.write_text(json.dumps(result.to_json(), indent=2, default=str), encoding="utf-8")
    except OSError as error:
        raise EvaluationError(
            f"Cannot write the report: {error.strerror} ({error.filename})."
        ) from error
