"""Reference tables: tables the user marks to copy as they are (``Table.reference``).

A list of airports, a calendar, a product catalogue is often not data to protect but data
every tester needs exactly: the same codes, names and rows. A table marked *reference*
comes out as the real one (same rows, keys, values and formats, at any scale), and its
children's foreign keys point at its real keys. The model still learns the table's rows so
children are conditioned on them; only the output is swapped in here, after every other
step of sampling (``FittedModel.sample``), so no format restoration or PII shape touches it.

Only families that generate children from the rows they are given can honour it
(``ModelFamily.copies_reference``: IRGAN and CART). SDV's HMA learns each child table's
distribution per parent row and samples children from the synthetic parents it generates
itself; swapping real rows in afterwards would re-point children at parents they were not
drawn for, so it is refused, as are single-table models on a group, with what to do.

A copied row's foreign keys hold real keys, so a reference table's parents must be copied
too; otherwise its keys would point at rows that are not in the output. The model file then
holds these real rows, and its notes say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from syndata.metadata import Schema

if TYPE_CHECKING:
    from syndata.models.family import ModelFamily


def reference_problem(schema: Schema, family: ModelFamily) -> str | None:
    """Why ``family`` cannot fit ``schema`` with its reference tables, or None."""
    names = schema.reference_tables()
    if not names:
        return None
    listed = ", ".join(names)
    if not family.copies_reference:
        return (f"{family.label} cannot copy reference tables as they are ({listed}): it "
                "generates every table itself, so children would point at synthetic rows. "
                "Fit IRGAN or CART, or untick reference for these tables.")
    for name in names:
        free = [r.parent for r in schema.parents_of(name)
                if r.parent in schema.tables and not schema.table(r.parent).reference]
        if free:
            return (f"{name} is a reference table but its parent {', '.join(free)} is not: a "
                    f"copied row's keys must point at copied rows. Mark {', '.join(free)} "
                    f"reference too, or untick reference for {name}.")
    return None


def reference_rows(
    schema: Schema, tables: Mapping[str, pd.DataFrame], names: Iterable[str] | None = None
) -> dict[str, pd.DataFrame]:
    """The real rows of each reference table (of ``names``), cut to the schema's columns."""
    return {t: tables[t][schema.columns_of(t)].reset_index(drop=True).copy()
            for t in schema.reference_tables(names)}


def reference_notes(rows: Mapping[str, pd.DataFrame]) -> list[str]:
    """One line per reference table, for the fitted model's notes."""
    return [f"{name} is a reference table: its {len(frame):,} real rows are output as they "
            "are at any size, children point at its real keys, and the model file holds them."
            for name, frame in rows.items()]


def keep_reference(
    sampled: dict[str, pd.DataFrame], rows: Mapping[str, pd.DataFrame] | None
) -> dict[str, pd.DataFrame]:
    """``sampled`` with each reference table replaced by a copy of its real rows."""
    for name, frame in (rows or {}).items():
        if name in sampled:
            sampled[name] = frame.copy()
    return sampled
