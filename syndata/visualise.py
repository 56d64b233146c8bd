"""What the Visualise page shows for the table the user picked.

Kept out of the page so the rules are tested without a browser: the children-per-parent tab
shows only the relationships the chosen table takes part in (as parent or as child), and the
distribution picker opens on the first column a model learns, not on a key or on personal
data that is faked rather than learned.
"""

from __future__ import annotations

from collections.abc import Sequence

from syndata.evaluation.encoding import column_sdtypes, key_columns
from syndata.metadata import Relationship, Schema
from syndata.vocabulary import is_pii_sdtype


def relationships_of(schema: Schema, table: str) -> list[Relationship]:
    """The relationships in which ``table`` is the parent or the child, in schema order."""
    return [r for r in schema.relationships if table in (r.parent, r.child)]


def keys_of(schema: Schema, table: str) -> set[str]:
    """Primary and foreign keys of ``table`` and its ``id`` columns."""
    return key_columns(schema.tables[table]) | schema.foreign_keys(table)


def modelled_indices(schema: Schema, table: str, columns: Sequence[str]) -> list[int]:
    """Indices in ``columns`` of those a model learns: neither a key nor PII.

    The pickers open on the first (and the pair's y on the second); ``[0]`` when every
    column is a key or PII, so a picker always has somewhere to open.
    """
    keys, sdtypes = keys_of(schema, table), column_sdtypes(schema.tables[table])
    found = [i for i, column in enumerate(columns)
             if column not in keys and not is_pii_sdtype(sdtypes.get(column, "categorical"))]
    return found or [0]
