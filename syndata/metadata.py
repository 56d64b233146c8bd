"""The schema of the user's data: tables, column types, keys, groups and relationships.

We keep our own small dataclasses rather than an ``sdv.metadata.Metadata`` object because
the Prepare page edits the schema step by step and must explain every refusal in plain
words; SDV's object raises its own exceptions mid-edit. ``Schema.to_sdv()`` converts to SDV
whenever a model needs it, and SDV's detection and validation stay the source of truth.

This module holds the dataclasses, their typed queries and the edits. SDV's JSON forms are
``syndata.sdv_metadata``'s, detection from frames ``syndata.schema_detection``'s and the
sdtype sets ``syndata.vocabulary``'s. Inside the program a schema is always a ``Schema``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from syndata.errors import MetadataError
from syndata.vocabulary import KEY_SDTYPES, SDTYPES


@dataclass
class Column:
    """One column's semantic type; ``datetime_format`` only for datetimes.

    ``formats`` keeps SDV's format hints (an id's ``regex_format``, a number's
    ``computer_representation``) so generated keys keep the real keys' shape.
    ``natural`` is the type (and datetime format) the values alone suggest, set by
    detection for ``id`` columns: the type a key column returns to when it stops being a
    key. It is not exported, since it describes the data rather than the schema.
    """

    sdtype: str
    datetime_format: str | None = None
    formats: dict[str, str] = field(default_factory=dict)
    natural: tuple[str, str | None] | None = field(default=None, compare=False)

    def exported(self) -> Column:
        """The column as a metadata file keeps it: the format hint its sdtype uses (an id's
        ``regex_format``, a number's ``computer_representation``), no detection hint."""
        key = {"id": "regex_format", "numerical": "computer_representation"}.get(self.sdtype)
        formats = {key: self.formats[key]} if key in self.formats else {}
        datetime_format = self.datetime_format if self.sdtype == "datetime" else None
        return Column(self.sdtype, datetime_format or None, formats)


@dataclass
class Table:
    """Columns in file order and an optional primary key.

    ``reference`` marks a table to copy as it is (the user's choice, ``syndata.
    reference_tables``): its real rows are the output and children point at its real keys.
    ``sequence_key`` and ``sequence_index`` mark it sequential, with SDV's names: the rows
    of one entity (the key: a parent's key, or any column naming the entity) form one
    sequence, ordered by the index (a datetime or a number). Both set, or neither.
    """

    columns: dict[str, Column]
    primary_key: str | None = None
    reference: bool = False
    sequence_key: str | None = None
    sequence_index: str | None = None

    @property
    def sequential(self) -> bool:
        return self.sequence_key is not None


@dataclass(frozen=True)
class Relationship:
    """``child.child_key`` references ``parent.parent_key`` (the parent's primary key)."""

    parent: str
    parent_key: str
    child: str
    child_key: str

    def label(self) -> str:
        return f"{self.child}.{self.child_key} -> {self.parent}.{self.parent_key}"


@dataclass
class Schema:
    """Tables, relationships and named groups of tables for multi-table models."""

    tables: dict[str, Table] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)

    # ----- construction and conversion -------------------------------------------------
    # Detection and SDV's JSON forms live in their own modules (which import this one);
    # these methods are their short names, so callers need only ``Schema``.
    @classmethod
    def detect(cls, tables: Mapping[str, pd.DataFrame]) -> Schema:
        """Types, keys, formats and relationships detected from the values."""
        from syndata.schema_detection import detect_schema

        return detect_schema(tables)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        """Read SDV metadata JSON (checked first, problems named by their path)."""
        from syndata.sdv_metadata import schema_from_dict

        return schema_from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> Schema:
        """Read a metadata JSON file."""
        from syndata.sdv_metadata import load_schema

        return load_schema(path)

    @classmethod
    def from_json(cls, text: str, source: str = "metadata") -> Schema:
        """Read metadata JSON text; ``source`` names it in messages (a file name)."""
        from syndata.sdv_metadata import schema_from_json

        return schema_from_json(text, source)

    def to_dict(self, tables: Iterable[str] | None = None) -> dict[str, Any]:
        """SDV metadata JSON, free of real values, limited to ``tables`` when given."""
        from syndata.sdv_metadata import schema_to_dict

        return schema_to_dict(self, tables)

    def to_json(self, tables: Iterable[str] | None = None) -> str:
        from syndata.sdv_metadata import schema_to_json

        return schema_to_json(self, tables)

    def to_sdv(self, tables: Iterable[str] | None = None):
        """An ``sdv.metadata.Metadata`` for the given tables (all by default)."""
        from syndata.sdv_metadata import schema_to_sdv

        return schema_to_sdv(self, tables)

    def copy(self) -> Schema:
        """An independent copy, detection hints (``Column.natural``) included."""
        return copy.deepcopy(self)

    def subset(self, tables: Iterable[str]) -> Schema:
        """The schema restricted to some tables (a group, or one table), as a metadata
        file of those tables would hold it: no groups, no detection hints."""
        names = list(tables)
        subset = {name: self.table(name) for name in names}
        return Schema(
            {name: Table({c: col.exported() for c, col in table.columns.items()},
                         table.primary_key, table.reference, table.sequence_key,
                         table.sequence_index)
             for name, table in subset.items()},
            self.relationships_among(names),
        )

    # ----- queries ----------------------------------------------------------------------
    def table(self, name: str) -> Table:
        """The table called ``name``; an unknown name is an error that lists the tables."""
        if name not in self.tables:
            raise MetadataError(
                f"There is no table named '{name}'. Tables: {', '.join(self.tables)}."
            )
        return self.tables[name]

    def column(self, table: str, column: str) -> Column:
        """One column's description; an unknown table or column is an error."""
        columns = self.table(table).columns
        if column not in columns:
            raise MetadataError(f"{table} has no column named '{column}'.")
        return columns[column]

    def columns_of(self, table: str) -> list[str]:
        """The table's column names, in file order."""
        return list(self.table(table).columns)

    def sdtype(self, table: str, column: str) -> str:
        return self.column(table, column).sdtype

    def sdtypes(self, table: str) -> dict[str, str]:
        """Each column of ``table`` and its sdtype, in file order."""
        return {name: col.sdtype for name, col in self.table(table).columns.items()}

    def datetime_format(self, table: str, column: str) -> str | None:
        return self.column(table, column).datetime_format

    def key_format(self, table: str, column: str) -> str | None:
        """The ``regex_format`` generated keys of this id column follow, if one is known."""
        return self.column(table, column).formats.get("regex_format")

    def primary_key(self, table: str) -> str | None:
        return self.table(table).primary_key

    def key_columns(self, table: str) -> set[str]:
        """The primary key and every foreign key of ``table``."""
        primary = self.primary_key(table)
        return self.foreign_keys(table) | ({primary} if primary else set())

    def relationships_among(self, tables: Iterable[str]) -> list[Relationship]:
        """The relationships whose parent and child are both in ``tables``."""
        names = set(tables)
        return [r for r in self.relationships if r.parent in names and r.child in names]

    def topological_order(self) -> list[str]:
        """Parents before children; a cycle is an error that names its tables."""
        return topological_order(self)

    def parents_of(self, table: str) -> list[Relationship]:
        return [r for r in self.relationships if r.child == table]

    def children_of(self, table: str) -> list[Relationship]:
        return [r for r in self.relationships if r.parent == table]

    def foreign_keys(self, table: str) -> set[str]:
        return {r.child_key for r in self.parents_of(table)}

    def reference_tables(self, tables: Iterable[str] | None = None) -> list[str]:
        """The tables (of ``tables``, all by default) marked to copy as they are."""
        names = self.tables if tables is None else tables
        return [t for t in names if self.table(t).reference]

    def set_reference(self, table: str, reference: bool) -> None:
        """Mark ``table`` to be copied as it is into every output, or unmark it."""
        self.table(table).reference = bool(reference)

    def sequential_tables(self, tables: Iterable[str] | None = None) -> list[str]:
        """The tables (of ``tables``, all by default) marked sequential."""
        names = self.tables if tables is None else tables
        return [t for t in names if self.table(t).sequential]

    def set_sequence(self, table: str, key: str, index: str) -> None:
        """Mark ``table`` sequential: one sequence per value of ``key``, ordered by ``index``.

        Only the schema is checked here (columns exist and differ, the index is typed
        datetime or numerical); whether the values order is ``syndata.validation``'s.
        """
        self.column(table, key)
        column = self.column(table, index)
        if key == index:
            raise MetadataError(
                f"{table}: the sequence key and the sequence index must be two columns (the "
                "entity, and the order of its rows).")
        if column.sdtype not in ("datetime", "numerical"):
            raise MetadataError(
                f"{table}.{index} is typed {column.sdtype}; a sequence index orders rows, so "
                "it must be a datetime or numerical column. Retype it or pick another column.")
        if key == self.tables[table].primary_key:
            raise MetadataError(
                f"{table}.{key} is the primary key: each of its values is one row, not a "
                "sequence. Pick the column that names the entity (a parent's key).")
        self.tables[table].sequence_key = key
        self.tables[table].sequence_index = index

    def clear_sequence(self, table: str) -> None:
        """Unmark ``table`` as sequential."""
        self.table(table).sequence_key = None
        self.tables[table].sequence_index = None

    def depth(self) -> int:
        """Tables on the longest parent-to-child chain (1 for unrelated tables), as SDV counts."""
        order = topological_order(self)
        level = dict.fromkeys(order, 1)
        for name in order:
            for rel in self.children_of(name):
                level[rel.child] = max(level[rel.child], level[name] + 1)
        return max(level.values(), default=1)

    def components(self) -> list[list[str]]:
        """Groups of two or more tables linked by relationships, in table order."""
        owner = {t: t for t in self.tables}

        def root(t: str) -> str:
            while owner[t] != t:
                t = owner[t]
            return t

        for rel in self.relationships:
            owner[root(rel.child)] = root(rel.parent)
        groups: dict[str, list[str]] = {}
        for table in self.tables:
            groups.setdefault(root(table), []).append(table)
        return [g for g in groups.values() if len(g) > 1]

    def isolated_tables(self) -> list[str]:
        linked = {r.parent for r in self.relationships} | {r.child for r in self.relationships}
        return [t for t in self.tables if t not in linked]

    # ----- edits ------------------------------------------------------------------------
    def set_sdtype(
        self, table: str, column: str, sdtype: str, datetime_format: str | None = None,
        tables: Mapping[str, pd.DataFrame] | None = None,
    ) -> None:
        """Change a column's type; keys must stay ``id`` (or a PII type for a primary key).

        With ``tables``, a text column made ``id`` gets the ``regex_format`` of its values.
        """
        col = self.column(table, column)
        if sdtype not in SDTYPES:
            raise MetadataError(f"Unknown type '{sdtype}'. Choose one of: {', '.join(SDTYPES)}.")
        key_types = {self.tables[r.parent].columns[r.parent_key].sdtype
                     for r in self.parents_of(table) if r.child_key == column}
        if key_types and sdtype not in key_types:
            raise MetadataError(
                f"{table}.{column} is a foreign key, so it must keep the type of the key it "
                f"references ({', '.join(sorted(key_types))}). Remove its relationship first "
                "if it is not a key."
            )
        if self.tables[table].primary_key == column and sdtype not in KEY_SDTYPES:
            raise MetadataError(
                f"{table}.{column} is the primary key, so it must be 'id' (or a PII type). "
                "Remove the primary key first."
            )
        col.sdtype = sdtype
        col.datetime_format = datetime_format if sdtype == "datetime" else None
        if sdtype == "id":
            self.learn_key_format(table, column, tables)

    def set_primary_key(
        self, table: str, column: str, tables: Mapping[str, pd.DataFrame] | None = None
    ) -> None:
        """Make ``column`` the key; references to the old key move with it.

        The column's former type is remembered for when it stops being the key. With
        ``tables``, a text key also gets the ``regex_format`` its values follow, so that
        generated keys look like the real ones.
        """
        col = self.column(table, column)
        old = self.tables[table].primary_key
        if column in self.foreign_keys(table):
            raise MetadataError(
                f"{table}.{column} is already a foreign key; a primary key must be another "
                "column. Pick a column that identifies each row of this table."
            )
        if col.sdtype not in KEY_SDTYPES:
            col.natural = col.natural or (col.sdtype, col.datetime_format)
            col.sdtype = "id"
            col.datetime_format = None
        self.learn_key_format(table, column, tables)
        self.tables[table].primary_key = column
        if old and old != column:
            self.relationships = [
                replace(r, parent_key=column) if r.parent == table else r
                for r in self.relationships
            ]
            self._release_key(table, old)

    def remove_primary_key(
        self, table: str, tables: Mapping[str, pd.DataFrame] | None = None
    ) -> list[Relationship]:
        """Remove the key and the relationships that need it; returns those removed.

        The columns that stop being keys get the type their values suggest (from
        ``tables`` when given, else from detection), so no fit treats them as ids.
        """
        key = self.table(table).primary_key
        self.tables[table].primary_key = None
        removed = self.children_of(table)
        self.relationships = [r for r in self.relationships if r.parent != table]
        if key:
            self._release_key(table, key, tables)
        for rel in removed:
            self._release_key(rel.child, rel.child_key, tables)
        return removed

    def drop_columns(self, table: str, columns: Iterable[str]) -> list[Relationship]:
        """Drop columns; a dropped key takes its relationships with it (returned)."""
        columns = list(columns)
        for column in columns:
            self.column(table, column)
        if len(columns) >= len(self.tables[table].columns):
            raise MetadataError(f"Keep at least one column in {table}.")
        removed: list[Relationship] = []
        if self.tables[table].primary_key in columns:
            removed += self.remove_primary_key(table)
        dropped = [r for r in self.parents_of(table) if r.child_key in columns]
        self.relationships = [r for r in self.relationships if r not in dropped]
        if {self.tables[table].sequence_key, self.tables[table].sequence_index} & set(columns):
            self.clear_sequence(table)
        for column in columns:
            del self.tables[table].columns[column]
        return removed + dropped

    def drop_table(self, table: str) -> None:
        """Drop a table; its children's foreign keys stop being keys (and ids)."""
        self.table(table)
        del self.tables[table]
        orphaned = [r for r in self.children_of(table) if r.child != table]
        self.relationships = [r for r in self.relationships if table not in (r.parent, r.child)]
        for rel in orphaned:
            self._release_key(rel.child, rel.child_key)
        for name in list(self.groups):
            self.groups[name] = [t for t in self.groups[name] if t != table]
            if len(self.groups[name]) < 2:
                del self.groups[name]

    def group_tables(self, name: str, tables: Iterable[str]) -> None:
        """Name a set of related tables to fit together with a multi-table model."""
        tables = list(dict.fromkeys(tables))
        if len(tables) < 2:
            raise MetadataError("A group needs at least two tables.")
        for table in tables:
            self.table(table)
        if not name.strip():
            raise MetadataError("Give the group a name.")
        self.groups[name.strip()] = tables

    def ungroup(self, name: str) -> None:
        if name not in self.groups:
            raise MetadataError(f"There is no group named {name}.")
        del self.groups[name]

    def add_relationship(self, parent: str, child: str, child_key: str) -> Relationship:
        """Link ``child.child_key`` to the parent's primary key; the key becomes an ``id``."""
        parent_key = self.table(parent).primary_key
        if not parent_key:
            raise MetadataError(
                f"{parent} has no primary key. Set one on {parent} before linking a child to it."
            )
        col = self.column(child, child_key)
        if child_key == self.tables[child].primary_key and parent != child:
            raise MetadataError(
                f"{child}.{child_key} is {child}'s own primary key. SDV cannot use a primary key "
                "as a foreign key; link another column."
            )
        rel = Relationship(parent, parent_key, child, child_key)
        if rel in self.relationships:
            raise MetadataError(f"The relationship {rel.label()} exists already.")
        if any(r.child == child and r.child_key == child_key for r in self.relationships):
            raise MetadataError(
                f"{child}.{child_key} already references another table; a column can hold only "
                "one foreign key."
            )
        self.relationships.append(rel)
        try:
            topological_order(self)
        except MetadataError:
            self.relationships.pop()
            raise
        key = self.tables[parent].columns[parent_key]
        if col.sdtype != key.sdtype and col.natural is None:
            col.natural = (col.sdtype, col.datetime_format)
        col.sdtype, col.datetime_format, col.formats = key.sdtype, None, dict(key.formats)
        return rel

    def remove_relationship(
        self, rel: Relationship, tables: Mapping[str, pd.DataFrame] | None = None
    ) -> None:
        """Remove a relationship; its foreign key column gets the type its values suggest."""
        if rel not in self.relationships:
            raise MetadataError(f"There is no relationship {rel.label()}.")
        self.relationships.remove(rel)
        self._release_key(rel.child, rel.child_key, tables)

    def learn_key_formats(self, tables: Mapping[str, pd.DataFrame]) -> None:
        """Give each text id column without a ``regex_format`` the format of its values."""
        from syndata.schema_detection import learn_key_formats

        learn_key_formats(self, tables)

    def learn_key_format(
        self, table: str, column: str, tables: Mapping[str, pd.DataFrame] | None
    ) -> None:
        """Give a text id column the ``regex_format`` of its values, when they are given."""
        from syndata.detection import id_regex

        if tables is None or table not in tables or column not in tables[table]:
            return
        regex = id_regex(tables[table][column], len(tables[table]))
        if regex:
            self.tables[table].columns[column].formats["regex_format"] = regex

    def _release_key(
        self, table: str, column: str, tables: Mapping[str, pd.DataFrame] | None = None
    ) -> None:
        """Retype a column that lost its key role, unless it still has one.

        A column left typed ``id`` would be generated as fresh unique ids by the next fit.
        Its type comes from its values in ``tables`` when given, else from what detection
        recorded, else categorical (nothing known about the values: the safe choice).
        """
        from syndata.detection import value_sdtype

        col = self.tables[table].columns.get(column)
        still_key = column == self.tables[table].primary_key or column in self.foreign_keys(
            table)
        if col is None or col.sdtype != "id" or still_key:
            return
        if tables is not None and table in tables and column in tables[table]:
            col.natural = value_sdtype(tables[table][column])
        col.sdtype, col.datetime_format = col.natural or ("categorical", None)

    # ----- helpers ----------------------------------------------------------------------
    def check_references(self) -> None:
        """Every key and relationship must name existing tables and columns."""
        for name, table in self.tables.items():
            if table.primary_key and table.primary_key not in table.columns:
                raise MetadataError(
                    f"The metadata names '{table.primary_key}' as the primary key of {name}, "
                    "but that column is not listed in its columns."
                )
            if (table.sequence_key is None) != (table.sequence_index is None):
                raise MetadataError(
                    f"{name} has a sequence_key or a sequence_index but not both: a sequential "
                    "table needs both (the entity column and the order column).")
            for role, column in (("sequence_key", table.sequence_key),
                                 ("sequence_index", table.sequence_index)):
                if column is not None and column not in table.columns:
                    raise MetadataError(
                        f"The metadata names '{column}' as the {role} of {name}, but that "
                        "column is not listed in its columns.")
        for rel in self.relationships:
            for tname, col in ((rel.parent, rel.parent_key), (rel.child, rel.child_key)):
                if tname not in self.tables:
                    raise MetadataError(
                        f"The relationship {rel.label()} names the unknown table '{tname}'."
                    )
                if col not in self.tables[tname].columns:
                    raise MetadataError(
                        f"The relationship {rel.label()} names the unknown column {tname}.{col}."
                    )
            if self.tables[rel.parent].primary_key != rel.parent_key:
                raise MetadataError(
                    f"The relationship {rel.label()} must point to the primary key of "
                    f"{rel.parent}."
                )
        for group, names in self.groups.items():
            unknown = [t for t in names if t not in self.tables]
            if unknown:
                raise MetadataError(f"The group {group} names unknown tables: {unknown}.")


def topological_order(schema: Schema) -> list[str]:
    """Parents before children; a cycle is an error that names its tables."""
    from graphlib import CycleError, TopologicalSorter

    graph: dict[str, set[str]] = {t: set() for t in schema.tables}
    for rel in schema.relationships:
        if rel.parent != rel.child:
            graph[rel.child].add(rel.parent)
    self_refs = sorted({r.child for r in schema.relationships if r.parent == r.child})
    if self_refs:
        raise MetadataError(
            f"{', '.join(self_refs)} references itself. Self-references are not supported: "
            "remove that relationship (keep the column as an id or a number)."
        )
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        cycle = " -> ".join(reversed(exc.args[1]))
        raise MetadataError(
            f"The relationships form a cycle: {cycle}. Remove one relationship on it."
        ) from exc

