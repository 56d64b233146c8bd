"""``sample``: generate from a model file exported by this installation (signed)."""

from __future__ import annotations

import argparse
from pathlib import Path

from syndata.commands.common import add_size_arguments, progress_bar
from syndata.errors import SyndataError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sample", help="generate from an exported model file",
        description="Generate synthetic tables from a model exported by the app or "
        "`synthesize --save-model`. Only files signed by this installation are loaded.")
    parser.add_argument("--model-file", required=True)
    add_size_arguments(parser)
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
    with progress_bar("sample") as bar:
        synthetic = model.sample(rows=args.rows, scale=args.scale, seed=args.seed, progress=bar)
    write_tables(synthetic, model.info.metadata, Path(args.out))
