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


def table_csv(df: pd.DataFrame, neutralise: bool = False) -> bytes:
    """One table as UTF-8 CSV; ``neutralise`` defuses spreadsheet formulas (= + - @)."""
    if neutralise:
        from syndata.safety import neutralise_formulas

        df = neutralise_formulas(df)
    return df.to_csv(index=False).encode("utf-8")


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


def load_model(blob: bytes) -> FittedModel:
    """A model exported by this installation; anything else is refused before unpickling."""
    from syndata.signing import load_signed

    model = load_signed(blob)
    if not isinstance(model, FittedModel):
        raise SignatureError("This file is signed but holds no syndata model.")
    return model
