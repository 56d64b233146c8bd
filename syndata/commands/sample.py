"""``sample``: generate from a model file exported by this installation (signed)."""

from __future__ import annotations

import argparse
from pathlib import Path

from syndata.commands.common import (
    add_output_arguments,
    add_size_arguments,
    check_output_arguments,
    sample_to_folder,
)
from syndata.commands.summary import print_summary
from syndata.errors import SyndataError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sample", help="generate from an exported model file",
        description="Generate synthetic tables from a model exported by the app or "
        "`synthesize --save-model`. Only files signed by this installation are loaded.")
    parser.add_argument("--model-file", required=True)
    add_size_arguments(parser)
    add_output_arguments(parser, run)


def run(args: argparse.Namespace) -> None:
    from syndata.export import load_model

    check_output_arguments(args)
    path = Path(args.model_file)
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise SyndataError(f"Cannot read the model file {path}: {exc.strerror}.") from exc
    model = load_model(blob)
    print_summary(sample_to_folder(model, args, "sample", model.info.metadata))
