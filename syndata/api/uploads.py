"""Uploaded files -> one database: tables and their schema, read as the CLI reads files.

CSV files (also compressed, or a ZIP holding one) go through ``syndata.ingest`` with the
same reading options and messages as ``python -m syndata synthesize --data``; Parquet files
through pyarrow; a ZIP holding several table files (and optionally the ``metadata.json``
that our own export ZIP carries) is one database. The schema is detected with PII typed as
PII, as the CLI does, or read from that ``metadata.json``. The client's file names name the
tables and nothing else: no file is ever written or opened by a name the client sent.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd

from syndata.api.errors import TooLarge
from syndata.commands.common import unlinked_keys
from syndata.errors import IngestError, LimitError, MetadataError
from syndata.ingest import NOTES_KEY, CsvOptions, read_csv_bytes, table_name_for
from syndata.limits import check_table_limits
from syndata.metadata import Schema
from syndata.pii import apply_detected_pii, pii_left_plain
from syndata.settings import Settings
from syndata.sources.parquet import is_parquet, read_parquet_bytes

METADATA_MEMBER = "metadata.json"
_ZIP_MAGIC = b"PK\x03\x04"
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".csv.gz", ".csv.bz2", ".csv.xz")
_MAX_UNPACKED_BYTES = 1024**3
"""The most a ZIP database may unpack to, so a small "zip bomb" cannot fill memory."""


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the client gave (for table names and messages) and its
    bytes."""

    filename: str
    data: bytes

    @property
    def name(self) -> str:
        return PurePosixPath(self.filename.replace("\\", "/")).name or "upload.csv"


@dataclass
class Database:
    """What an upload became: tables by name, each one's source file, the schema, what
    reading the files noted and what detecting (or reading) the schema noted."""

    tables: dict[str, pd.DataFrame]
    sources: dict[str, str]
    schema: Schema
    notes: list[str]
    schema_notes: list[str]


def read_database(uploads: list[Upload], options: CsvOptions, settings: Settings) -> Database:
    """The tables of ``uploads`` as one database, within the settings' row and column caps."""
    if not uploads:
        raise IngestError("No file was uploaded: send one or more files in the 'files' field.")
    tables: dict[str, pd.DataFrame] = {}
    sources: dict[str, str] = {}
    metadata: str | None = None
    for upload in uploads:
        for member in _members(upload):
            if PurePosixPath(member.name).name.lower() == METADATA_MEMBER:
                metadata = member.data.decode("utf-8-sig", errors="replace")
                continue
            name = table_name_for(_without_parquet_suffix(member.name), tables)
            tables[name] = _read_table(member, options)
            sources[name] = member.filename
    if not tables:
        raise IngestError("The upload holds no table: send CSV or Parquet files, or a ZIP of "
                          "them.")
    try:
        check_table_limits(tables, settings.max_rows, settings.max_columns)
    except LimitError as error:
        raise TooLarge(str(error)) from None
    notes = [f"{name}: {note}" for name, frame in tables.items()
             for note in frame.attrs.get(NOTES_KEY, [])]
    if metadata is not None:
        schema, more = apply_metadata(tables, metadata)
    else:
        schema, more = detect_schema(tables)
    return Database(tables, sources, schema, notes, more)


def detect_schema(tables: dict[str, pd.DataFrame]) -> tuple[Schema, list[str]]:
    """The detected schema, PII typed as PII, and the notes the CLI prints about it."""
    schema = Schema.detect(tables)
    return schema, apply_detected_pii(schema, tables) + unlinked_keys(schema, tables)


def apply_metadata(tables: dict[str, pd.DataFrame], text: str) -> tuple[Schema, list[str]]:
    """The schema of an SDV metadata JSON for these tables, checked as the CLI's
    ``--metadata`` is, and its warnings (PII it types as plain values)."""
    schema = Schema.from_json(text, "metadata.json")
    missing = [t for t in schema.tables if t not in tables]
    if missing:
        raise MetadataError(
            f"The metadata names table(s) {missing} but the data has {sorted(tables)}. "
            "Name each CSV after its table."
        )
    schema.learn_key_formats(tables)
    left = pii_left_plain(schema, {t: tables[t] for t in schema.tables})
    warnings = []
    if left:
        warnings.append(f"{', '.join(left)} look(s) like personal data but the metadata types "
                        "them as plain values, so real values may be copied into the output. "
                        "Give them a PII sdtype (email, phone_number, ssn...).")
    return schema, warnings


def _members(upload: Upload) -> list[Upload]:
    """The table files of one upload: itself, or the members of a ZIP database."""
    if not upload.data.startswith(_ZIP_MAGIC):
        return [upload]
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()
                     and not i.filename.startswith("__MACOSX/")]
            names = [i.filename.lower() for i in infos]
            tables = [n for n in names if n.endswith(_TABLE_SUFFIXES)]
            has_metadata = any(PurePosixPath(n).name == METADATA_MEMBER for n in names)
            if len(tables) < 2 and not has_metadata:
                return [upload]  # one CSV (or an Office file): ingest reads or names it
            if sum(i.file_size for i in infos) > _MAX_UNPACKED_BYTES:
                raise IngestError(f"{upload.name} unpacks to more than 1 GB: upload fewer or "
                                  "smaller tables.")
            return [Upload(f"{upload.name}/{i.filename}", archive.read(i)) for i in infos
                    if i.filename.lower().endswith(_TABLE_SUFFIXES)
                    or PurePosixPath(i.filename).name.lower() == METADATA_MEMBER]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return [upload]  # ingest names a damaged or encrypted archive


def _without_parquet_suffix(filename: str) -> str:
    """``orders.parquet`` names table ``orders``, as ``orders.csv`` does."""
    return filename[: -len(".parquet")] if filename.lower().endswith(".parquet") else filename


def _read_table(upload: Upload, options: CsvOptions) -> pd.DataFrame:
    if is_parquet(upload.name, upload.data):
        return read_parquet_bytes(upload.data, upload.name)
    return read_csv_bytes(upload.data, upload.name, options)
