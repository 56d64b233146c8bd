"""Size limits and a memory estimate, checked before a fit starts.

A fit that runs out of memory takes the whole app (and every other session on the machine)
down with it, after minutes of work. So before fitting we refuse, with a message that says
what to do, tables above the configured row/column caps and fits whose estimated memory
exceeds what the machine has free.

The estimate is deliberately rough, per model family, from the shapes that dominate:
- GaussianCopula: one float column per modelled column, a handful of copies while RDT
  transforms and the copula fits, plus the k x k correlation matrix;
- CTGAN / TVAE / CopulaGAN: the mode-specific normalised, one-hot encoded matrix (one column
  per category, 1 + 10 mixture modes per number) held as float64 and as a float32 tensor,
  the conditional sampler's row index per category, and the networks with Adam state;
- HMA: for every parent row a copula is fitted on its children and its parameters
  (marginals and correlations of the child columns, recursively extended by grandchildren)
  become new parent columns, first held as Python dicts: that extension dominates;
- IRGAN: the CTGAN-like encoding of every table plus the parent context (compressed to at
  most 100 dimensions) and its per-table networks, plus the chunked key-matching matrix.
It is meant to be within a factor of about two, erring high. Measured peak growth of the
fitting process against the estimate (2 CPU cores, torch already imported):
GaussianCopula 300k rows x 10 columns 230 MiB vs 287 MiB; CTGAN (1 epoch) 100k x 10
411 vs 408; IRGAN (1 epoch) 100k parents + 300k children 177 vs 339; HMA 2k + 6k 21 vs 40.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from syndata.errors import LimitError, ModelError
from syndata.vocabulary import MODELLED_SDTYPES

MIB = 1024**2
GIB = 1024**3
HEADROOM = 0.8
"""Share of the available memory a fit may plan to use; the rest is for everything else."""

_MIXTURE_MODES = 10
_GAN_HIDDEN = 256
_GAN_EMBEDDING = 128
_PAC = 10
_CONTEXT_BUDGET = 100
_MATCH_CHUNK = 2_000
_PYTHON_FLOAT_ENTRY = 150
"""Bytes per value held in a Python dict (key, boxed float, slot), as HMA's extension is."""
_COPULA_PARAMS = 4
_FIXED = {"gaussian_copula": 32 * MIB, "hma": 32 * MIB, "ctgan": 160 * MIB,
          "tvae": 160 * MIB, "copulagan": 160 * MIB, "irgan": 96 * MIB}


_CGROUP_FILES = (
    ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),  # cgroup v2
    ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
     "/sys/fs/cgroup/memory/memory.usage_in_bytes"),  # cgroup v1
)


@dataclass(frozen=True)
class _Column:
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


def estimate_fit_memory(
    tables: Mapping[str, pd.DataFrame], metadata: dict, model: str, params: dict
) -> int:
    """Rough peak memory in bytes that fitting ``model`` on ``tables`` adds to the process."""
    key = _model_key(model)
    columns = {name: _columns(frame, metadata, name) for name, frame in tables.items()}
    rows = {name: len(frame) for name, frame in tables.items()}
    raw = sum(int(frame.memory_usage(deep=True).sum()) for frame in tables.values())
    batch = int(params.get("batch_size") or 500)
    if key == "gaussian_copula":
        data = sum(_copula_bytes(rows[t], _copula_width(columns[t])) for t in tables)
    elif key in ("ctgan", "copulagan", "tvae"):
        data = sum(_gan_bytes(rows[t], columns[t], batch, key) for t in tables)
    elif key == "hma":
        data = _hma_bytes(rows, columns, metadata)
    else:
        data = _irgan_bytes(rows, columns, metadata, batch)
    return int(_FIXED[key] + 2 * raw + data)


BETA_SECONDS_PER_COLUMN = 0.15
BETA_SECONDS_PER_COLUMN_ROW = 2.5e-5
"""A beta marginal's fit (scipy's Nelder-Mead over every value) per modelled column: about
0.2 s at 2,000 rows and 5 s at 200,000, measured on the 2-core development machine under
load (``bench/wide.py --profile``, ``bench/big_csv.py``)."""


def estimate_marginal_seconds(
    frame: pd.DataFrame, metadata: dict, table: str, max_rows: int | None = None
) -> float:
    """Rough seconds that fitting a beta marginal to every modelled column of ``table`` takes.

    Every modelled column is one marginal (categories are encoded as one number each, and a
    column with missing values adds an indicator column); ``max_rows`` caps the rows a
    marginal is fitted on, as GaussianCopula does on long tables.
    """
    rows = len(frame) if max_rows is None else min(len(frame), max_rows)
    width = _copula_width(_columns(frame, metadata, table))
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
    free = available_memory() if available is None else available
    if estimate <= HEADROOM * free:
        return
    raise LimitError(
        f"{what} would need about {_size(estimate)} of memory, but only {_size(free)} is "
        "available. Use a sample of the rows, drop id-like or many-valued text columns, pick "
        "a lighter model (gaussian_copula needs the least), or close other jobs."
    )


def _size(count: int) -> str:
    return f"{count / GIB:.1f} GiB" if count >= GIB else f"{count / MIB:.0f} MiB"


def _model_key(model: str) -> str:
    key = re.sub(r"[^a-z]", "", model.lower()).removesuffix("synthesizer")
    aliases = {"gaussiancopula": "gaussian_copula", "ctgan": "ctgan", "tvae": "tvae",
               "copulagan": "copulagan", "hma": "hma", "irgan": "irgan"}
    if key not in aliases:
        raise ModelError(f"No memory estimate for model '{model}'. Choose one of: "
                         f"{', '.join(_FIXED)}.")
    return aliases[key]


def _columns(frame: pd.DataFrame, metadata: dict, table: str) -> list[_Column]:
    """Modelled columns with their sdtype; undeclared ones are typed from the dtype."""
    declared = metadata.get("tables", {}).get(table, {}).get("columns", {})
    result = []
    for name in frame.columns:
        series = frame[name]
        sdtype = declared.get(name, {}).get("sdtype")
        if sdtype is None:
            numeric = pd.api.types.is_numeric_dtype(series)
            sdtype = "numerical" if numeric and not pd.api.types.is_bool_dtype(series) else (
                "categorical")
        if sdtype not in MODELLED_SDTYPES:
            continue
        categories = int(series.nunique()) if sdtype in ("categorical", "boolean") else 0
        result.append(_Column(sdtype, categories, bool(series.isna().any())))
    return result


def _copula_width(columns: list[_Column]) -> int:
    return sum(1 + column.has_missing for column in columns)


def _copula_bytes(rows: int, width: int) -> int:
    return rows * width * 8 * 4 + width * width * 8 * 4


def _gan_width(columns: list[_Column]) -> tuple[int, int]:
    """(encoded width, width of the conditional vector) of CTGAN's data transformer."""
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
    weights = inputs * _GAN_HIDDEN + _GAN_HIDDEN * _GAN_HIDDEN + _GAN_HIDDEN * outputs
    return weights * 4 * 4  # float32 weights, gradients and two Adam moments


def _gan_bytes(rows: int, columns: list[_Column], batch: int, key: str) -> int:
    width, condition = _gan_width(columns)
    discrete = sum(column.sdtype in ("categorical", "boolean") for column in columns)
    data = rows * width * (8 + 4) + rows * discrete * 8
    if key == "copulagan":
        data += _copula_bytes(rows, _copula_width(columns))
    generator = _network_bytes(_GAN_EMBEDDING + condition, width)
    critic = _network_bytes((width + condition) * _PAC, 1)
    activations = batch * (width + condition + _GAN_HIDDEN) * 4 * 8
    return data + generator + critic + activations


def _relationships(metadata: dict) -> list[tuple[str, str]]:
    return [(r["parent_table_name"], r["child_table_name"])
            for r in metadata.get("relationships", [])
            if "parent_table_name" in r and "child_table_name" in r]


def _hma_bytes(rows: dict[str, int], columns: dict[str, list[_Column]], metadata: dict) -> int:
    """Bottom-up like HMA: each child's (extended) width adds parameters to its parent."""
    links = [(p, c) for p, c in _relationships(metadata) if p in rows and c in rows]
    widths: dict[str, int] = {}

    def width(table: str, seen: frozenset[str] = frozenset()) -> int:
        if table not in widths:
            own = _copula_width(columns[table])
            for parent, child in links:
                if parent == table and child not in seen:
                    k = width(child, seen | {table})
                    own += _COPULA_PARAMS * k + k * (k - 1) // 2 + 1
            widths[table] = own
        return widths[table]

    total = 0
    for table in rows:
        extended = width(table)
        total += _copula_bytes(rows[table], extended)
        extension = extended - _copula_width(columns[table])
        total += rows[table] * extension * _PYTHON_FLOAT_ENTRY
    return total


def _irgan_bytes(
    rows: dict[str, int], columns: dict[str, list[_Column]], metadata: dict, batch: int
) -> int:
    links = _relationships(metadata)
    total, largest_model = 0, 0
    for table in rows:
        width, condition = _gan_width(columns[table])
        parents = [p for p, c in links if c == table and p in rows]
        context = min(_CONTEXT_BUDGET, sum(_gan_width(columns[p])[0] for p in parents))
        total += rows[table] * (width + context) * (4 + 4)  # float32 encoding and tensor
        model = (_network_bytes(_GAN_EMBEDDING + condition + context, width)
                 + _network_bytes((width + condition + context) * _PAC, 1)
                 + batch * (width + condition + context + _GAN_HIDDEN) * 4 * 8)
        if parents:
            model += _MATCH_CHUNK * _MATCH_CHUNK * 8 * 2
        largest_model = max(largest_model, model)
    return total + largest_model
