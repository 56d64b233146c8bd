"""The few lines a successful command prints at the end: what it wrote and how it got there.

They go to stdout, while the progress bar and any ``error:`` line go to stderr, so a script
can keep the summary and a person at a terminal sees at once that the run worked (a run that
printed nothing looked the same as one that silently did nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from syndata.models import FitInfo


def tables_lines(
    tables: Mapping[str, pd.DataFrame], out_dir: Path, suffix: str = ".csv"
) -> list[str]:
    """``wrote N table(s) to DIR`` and one line per table with its row count."""
    width = max((len(name) for name in tables), default=0) + len(suffix)
    lines = [f"wrote {len(tables)} table{'s' if len(tables) != 1 else ''} and "
             f"metadata.json to {out_dir}"]
    lines += [f"  {name + suffix:<{width}}  {len(frame):>12,} rows"
              for name, frame in tables.items()]
    return lines


def model_line(info: FitInfo, sample_seconds: float) -> str:
    """The model, where it ran, how long fitting and sampling took (and epochs if cut)."""
    line = (f"model {info.model} on {info.device}: fit {info.fit_seconds:.1f} s, "
            f"sample {sample_seconds:.1f} s")
    if info.epochs_used is not None:
        line += f", {info.epochs_used} epochs"
    return line


def print_summary(lines: list[str]) -> None:
    print("\n".join(lines), flush=True)


def evaluation_lines(quality: float, diagnostic: float, level: str,
                     written: list[Path]) -> list[str]:
    """The headline scores and the files the report went to."""
    return [f"quality {quality:.3f} ({level}), diagnostic {diagnostic:.3f}"] + [
        f"wrote {path}" for path in written]
