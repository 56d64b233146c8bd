"""``evaluate``: compare synthetic tables with the real ones; write HTML (and JSON).

``--real`` and ``--synthetic`` each take folders or CSV files, read like ``synthesize
--data`` (``syndata.ingest.load_paths``); tables are matched by name (the file name
without ``.csv``). ``--holdout`` takes real rows the model was not fitted on, the same way,
for the membership and attribute attacks.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from syndata.errors import EvaluationError, MetadataError
from syndata.models.registry import FAMILIES

if TYPE_CHECKING:  # pandas loads on use: argparse answers in a blink
    import pandas as pd

    from syndata.metadata import Schema

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
        nargs="+",
        metavar="DIR_OR_CSV",
        help="real tables: folders of CSVs and/or CSV files, each named after its table",
    )
    parser.add_argument(
        "--synthetic",
        required=True,
        nargs="+",
        metavar="DIR_OR_CSV",
        help="synthetic tables with the same names (folders and/or CSV files)",
    )
    parser.add_argument(
        "--holdout",
        nargs="+",
        metavar="DIR_OR_CSV",
        help="real rows the model was NOT fitted on (same table names), for the membership "
        "and attribute inference attacks; --real is then the rows it was fitted on",
    )
    parser.add_argument(
        "--metadata",
        metavar="FILE",
        help="SDV metadata JSON (default: metadata.json beside the first synthetic path, "
        "else detected from the real data)",
    )
    parser.add_argument(
        "--model",
        choices=sorted(FAMILIES),
        help="model that made the synthetic data, so the advice names the right models",
    )
    parser.add_argument(
        "--target", metavar="TABLE.COLUMN", help="column to predict for the ML-utility check"
    )
    parser.add_argument("--out", required=True, metavar="report.html", help="HTML report to write")
    parser.add_argument("--json", metavar="scores.json", help="also write the scores as JSON")
    parser.set_defaults(run=run)


def _load(paths: list[str], side: str) -> dict[str, pd.DataFrame]:
    from syndata.ingest import load_paths

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise EvaluationError(
            f"The {side} path {missing[0]} does not exist. Pass a folder of CSVs or CSV files."
        )
    return load_paths([Path(p) for p in paths])


def _match_tables(
    real: dict[str, pd.DataFrame], synthetic: dict[str, pd.DataFrame], needed: list[str]
) -> None:
    """Every table the metadata describes must be on both sides, paired by name."""
    lacking = {
        side: [t for t in needed if t not in tables]
        for side, tables in (("real", real), ("synthetic", synthetic))
    }
    if not any(lacking.values()):
        return
    side = "synthetic" if lacking["synthetic"] else "real"
    has = synthetic if side == "synthetic" else real
    raise EvaluationError(
        f"The table names do not match: the {side} side lacks {', '.join(lacking[side])} "
        f"and has {', '.join(sorted(has)) or 'no table'}. Tables are paired by file name "
        "(flights.csv is table 'flights'); rename the files so both sides use the same names."
    )


def _metadata(path: Path, real: dict[str, pd.DataFrame]) -> tuple[Schema, dict]:
    """The schema our loader reads from the file, and the file as written (so SDMetrics
    sees the keys it reads); the normalised form only where the file is not in
    multi-table form."""
    from syndata.metadata import Schema

    schema = Schema.load(path)
    normalised = schema.to_dict()
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
    return schema, chosen


def _choose_metadata(
    args: argparse.Namespace, real: dict[str, pd.DataFrame]
) -> tuple[Schema, dict | None]:
    """The schema to evaluate with and, when it comes from a file, that file as written."""
    from syndata.metadata import Schema

    if args.metadata:
        return _metadata(Path(args.metadata), real)
    first = Path(args.synthetic[0])
    beside = (first if first.is_dir() else first.parent) / METADATA_FILE
    if beside.is_file():
        print(f"note: using {beside}", file=sys.stderr)
        return _metadata(beside, real)
    return Schema.detect(real), None


def run(args: argparse.Namespace) -> None:
    from syndata.commands.common import progress_bar
    from syndata.commands.summary import evaluation_lines, print_summary
    from syndata.evaluation import evaluate
    from syndata.report import render_report

    real = _load(args.real, "real")
    synthetic = _load(args.synthetic, "synthetic")
    holdout = _load(args.holdout, "holdout") if args.holdout else None
    schema, written = _choose_metadata(args, real)
    _match_tables(real, synthetic, list(schema.tables))
    with progress_bar("evaluate") as bar:
        result = evaluate(
            real,
            synthetic,
            schema,
            written=written,
            target=args.target,
            model=args.model,
            holdout=holdout,
            progress=bar,
        )
    for item in result.not_computed:
        print(f"note: {item.line}", file=sys.stderr)
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_report(result, real, synthetic, schema), encoding="utf-8")
        if args.json:
            scores = Path(args.json)
            scores.parent.mkdir(parents=True, exist_ok=True)
            scores.write_text(json.dumps(result.to_json(), indent=2, default=str), encoding="utf-8")
    except OSError as error:
        raise EvaluationError(
            f"Cannot write the report: {error.strerror} ({error.filename})."
        ) from error
    written = [out] + ([Path(args.json)] if args.json else [])
    print_summary(evaluation_lines(result.quality, result.diagnostic, result.level, written))
