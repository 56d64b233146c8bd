"""The edits the Prepare page makes, each one change that returns the words saying it is done.

``ui.widgets.apply_edits`` runs them: a ``SyndataError`` becomes a message, success a
notice and a rerun. No Streamlit here, so each edit is one plain call on the project.
"""

from __future__ import annotations

from syndata.errors import MetadataError
from syndata.keys import KeyCandidate
from syndata.metadata import Schema
from syndata.project import Project
from syndata.validation import Fix, apply_fix


def set_type(project: Project, table: str, column: str, sdtype: str,
             datetime_format: str | None = None) -> str:
    """With the real values, a text column typed ``id`` gets the format they follow."""
    project.schema.set_sdtype(table, column, sdtype, datetime_format, project.tables)
    return f"{column}: {sdtype}"


def set_key(project: Project, table: str, column: str) -> str:
    """With the real values, a text key gets the format new keys are generated in."""
    project.schema.set_primary_key(table, column, project.tables)
    return f"{table}: primary key {column}"


def remove_key(project: Project, table: str) -> str:
    removed = project.schema.remove_primary_key(table, project.tables)
    return f"Removed the key of {table}" + (
        " and " + ", ".join(r.label() for r in removed) if removed else "")


def set_reference(project: Project, table: str, reference: bool) -> str:
    project.schema.set_reference(table, reference)
    return f"{table}: {'copied as it is' if reference else 'generated'}"


def set_sequence(project: Project, table: str, key: str, index: str) -> str:
    project.schema.set_sequence(table, key, index)
    return f"{table}: sequential, one sequence per {key}, ordered by {index}"


def clear_sequence(project: Project, table: str) -> str:
    project.schema.clear_sequence(table)
    return f"{table}: not sequential"


def drop_columns(project: Project, table: str, columns: list[str]) -> str:
    removed = project.drop_columns(table, columns)
    return f"Dropped {len(columns)} column(s)" + (
        f"; removed {', '.join(removed)}" if removed else "")


def link(schema: Schema, parent: str, child: str, child_key: str) -> str:
    return f"Added {schema.add_relationship(parent, child, child_key).label()}"


def unlink(project: Project, label: str) -> str:
    schema = project.schema
    schema.remove_relationship(next(r for r in schema.relationships if r.label() == label),
                               project.tables)
    return f"Removed {label}"


def group(schema: Schema, name: str, members: list[str]) -> str:
    schema.group_tables(name, members)
    return f"Group {name.strip()} saved"


def ungroup(schema: Schema, name: str) -> str:
    schema.ungroup(name)
    return f"Ungrouped {name}"


def fix(project: Project, fix: Fix) -> str:
    project.schema, project.tables = apply_fix(fix, project.schema, project.tables)
    return fix.label


def use_metadata(project: Project, text: str, filename: str) -> str:
    """Replace the schema by an uploaded one that describes exactly the loaded tables."""
    schema = Schema.from_json(text, filename)
    unknown = [t for t in schema.tables if t not in project.tables]
    if unknown:
        raise MetadataError(f"The metadata names table(s) {unknown} that are not loaded. "
                            f"Loaded: {', '.join(project.tables)}.")
    missing = [t for t in project.tables if t not in schema.tables]
    if missing:
        raise MetadataError(f"The metadata does not describe the loaded table(s) {missing}. "
                            "Add them to the file, or remove them on the Load data page.")
    schema.learn_key_formats(project.tables)
    project.schema = schema
    return "Metadata loaded; check the problems listed under Check."


def best_per_column(found: list[KeyCandidate]) -> list[KeyCandidate]:
    """The best candidate of each child column: a column holds only one foreign key."""
    best: dict[tuple[str, str], KeyCandidate] = {}
    for candidate in found:
        best.setdefault((candidate.child, candidate.child_key), candidate)
    return list(best.values())
