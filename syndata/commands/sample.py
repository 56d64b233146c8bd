"""``sample``: generate from a model file exported by this installation (signed)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from syndata.commands.common import add_size_arguments, progress_bar
from syndata.commands.summary import model_line, print_summary, tables_lines
from syndata.errors import SyndataError
from syndata.safety import SAFE_FOR_SPREADSHEETS_HELP


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sample", help="generate from an exported model file",
        description="Generate synthetic tables from a model exported by the app or "
        "`synthesize --save-model`. Only files signed by this installation are loaded.")
    parser.add_argument("--model-file", required=True)
    add_size_arguments(parser)
    parser.add_argument("--safe-for-spreadsheets", action="store_true",
                        help=SAFE_FOR_SPREADSHEETS_HELP)
    parser.add_argument("--out", required=True, help="output folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    from syndata.export import load_model, write_tables

    path = Path(args.model_file)
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise SyndataError(f"Cannot read the model file {path}: {exc.strerror}.") from exc
    model = load_model(blob)
    started = time.perf_counter()
    with progress_bar("sample") as bar:
        synthetic = model.sample(rows=args.rows, scale=args.scale, seed=args.seed, progress=bar)
    sample_seconds = time.perf_counter() - started
    out = Path(args.out)
    write_tables(synthetic, model.info.metadata, out, neutralise=args.safe_for_spreadsheets)
    print_summary(tables_lines(synthetic, out) + [model_line(model.info, sample_seconds)])
