"""``synthesize``: fit a model on CSV files and write synthetic CSVs plus metadata.json."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from syndata.commands.common import (
    add_database_arguments,
    add_output_arguments,
    add_size_arguments,
    check_output_arguments,
    load_input,
    na_values,
    positive_float,
    positive_int,
    progress_bar,
    sample_to_folder,
    sequence,
    setting,
    sql_source,
)
from syndata.commands.summary import print_summary
from syndata.models import FAMILIES, get_family


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "synthesize", help="fit a model and write synthetic tables",
        description="Fit a model on CSV tables and write DIR/<table>.csv and DIR/metadata.json.")
    parser.add_argument("--data", nargs="+", required=True, metavar="DIR_OR_CSV_OR_URL",
                        help="CSV or Parquet files, folders whose CSV and Parquet files are "
                        "tables named after the file, or one database URL (sqlite:///shop.db, "
                        "duckdb:///shop.duckdb, postgresql://user@host/db), read read-only")
    add_database_arguments(parser)
    parser.add_argument("--metadata", help="SDV metadata JSON (default: detected)")
    parser.add_argument("--model", required=True, choices=list(FAMILIES))
    parser.add_argument("--na-values", type=na_values, metavar="TOKENS",
                        help="comma-separated cell texts read as missing, e.g. 'NA,NULL' "
                        "('' = only empty cells; default: pandas' list, NA kept in 2-letter "
                        "code columns)")
    parser.add_argument("--epochs", type=positive_int, help="training epochs (GAN/VAE models)")
    parser.add_argument("--batch-size", type=positive_int, help="training batch size")
    parser.add_argument("--time-budget", type=positive_float, metavar="MINUTES",
                        help="stop training at the last epoch that fits this many minutes")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"),
                        help="where GPU-capable models train (default auto)")
    parser.add_argument("--set", action="append", default=[], type=setting,
                        metavar="NAME=VALUE", dest="settings",
                        help="any other model setting, as named on the Fit page and in the "
                        "README (repeatable), e.g. --set precision=float32")
    add_size_arguments(parser)
    parser.add_argument("--drop-orphans", action="store_true",
                        help="drop child rows whose foreign key matches no parent")
    parser.add_argument("--reference", action="append", default=[], metavar="TABLE",
                        help="copy this table as it is: its real rows are the output and its "
                        "children point at them (repeatable; IRGAN and CART)")
    parser.add_argument("--sequence", action="append", default=[], type=sequence,
                        metavar="TABLE=KEY:INDEX", dest="sequences",
                        help="mark TABLE sequential: one sequence per KEY value (the entity, "
                        "e.g. a parent's key) ordered by INDEX (a datetime or number); "
                        "repeatable; the par model needs it, evaluate then checks sequences")
    parser.add_argument("--save-model", metavar="FILE", help="also write the signed fitted model")
    add_output_arguments(parser, run)


def run(args: argparse.Namespace) -> None:
    from syndata import synthesis
    from syndata.export import write_model
    from syndata.validation import drop_orphans, leak_problems

    spec = get_family(args.model).spec
    check_output_arguments(args)
    source = sql_source(args)
    tables, schema = load_input(args.data, args.metadata, args.na_values, source)
    for name in args.reference:
        schema.set_reference(name, True)
    for table, key, index in args.sequences:
        schema.set_sequence(table, key, index)
    if args.drop_orphans:
        kept = drop_orphans(schema, tables)
        for name, frame in kept.items():
            if len(frame) < len(tables[name]):
                print(f"note: --drop-orphans dropped {len(tables[name]) - len(frame):,} of "
                      f"{len(tables[name]):,} rows of {name} whose keys match no parent row",
                      file=sys.stderr)
        tables = kept
    for problem in leak_problems(schema, tables):
        # load_input has warned about the personal-looking ones (fix: a PII sdtype) already
        if all(fix.args[-1] == "id" for fix in problem.fixes):
            print(f"warning: {problem.message}", file=sys.stderr)
    given = {"epochs": args.epochs, "batch_size": args.batch_size, "device": args.device,
             "time_budget_minutes": args.time_budget}
    known = {p.name for p in spec.params}
    ignored = sorted(k for k, v in given.items() if v is not None and k not in known)
    if ignored:
        print(f"note: {spec.label} has no {', '.join(ignored)}; ignored", file=sys.stderr)
    params = {k: v for k, v in given.items() if k in known} | dict(args.settings)
    with progress_bar(f"fit {args.model}") as bar:
        model = synthesis.fit(args.model, schema, tables, params, progress=bar)
    for note in model.info.notes:
        print(f"note: {note}", file=sys.stderr)
    lines = sample_to_folder(model, args, f"sample {args.model}", schema.to_dict(), source)
    if args.save_model:
        write_model(model, Path(args.save_model))
        lines.append(f"model file {args.save_model}")
    print_summary(lines)
