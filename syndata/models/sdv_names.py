"""Column names that clash with SDV's internal ones, renamed around a fit and restored after.

HMA adds the parameters of every child's model to the parent table as columns named
``__<child>__<foreign key>__<parameter>`` (``__orders__cust_id__num_rows``) and flattens
and splits parameter names on ``__``. A user column with ``__`` in its name is then merged
over, read back as a model parameter, or split in the wrong place: the fit fails on a
missing key, or sampling fails with "cannot be anonymized". So every such column (keys
included) gets a plain name while SDV sees the data, and the sampled tables get the user's
names back; the fitted model keeps the mapping.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

_SEPARATOR = "__"


def _clashes(name: Any) -> bool:
    return isinstance(name, str) and _SEPARATOR in name


def _plain(name: str, taken: set[str]) -> str:
    """``name`` without SDV's separator, made unique among ``taken``."""
    base = re.sub(r"_{2,}", "_", name).strip("_") or "column"
    candidate, n = base, 2
    while candidate in taken or _clashes(candidate):
        candidate, n = f"{base}_{n}", n + 1
    return candidate


@dataclass(frozen=True)
class ColumnNames:
    """Per table, each renamed column: the user's name -> the name SDV sees."""

    renamed: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def plan(cls, tables: Mapping[str, pd.DataFrame]) -> ColumnNames:
        """The renames that keep every column of ``tables`` clear of SDV's internal names."""
        renamed: dict[str, dict[str, str]] = {}
        for table, frame in tables.items():
            taken = {str(c) for c in frame.columns}
            mapping = {}
            for column in frame.columns:
                if _clashes(column):
                    mapping[column] = _plain(column, taken)
                    taken.add(mapping[column])
            if mapping:
                renamed[table] = mapping
        return cls(renamed)

    def __bool__(self) -> bool:
        return bool(self.renamed)

    def to_sdv_metadata(self, metadata: dict[str, Any]) -> dict[str, Any]:
        """SDV metadata JSON with the renamed columns, keys and relationships."""
        tables = {}
        for table, spec in metadata["tables"].items():
            mapping = self.renamed.get(table, {})
            spec = dict(spec, columns={mapping.get(c, c): v for c, v in spec["columns"].items()})
            if spec.get("primary_key") in mapping:
                spec["primary_key"] = mapping[spec["primary_key"]]
            tables[table] = spec
        relationships = []
        for rel in metadata.get("relationships", []):
            parent = self.renamed.get(rel["parent_table_name"], {})
            child = self.renamed.get(rel["child_table_name"], {})
            relationships.append(dict(
                rel,
                parent_primary_key=parent.get(rel["parent_primary_key"],
                                              rel["parent_primary_key"]),
                child_foreign_key=child.get(rel["child_foreign_key"], rel["child_foreign_key"]),
            ))
        return dict(metadata, tables=tables, relationships=relationships)

    def to_sdv(self, frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """The frames with SDV's names."""
        return {t: f.rename(columns=self.renamed[t]) if t in self.renamed else f
                for t, f in frames.items()}

    def restore(self, frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Sampled frames with the user's names back."""
        out = {}
        for table, frame in frames.items():
            back = {safe: user for user, safe in self.renamed.get(table, {}).items()}
            out[table] = frame.rename(columns=back) if back else frame
        return out
