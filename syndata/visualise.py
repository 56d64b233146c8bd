"""What the Visualise page shows for the table the user picked.

Kept out of the page so the rules are tested without a browser: the children-per-parent tab
shows only the relationships the chosen table takes part in (as parent or as child), and the
distribution picker opens on the first column a model learns, not on a key or on personal
data that is faked rather than learned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from syndata.evaluation.encoding import column_sdtypes, key_columns
from syndata.vocabulary import is_pii_sdtype


def relationships_of(metadata: Mapping[str, Any], table: str) -> list[Mapping[str, Any]]:
    """The relationships in which ``table`` is the parent or the child, in metadata order."""
    return [r for r in metadata.get("relationships", [])
            if table in (r["parent_table_name"], r["child_table_name"])]


def keys_of(metadata: Mapping[str, Any], table: str) -> set[str]:
    """Primary, alternate and foreign keys of ``table`` and its ``id`` columns."""
    keys = key_columns(metadata["tables"][table])
    keys.update(r["child_foreign_key"] for r in metadata.get("relationships", [])
                if r["child_table_name"] == table)
    return keys


def modelled_indices(metadata: Mapping[str, Any], table: str,
                     columns: Sequence[str]) -> list[int]:
    """Indices in ``columns`` of those a model learns: neither a key nor PII.

    The pickers open on the first (and the pair's y on the second); ``[0]`` when every
    column is a key or PII, so a picker always has somewhere to open.
    """
    keys, sdtypes = keys_of(metadata, table), column_sdtypes(metadata["tables"][table])
    found = [i for i, column in enumerate(columns)
             if column not in keys and not is_pii_sdtype(sdtypes.get(column, "categorical"))]
    return found or [0]
