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

import contextlib
import ctypes
import gc
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from syndata.errors import LimitError
from syndata.vocabulary import MODELLED_SDTYPES

if TYPE_CHECKING:
    import pandas as pd

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

_CGROUP_ROOTS = (
    (Path("/sys/fs/cgroup"), "memory.max", "memory.current", "inactive_file"),  # v2
    (Path("/sys/fs/cgroup/memory"), "memory.limit_in_bytes", "memory.usage_in_bytes",
     "total_inactive_file"),  # v1
)
"""Where each cgroup version keeps a group's limit, usage and its reclaimable file cache."""

WORKER_START = 260 * MIB
"""Memory a fresh job worker holds before it reads its data: an interpreter that imported
SDV, and with it torch, RDT and scikit-learn. Measured as the anonymous memory (what the
kernel cannot reclaim) of a spawned worker: 261 MB after SDV, 241 MB after IRGAN, 246 MB
after the evaluation (SDMetrics); shared library code is in the server's count already.
A family whose fit loads less says so (``ModelFamily.worker_start``)."""

_budget: int | None = None
_checked_before_start = False


def set_memory_budget(megabytes: int | None) -> None:
    """Keep every fit of this server within ``megabytes`` in all (``None``: no budget).

    The server sets it once from its settings (the hosted demo: about 800 MB of a 1 GB
    container); ``check_memory`` then counts what the app holds now and what a worker
    starts with against it, so a fit that would not fit is refused before it starts.
    """
    global _budget
    _budget = None if megabytes is None else megabytes * MIB


def trust_the_check_before_start() -> None:
    """In a job's worker: the server checked the fit (its memory, the schema against the
    data) before queuing the job.

    Inside the worker its own imports and data already count as used, so checking memory
    again would refuse fits the server found room for, after the user waited for them; and
    the schema check asks SDV, whose import (with torch) is 210 MB a worker of a model
    that needs neither (CART, IRGAN) would otherwise hold.
    """
    global _checked_before_start
    _checked_before_start = True


def checked_before_start() -> bool:
    """Whether this process is a job's worker whose fit the server checked already."""
    return _checked_before_start


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


def _own_cgroups() -> list[Path]:
    """This process's memory cgroup and its ancestors, innermost first (a limit may be set
    on any of them); in a container the innermost is usually the namespace's root."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "" or "memory" in controllers.split(","):
            relative = Path(path.lstrip("/"))
            found += [relative, *relative.parents] if str(relative) != "." else [relative]
    return found


def _cgroup_room(root: Path, group: Path, limit_name: str, usage_name: str,
                 cache_name: str) -> int | None:
    """Limit minus usage of one cgroup, its reclaimable file cache counted as free."""
    folder = root / group
    try:
        limit = (folder / limit_name).read_text().strip()
        if limit == "max":
            return None
        used = int((folder / usage_name).read_text())
        stat = dict(line.split() for line in (folder / "memory.stat").read_text().splitlines())
    except (OSError, ValueError):
        return None
    return int(limit) - used + int(stat.get(cache_name, 0))


def available_memory() -> int:
    """Free memory for this process: psutil's view, capped by its cgroups' limits."""
    import psutil

    available = int(psutil.virtual_memory().available)
    groups = _own_cgroups()
    for root, limit_name, usage_name, cache_name in _CGROUP_ROOTS:
        for group in groups:
            room = _cgroup_room(root, group, limit_name, usage_name, cache_name)
            if room is not None:
                available = min(available, room)
    return max(available, 0)


def release_freed() -> None:
    """Free what ended sessions left (cycles included) and give the freed heap back to the
    kernel: glibc keeps freed pages in its arenas, where they still count as held."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def held_memory() -> int:
    """What this process and its workers hold now that the kernel cannot reclaim.

    Their anonymous memory (heaps, and library pages the loader wrote to); the shared
    libraries' code is left out, as the kernel can drop it under pressure and read it back.
    Garbage and freed heap pages are released first, so they are not counted.
    """
    import psutil

    release_freed()
    process = psutil.Process()
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            info = member.memory_info()
        except psutil.Error:
            continue
        total += info.rss - info.shared
    return total


def check_memory(estimate: int, available: int | None = None, what: str = "This fit",
                 worker_start: int = WORKER_START) -> None:
    """Refuse when ``estimate`` exceeds ``HEADROOM`` of the available memory, or, with a
    memory budget set (``set_memory_budget``), what the budget leaves beside the memory
    the app holds now and a new worker starts with (``worker_start``: what its imports
    hold). ``available`` replaces the machine's free memory (and skips the budget); in a
    job's worker nothing is checked again."""
    from syndata.models.registry import LIGHTEST

    if available is None and _checked_before_start:
        return
    free = available_memory() if available is None else available
    advice = (f"Use a sample of the rows, drop id-like or many-valued text columns, pick a "
              f"lighter model ({LIGHTEST} needs the least), or close other jobs.")
    if available is None and _budget is not None:
        held = held_memory()
        room = _budget - held - worker_start
        if room < HEADROOM * free and estimate > room:
            raise LimitError(
                f"{what} would need about {_size(estimate)} of memory besides the "
                f"{_size(worker_start)} a job starts with, but this server keeps the app "
                f"within {_size(_budget)} and holds {_size(held)} now, which leaves "
                f"{_size(max(room, 0))}. {advice} (The budget is the SYNDATA_MEMORY_BUDGET_MB "
                "setting.)")
    if estimate <= HEADROOM * free:
        return
    raise LimitError(
        f"{what} would need about {_size(estimate)} of memory, but only {_size(free)} is "
        f"available. {advice}"
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
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    declared = schema.tables[table].columns if table in schema.tables else {}
    result = []
    for name in frame.columns:
        series = frame[name]
        sdtype = declared[name].sdtype if name in declared else None
        if sdtype is None:
            numeric = is_numeric_dtype(series)
            sdtype = "numerical" if numeric and not is_bool_dtype(series) else (
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
