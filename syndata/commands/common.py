"""What the subcommands share: loading tables and schema, the progress bar, writing output."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syndata.commands.summary import model_line, tables_lines
from syndata.errors import SyndataError
from syndata.progress import Progress, ProgressCallback
from syndata.safety import SAFE_FOR_SPREADSHEETS_HELP

if TYPE_CHECKING:  # pandas and the schema load on use: argparse answers in a blink
    import pandas as pd

    from syndata.metadata import Schema
    from syndata.models import FittedModel
    from syndata.sources.sql import SqlSource


def load_input(
    data: list[str], metadata: str | None, na_values: tuple[str, ...] | None = None,
    source: SqlSource | None = None,
) -> tuple[dict[str, pd.DataFrame], Schema]:
    """Tables from files/folders, or from the database ``source``, and their schema (from
    ``metadata``, the database's declared keys and types, or detected).

    A detected schema types PII-looking columns as PII (each said on stderr), as the app
    does; a given metadata file is kept as written, with a warning for PII it types plain,
    except that its text ids without a format get their values' one (as detection gives).
    """
    from syndata.ingest import CsvOptions, load_paths
    from syndata.metadata import Schema
    from syndata.pii import apply_detected_pii, pii_left_plain

    if source is not None:
        from syndata.sources.sql import read_database

        database = read_database(source)
        for note in database.notes:
            print(f"note: {note}", file=sys.stderr)
        if not metadata:
            return database.tables, database.schema
        tables = database.tables
    else:
        tables = load_paths([Path(p) for p in data], CsvOptions(na_values=na_values))
    for name, frame in tables.items():
        for note in frame.attrs.get("ingest_notes", []):
            print(f"note: {name}: {note}", file=sys.stderr)
    if metadata:
        schema = Schema.load(metadata)
        missing = [t for t in schema.tables if t not in tables]
        if missing:
            raise SyndataError(
                f"The metadata names table(s) {missing} but the data has "
                f"{sorted(tables)}. Name each CSV after its table."
            )
        tables = {t: tables[t] for t in schema.tables}
        schema.learn_key_formats(tables)
        left = pii_left_plain(schema, tables)
        if left:
            print(f"warning: {', '.join(left)} look(s) like personal data but {metadata} "
                  "types them as plain values, so real values may be copied into the output. "
                  "Give them a PII sdtype (email, phone_number, ssn...) in that file.",
                  file=sys.stderr)
    else:
        schema = Schema.detect(tables)
        for note in apply_detected_pii(schema, tables) + unlinked_keys(schema, tables):
            print(f"note: {note}", file=sys.stderr)
    return tables, schema


def unlinked_keys(schema: Schema, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Columns named after another table's primary key that detection did not link.

    Detection links such a column only when nearly all its values are found in the parent;
    a real export with many orphans falls short and its references would silently become
    unrelated values. Each note says how far off the values are and how to keep the link.
    """
    linked = {(r.child, r.child_key) for r in schema.relationships}
    notes = []
    for parent, spec in schema.tables.items():
        pk = spec.primary_key
        if pk is None:
            continue
        for child, frame in tables.items():
            if child == parent or pk not in frame or (child, pk) in linked \
                    or schema.tables[child].primary_key == pk:
                continue
            values = frame[pk].dropna().drop_duplicates()
            missing = int((~values.isin(tables[parent][pk])).sum())
            notes.append(
                f"{child}.{pk} is named like the key of {parent} but is not linked to it "
                f"({missing:,} of its {len(values):,} distinct values are not in "
                f"{parent}.{pk}). To keep the link, pass --metadata with that relationship "
                "(and --drop-orphans for the rows without a parent).")
    return notes


def _number(value: str, parse: Callable[[str], float], noun: str) -> float:
    """``value`` read by ``parse`` (``int`` or ``float``), or argparse's error naming ``noun``."""
    try:
        return parse(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not {noun}") from None


def positive_int(value: str) -> int:
    number = int(_number(value, int, "a whole number"))
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def positive_float(value: str) -> float:
    number = _number(value, float, "a number")
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {value}")
    return number


def na_values(value: str) -> tuple[str, ...]:
    """``--na-values NA,NULL``: the cell texts read as missing (see ``CsvOptions``)."""
    from syndata.ingest import parse_na_values

    return parse_na_values(value)


def setting(value: str) -> tuple[str, str]:
    """``NAME=VALUE`` for ``--set``; the model's own spec checks the name and the value."""
    name, sep, raw = value.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"'{value}' is not NAME=VALUE")
    return name.strip().replace("-", "_"), raw.strip()


def sequence(value: str) -> tuple[str, str, str]:
    """``TABLE=KEY:INDEX`` for ``--sequence``; the schema checks the names and types."""
    table, sep, columns = value.partition("=")
    key, colon, index = columns.partition(":")
    if not (sep and colon and table.strip() and key.strip() and index.strip()):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not TABLE=KEY:INDEX (e.g. transactions=account_id:time)")
    return table.strip(), key.strip(), index.strip()


def add_size_arguments(parser: argparse.ArgumentParser) -> None:
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--rows", type=positive_int,
                      help="rows of the (main) table; related tables follow")
    size.add_argument("--scale", type=positive_float,
                      help="multiply every table's real size (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same output (default 0)")


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    """What to read when ``--data`` is a database URL."""
    parser.add_argument("--schema", help="with a database URL: the schema to read (default: "
                        "the database's default schema)")
    parser.add_argument("--tables", type=table_list, metavar="A,B",
                        help="with a database URL: the tables to read (default: all)")
    parser.add_argument("--row-cap", type=positive_int, metavar="N",
                        help="with a database URL: read at most N rows per table, a uniform "
                        "sample in which every foreign key keeps its parent")


def table_list(value: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    if not names:
        raise argparse.ArgumentTypeError("name at least one table, e.g. orders,customers")
    return names


def sql_source(args: argparse.Namespace) -> SqlSource | None:
    """The database ``--data`` names, or None for files; database flags without one are
    refused rather than ignored."""
    from syndata.sources.sql import SqlSource
    from syndata.sources.urls import is_url

    urls = [d for d in args.data if is_url(d)]
    if not urls:
        given = [f for f, v in (("--schema", args.schema), ("--tables", args.tables),
                                ("--row-cap", args.row_cap)) if v is not None]
        if given:
            raise SyndataError(f"{', '.join(given)} apply to a database: pass its URL as "
                               "--data (e.g. sqlite:///shop.db).")
        return None
    if len(args.data) > 1:
        raise SyndataError("--data takes one database URL, or files and folders, not both.")
    return SqlSource(urls[0], args.schema, args.tables, args.row_cap, args.seed)


def add_output_arguments(
    parser: argparse.ArgumentParser, run: Callable[[argparse.Namespace], None]
) -> None:
    """The last arguments of a command that writes tables (where and how), and its ``run``."""
    parser.add_argument("--safe-for-spreadsheets", action="store_true",
                        help=SAFE_FOR_SPREADSHEETS_HELP)
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv",
                        help="the files written to an output folder (default csv)")
    parser.add_argument("--out", required=True,
                        help="output folder, or a database URL (sqlite:///synthetic.db, "
                        "duckdb:///synthetic.duckdb, postgresql://user@host/db)")
    parser.add_argument("--out-schema", metavar="SCHEMA",
                        help="with a database URL: the schema to create the tables in "
                        "(created if missing; default: the database's default schema)")
    parser.add_argument("--overwrite-source", action="store_true",
                        help="allow --out to be the database and schema the real data was "
                        "read from, replacing its tables of the same names")
    parser.set_defaults(run=run)


def check_output_arguments(args: argparse.Namespace) -> None:
    """Output flags that do not go together are refused before any fit or sample runs."""
    from syndata.sources.urls import is_url

    if is_url(args.out):
        if args.format != "csv" or args.safe_for_spreadsheets:
            raise SyndataError("--format and --safe-for-spreadsheets apply to a folder, not "
                               "to a database URL as --out.")
    elif args.out_schema or args.overwrite_source:
        raise SyndataError("--out-schema and --overwrite-source apply to a database: pass "
                           "its URL as --out.")
    elif args.format == "parquet" and args.safe_for_spreadsheets:
        raise SyndataError("--safe-for-spreadsheets applies to CSV files: drop it or "
                           "--format parquet.")


def sample_to_folder(
    model: FittedModel, args: argparse.Namespace, label: str, metadata: dict[str, Any],
    source: SqlSource | None = None,
) -> list[str]:
    """Generate the size ``add_size_arguments`` read, write the tables and ``metadata``
    to ``--out`` (a folder or a database, never the ``source`` database unless
    ``--overwrite-source``); the summary lines of the tables and the model."""
    from syndata.export import write_tables
    from syndata.sources.urls import is_url

    started = time.perf_counter()
    with progress_bar(label) as bar:
        synthetic = model.sample(rows=args.rows, scale=args.scale, seed=args.seed, progress=bar)
    sample_seconds = time.perf_counter() - started
    if is_url(args.out):
        from syndata.metadata import Schema
        from syndata.sources.sql_write import SqlTarget, write_database

        lines = write_database(synthetic, Schema.from_dict(metadata),
                               SqlTarget(args.out, args.out_schema), source,
                               args.overwrite_source)
        return lines + [model_line(model.info, sample_seconds)]
    out = Path(args.out)
    if args.format == "parquet":
        from syndata.sources.parquet import write_parquet_tables

        write_parquet_tables(synthetic, metadata, out)
        return tables_lines(synthetic, out, ".parquet") + [model_line(model.info,
                                                                      sample_seconds)]
    write_tables(synthetic, metadata, out, neutralise=args.safe_for_spreadsheets)
    return tables_lines(synthetic, out) + [model_line(model.info, sample_seconds)]


@contextmanager
def progress_bar(label: str) -> Iterator[ProgressCallback]:
    """A tqdm bar on stderr (shown on a terminal only, tqdm's rule for ``disable=None``)."""
    from tqdm import tqdm

    with tqdm(total=100, desc=label, unit="%", disable=None, leave=False) as bar:
        def update(p: Progress) -> None:
            bar.n = int(round(100 * min(max(p.fraction, 0.0), 1.0)))
            bar.set_postfix_str(p.text[:40], refresh=True)

        yield update
