"""Size limits and the generic parts of a memory estimate, checked before a fit starts.

A fit that runs out of memory takes the whole app (and every other session on the machine)
down with it, after minutes of work. So before fitting we refuse, with a message that says
what to do, tables above the configured row/column caps and fits whose estimated memory
exceeds what the machine has free.

Each model family owns its formula (``ModelFamily.estimate_memory`` in
``syndata/models/``, each with its measured figures); this module holds what they share:
the modelled columns of a table, the sizes of a copula, of a mode-specific encoding and of
a network with its Adam state, and the check against the machine's free memory. Estimates
are meant to be within a factor of about two, erring high.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from syndata.errors import LimitError
from syndata.vocabulary import MODELLED_SDTYPES

if TYPE_CHECKING:
    from syndata.metadata import Schema

MIB = 1024**2
GIB = 1024**3
HEADROOM = 0.8
"""Share of the available memory a fit may plan to use; the rest is for everything else."""

_MIXTURE_MODES = 10
"""Modes of the per-number Gaussian mixture of a mode-specific encoding (a column each)."""
_GAN_HIDDEN = 256
_GAN_EMBEDDING = 128
_PAC = 10
"""PacGAN packing: the critic sees this many rows at once."""

_CGROUP_FILES = (
    ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),  # cgroup v2
    ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
     "/sys/fs/cgroup/memory/memory.usage_in_bytes"),  # cgroup v1
)


@dataclass(frozen=True)
class Column:
    """A modelled column as the estimates see it: its type, categories, missing values."""

    sdtype: str
    categories: int
    has_missing: bool


def check_table_limits(
    tables: Mapping[str, pd.DataFrame], max_rows: int | None, max_columns: int | None
) -> None:
    """Refuse tables above the row or column cap (``None`` = no cap), all listed at once."""
    problems = []
    for name, frame in tables.items():
        rows, columns = frame.shape
        if max_rows is not None and rows > max_rows:
            problems.append(
                f"table {name} has {rows:,} rows, above the limit of {max_rows:,}: use a random "
                f"sample of at most {max_rows:,} rows"
            )
        if max_columns is not None and columns > max_columns:
            problems.append(
                f"table {name} has {columns:,} columns, above the limit of {max_columns:,}: drop "
                f"{columns - max_columns:,} column(s) you do not need"
            )
    if problems:
        raise LimitError(
            "Too large for this server: " + "; ".join(problems) + ". (The limits are the "
            "SYNDATA_MAX_ROWS and SYNDATA_MAX_COLUMNS settings.)"
        )


BETA_SECONDS_PER_COLUMN = 0.15
BETA_SECONDS_PER_COLUMN_ROW = 2.5e-5
"""A beta marginal's fit (scipy's Nelder-Mead over every value) per modelled column: about
0.2 s at 2,000 rows and 5 s at 200,000, measured on the 2-core development machine under
load (``bench/wide.py --profile``, ``bench/big_csv.py``)."""


def estimate_marginal_seconds(
    frame: pd.DataFrame, schema: Schema, table: str, max_rows: int | None = None
) -> float:
    """Rough seconds that fitting a beta marginal to every modelled column of ``table`` takes.

    Every modelled column is one marginal (categories are encoded as one number each, and a
    column with missing values adds an indicator column); ``max_rows`` caps the rows a
    marginal is fitted on, as the Gaussian copula does on long tables.
    """
    rows = len(frame) if max_rows is None else min(len(frame), max_rows)
    width = copula_width(modelled_columns(frame, schema, table))
    return width * (BETA_SECONDS_PER_COLUMN + BETA_SECONDS_PER_COLUMN_ROW * rows)


def available_memory() -> int:
    """Free memory for this process: psutil's view, capped by a cgroup (container) limit."""
    import psutil

    available = int(psutil.virtual_memory().available)
    for limit, usage in _CGROUP_FILES:
        try:
            text = Path(limit).read_text().strip()
            if text != "max":
                available = min(available, int(text) - int(Path(usage).read_text().strip()))
        except (OSError, ValueError):
            continue
    return max(available, 0)


def check_memory(estimate: int, available: int | None = None, what: str = "This fit") -> None:
    """Refuse when ``estimate`` exceeds ``HEADROOM`` of the available memory."""
    from syndata.models.registry import LIGHTEST

    free = available_memory() if available is None else available
    if estimate <= HEADROOM * free:
        return
    raise LimitError(
        f"{what} would need about {_size(estimate)} of memory, but only {_size(free)} is "
        "available. Use a sample of the rows, drop id-like or many-valued text columns, pick "
        f"a lighter model ({LIGHTEST} needs the least), or close other jobs."
    )


def _size(count: int) -> str:
    return f"{count / GIB:.1f} GiB" if count >= GIB else f"{count / MIB:.0f} MiB"


def frame_bytes(tables: Mapping[str, pd.DataFrame]) -> int:
    """The tables' own memory, strings counted: every fit holds a copy or two of it."""
    return sum(int(frame.memory_usage(deep=True).sum()) for frame in tables.values())


def modelled_columns(frame: pd.DataFrame, schema: Schema, table: str) -> list[Column]:
    """Modelled columns with their sdtype; undeclared ones are typed from the dtype.

    Other sdtypes (ids, PII, text) are regenerated, not learned: they cost no model memory.
    """
    declared = schema.tables[table].columns if table in schema.tables else {}
    result = []
    for name in frame.columns:
        series = frame[name]
        sdtype = declared[name].sdtype if name in declared else None
        if sdtype is None:
            numeric = pd.api.types.is_numeric_dtype(series)
            sdtype = "numerical" if numeric and not pd.api.types.is_bool_dtype(series) else (
                "categorical")
        if sdtype not in MODELLED_SDTYPES:
            continue
        categories = int(series.nunique()) if sdtype in ("categorical", "boolean") else 0
        result.append(Column(sdtype, categories, bool(series.isna().any())))
    return result


def copula_width(columns: list[Column]) -> int:
    """Columns of a Gaussian copula: one per modelled column, one more for missing values."""
    return sum(1 + column.has_missing for column in columns)


def copula_bytes(rows: int, width: int) -> int:
    """A few float copies of the data while RDT transforms and the copula fits, plus the
    width x width correlation matrix."""
    return rows * width * 8 * 4 + width * width * 8 * 4


def gan_width(columns: list[Column]) -> tuple[int, int]:
    """(encoded width, width of the conditional vector) of a mode-specific encoding: one
    column per category, 1 + ``_MIXTURE_MODES`` per number, one more for missing values."""
    width = condition = 0
    for column in columns:
        if column.sdtype in ("categorical", "boolean"):
            size = column.categories + column.has_missing
            width += size
            condition += size
        else:
            width += 1 + _MIXTURE_MODES + column.has_missing
            condition += _MIXTURE_MODES
    return width, condition


def _network_bytes(inputs: int, outputs: int) -> int:
    """A two-hidden-layer network: float32 weights, gradients and two Adam moments."""
    weights = inputs * _GAN_HIDDEN + _GAN_HIDDEN * _GAN_HIDDEN + _GAN_HIDDEN * outputs
    return weights * 4 * 4


def gan_networks_bytes(width: int, condition: int, batch: int, context: int = 0) -> int:
    """A conditional GAN's generator and packed critic for an encoded ``width`` (plus
    ``context`` inputs from parent tables), and one batch of activations."""
    inputs = width + condition + context
    generator = _network_bytes(_GAN_EMBEDDING + condition + context, width)
    critic = _network_bytes(inputs * _PAC, 1)
    return generator + critic + batch * (inputs + _GAN_HIDDEN) * 4 * 8
