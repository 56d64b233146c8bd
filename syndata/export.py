"""Writing synthetic tables, metadata and fitted models for download or the CLI.

Everything is produced as bytes in memory so the app can hand it to a download button
without touching disk; the CLI writes the same bytes to the folder the user named.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from syndata.errors import SignatureError, SyndataError
from syndata.models import FittedModel
from syndata.text_formats import write_formatted


def table_csv(df: pd.DataFrame, neutralise: bool = False) -> bytes:
    """One table as UTF-8 CSV; ``neutralise`` defuses spreadsheet formulas (see ``safety``).

    The one writer of every CSV we hand out (download, ZIP, CLI). Fields holding a line
    break are quoted: Python's csv writer, which pandas uses, quotes a field only for the
    characters of its line terminator, so with the usual ``\n`` a bare carriage return went
    out unquoted and every reader split the row there (a new cell, possibly ``=cmd...``).
    A table with a carriage return anywhere is therefore written with ``\r\n`` line ends
    (RFC 4180), which quotes both; any other table keeps ``\n``, byte for byte as before.
    Numbers and booleans are written in the input's text format where the reader recorded
    one (``df.attrs``, see ``text_formats``), after neutralising, which leaves numbers
    alone: ``+7`` stays a number. A decimal-comma table keeps the ``,`` delimiter, its
    values quoted (``"32,74"``) like any field holding a comma: one delimiter for every
    output, and every CSV reader reads the values back.
    """
    if neutralise:
        from syndata.safety import neutralise_formulas

        df = neutralise_formulas(df)
    df = write_formatted(df)
    line_end = "\r\n" if _holds_carriage_return(df) else "\n"
    return df.to_csv(index=False, lineterminator=line_end).encode("utf-8")


def _holds_carriage_return(df: pd.DataFrame) -> bool:
    """Does any column name or text cell contain ``\r``?"""
    if any("\r" in str(name) for name in df.columns):
        return True
    for _, series in df.items():
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = pd.Series(series.cat.categories)
        elif pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        if series.astype(str).str.contains("\r", regex=False).any():
            return True
    return False


def metadata_json(metadata: Mapping[str, Any]) -> bytes:
    return json.dumps(metadata, indent=2).encode("utf-8")


def zip_tables(
    tables: Mapping[str, pd.DataFrame], metadata: Mapping[str, Any], neutralise: bool = False
) -> bytes:
    """A ZIP of ``<table>.csv`` for every table plus ``metadata.json``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, df in tables.items():
            archive.writestr(f"{name}.csv", table_csv(df, neutralise))
        archive.writestr("metadata.json", metadata_json(metadata))
    return buffer.getvalue()


def write_tables(
    tables: Mapping[str, pd.DataFrame], metadata: Mapping[str, Any], out_dir: Path,
    neutralise: bool = False,
) -> list[Path]:
    """``out_dir/<table>.csv`` for every table and ``out_dir/metadata.json``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name, df in tables.items():
            path = out_dir / f"{name}.csv"
            path.write_bytes(table_csv(df, neutralise))
            written.append(path)
        (out_dir / "metadata.json").write_bytes(metadata_json(metadata))
    except OSError as exc:
        raise SyndataError(
            f"Cannot write to {out_dir}: {exc.strerror}. Choose another folder."
        ) from exc
    return written + [out_dir / "metadata.json"]


def model_bytes(model: FittedModel) -> bytes:
    """The fitted model, pickled and signed with this installation's key."""
    from syndata.signing import dump_signed

    return dump_signed(model)


def write_model(model: FittedModel, path: Path) -> None:
    """The signed model at ``path`` (its folder created), or a SyndataError saying why not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(model_bytes(model))
    except OSError as exc:
        raise SyndataError(
            f"Cannot write the model file {path}: {exc.strerror}. Choose another path."
        ) from exc


def load_model(blob: bytes) -> FittedModel:
    """A model exported by this installation; anything else is refused before unpickling."""
    from syndata.signing import load_signed

    model = load_signed(blob)
    if not isinstance(model, FittedModel):
        raise SignatureError("This file is signed but holds no syndata model.")
    return model
