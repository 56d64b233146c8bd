"""SDV's metadata JSON and ``sdv.metadata.Metadata``: the one module that knows their layout.

Inside the program the schema is a ``syndata.metadata.Schema``. Dicts exist only where the
outside world wants them: metadata files (read, checked by ``syndata.metadata_shape``,
written back), SDV's own detection, and the SDV or SDMetrics call that wants a dict or a
``Metadata``. Everything that reads or writes SDV's keys (``sdtype``, ``primary_key``,
``parent_table_name``...) lives here, so a change of SDV's format is a change of one file.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from syndata.errors import MetadataError, one_line
from syndata.metadata import Column, Relationship, Schema, Table
from syndata.metadata_shape import normalised
from syndata.vocabulary import PII_SDTYPES

FORMAT_KEYS = ("regex_format", "computer_representation")
"""Column keys of SDV metadata that describe a format, not values: kept through edits."""
REFERENCE_KEY = "reference"
"""Our own table key, not SDV's: ``true`` on a table to copy as it is. Written only when
set, read back, and dropped before SDV sees the metadata (its loader knows no such key)."""
SEQUENCE_KEYS = ("sequence_key", "sequence_index")
"""SDV's own table keys of a sequential table, read and written as SDV names them. They
are dropped before SDV's multi-table ``Metadata`` sees them too: only PARSynthesizer reads
them (``syndata.models.par`` sets them on its one table), and SDV's other synthesizers
would otherwise treat the sequence key as a key to regenerate."""


def schema_from_dict(data: Mapping[str, Any]) -> Schema:
    """Read SDV metadata JSON (spec V1 or V2, multi-table or single-table form).

    The document's shape is checked first (``syndata.metadata_shape``), so every problem
    is reported with its path instead of failing half-way through.
    """
    data = normalised(data)
    tables: dict[str, Table] = {}
    for name, spec in data["tables"].items():
        columns = {}
        for col, col_spec in spec["columns"].items():
            formats = {k: str(col_spec[k]) for k in FORMAT_KEYS if k in col_spec}
            columns[col] = Column(col_spec["sdtype"], col_spec.get("datetime_format"), formats)
        tables[str(name)] = Table(columns, _single(spec.get("primary_key")),
                                  bool(spec.get(REFERENCE_KEY, False)),
                                  *(spec.get(k) for k in SEQUENCE_KEYS))
    relationships = [
        Relationship(rel["parent_table_name"], _single(rel["parent_primary_key"]),
                     rel["child_table_name"], _single(rel["child_foreign_key"]))
        for rel in data.get("relationships") or []
    ]
    groups = {str(k): list(v) for k, v in (data.get("groups") or {}).items()}
    schema = Schema(tables, relationships, groups)
    schema.check_references()
    return schema


def schema_to_dict(schema: Schema, tables: Iterable[str] | None = None) -> dict[str, Any]:
    """SDV metadata JSON, free of real values, limited to ``tables`` when given."""
    names = list(schema.tables) if tables is None else list(tables)
    out_tables = {}
    for name in names:
        table = schema.table(name)
        spec: dict[str, Any] = {"columns": {c: column_to_dict(v) for c, v in table.columns.items()}}
        if table.primary_key:
            spec["primary_key"] = table.primary_key
        if table.reference:
            spec[REFERENCE_KEY] = True
        if table.sequential:
            spec.update(sequence_key=table.sequence_key, sequence_index=table.sequence_index)
        out_tables[name] = spec
    rels = [relationship_to_dict(r) for r in schema.relationships_among(names)]
    return {"METADATA_SPEC_VERSION": "V1", "tables": out_tables, "relationships": rels}


def column_to_dict(column: Column) -> dict[str, Any]:
    """One column as SDV writes it: the format hint its sdtype takes, ``pii`` for PII kinds."""
    kept = column.exported()
    out: dict[str, Any] = {"sdtype": kept.sdtype, **kept.formats}
    if kept.datetime_format:
        out["datetime_format"] = kept.datetime_format
    if column.sdtype in PII_SDTYPES:
        out["pii"] = True
    return out


def relationship_to_dict(rel: Relationship) -> dict[str, str]:
    return {
        "parent_table_name": rel.parent,
        "parent_primary_key": rel.parent_key,
        "child_table_name": rel.child,
        "child_foreign_key": rel.child_key,
    }


def schema_to_sdv(schema: Schema, tables: Iterable[str] | None = None):
    """An ``sdv.metadata.Metadata`` for the given tables (all by default)."""
    from sdv.metadata import Metadata

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return Metadata.load_from_dict(sdv_dict(schema_to_dict(schema, tables)))
        except Exception as exc:
            raise MetadataError(f"SDV rejects this metadata: {one_line(exc)}") from exc


def sdv_dict(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """``metadata`` without our own table keys (``REFERENCE_KEY``) and the sequence keys
    (``SEQUENCE_KEYS``), as SDV's multi-table synthesizers accept it."""
    out = dict(metadata)
    dropped = {REFERENCE_KEY, *SEQUENCE_KEYS}
    out["tables"] = {name: {k: v for k, v in spec.items() if k not in dropped}
                     for name, spec in metadata["tables"].items()}
    return out


def sdv_detected(tables: Mapping[str, pd.DataFrame]) -> Schema:
    """The column types SDV's own detection gives ``tables`` (its keys and links dropped)."""
    from sdv.metadata import Metadata

    if not tables:
        raise MetadataError("There is no table to describe. Upload a CSV file first.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            detected = Metadata.detect_from_dataframes(dict(tables))
        except Exception as exc:  # SDV raises several unrelated types here
            raise MetadataError(
                f"Could not detect the column types automatically ({one_line(exc)}). "
                "Check that every table has a header row and at least one data row."
            ) from exc
    schema = schema_from_dict(detected.to_dict())
    schema.relationships.clear()
    return schema


def load_schema(path: str | Path) -> Schema:
    """Read a metadata JSON file, with a clear error for files that are not JSON."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MetadataError(f"Cannot read the metadata file {path}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise MetadataError(f"The metadata file {path.name} is not UTF-8 text.") from exc
    return schema_from_json(text, path.name)


def schema_from_json(text: str, source: str = "metadata") -> Schema:
    """Read metadata JSON text; ``source`` names it in messages (a file name)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MetadataError(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
            " Export the metadata again or fix the file."
        ) from exc
    except RecursionError:
        raise MetadataError(
            f"{source} is nested too deeply to read (thousands of levels); SDV metadata "
            "is at most 4 levels deep. This is not a metadata file: export it again."
        ) from None
    return schema_from_dict(data)


def schema_to_json(schema: Schema, tables: Iterable[str] | None = None) -> str:
    return json.dumps(schema_to_dict(schema, tables), indent=2)


def _single(key: str | list[str] | None) -> str | None:
    """A key given as a one-column list (``["id"]``) is that column; longer lists are
    refused by the shape check, which runs first."""
    return key[0] if isinstance(key, list) else key
