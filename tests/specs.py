"""SDV table metadata written as ``{column: sdtype}``, for tests that need a small table.

A dozen tests spelled each column as ``{"sdtype": ...}`` by hand; one helper keeps them
short and the same.
"""

from collections.abc import Mapping
from typing import Any

from syndata.metadata import Schema, Table


def table_spec(
    sdtypes: Mapping[str, str | dict[str, Any]], primary_key: str | None = None
) -> dict[str, Any]:
    """One table's SDV metadata; a column given as a dict is its whole spec."""
    columns = {
        name: dict(spec) if isinstance(spec, Mapping) else {"sdtype": spec}
        for name, spec in sdtypes.items()
    }
    return ({"primary_key": primary_key} if primary_key else {}) | {"columns": columns}


def table_schema(
    sdtypes: Mapping[str, str | dict[str, Any]], primary_key: str | None = None
) -> Table:
    """The same table as our ``Schema`` holds it."""
    return Schema.from_dict({"tables": {"t": table_spec(sdtypes, primary_key)}}).tables["t"]
