"""The schema of the user's data: tables, column types, keys, groups and relationships.

We keep our own small dataclasses rather than an ``sdv.metadata.Metadata`` object because
the Prepare page edits the schema step by step and must explain every refusal in plain
words; SDV's object raises its own exceptions mid-edit. ``Schema.to_sdv()`` converts to SDV
whenever a model needs it, and SDV's detection and validation stay the source of truth.
"""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from syndata.errors import MetadataError, one_line
from syndata.metadata_shape import normalised
from syndata.vocabulary import KEY_SDTYPES, PII_SDTYPES, SDTYPES

# Column keys of SDV metadata that describe a format, not values: kept through edits.
FORMAT_KEYS = ("regex_format", "computer_representation")


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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sdtype": self.sdtype}
        if self.sdtype in ("id", "numerical"):
            key = "regex_format" if self.sdtype == "id" else "computer_representation"
            if key in self.formats:
                out[key] = self.formats[key]
        if self.sdtype == "datetime" and self.datetime_format:
            out["datetime_format"] = self.datetime_format
        if self.sdtype in PII_SDTYPES:
            out["pii"] = True
        return out


@dataclass
class Table:
    """Columns in file order and an optional primary key."""

    columns: dict[str, Column]
    primary_key: str | None = None


@dataclass(frozen=True)
class Relationship:
    """``child.child_key`` references ``parent.parent_key`` (the parent's primary key)."""

    parent: str
    parent_key: str
    child: str
    child_key: str

    def label(self) -> str:
        return f"{self.child}.{self.child_key} -> {self.parent}.{self.parent_key}"

    def to_dict(self) -> dict[str, str]:
        return {
            "parent_table_name": self.parent,
            "parent_primary_key": self.parent_key,
            "child_table_name": self.child,
            "child_foreign_key": self.child_key,
        }


@dataclass
class Schema:
    """Tables, relationships and named groups of tables for multi-table models."""

    tables: dict[str, Table] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)

    # ----- construction and conversion -------------------------------------------------
    @classmethod
    def detect(cls, tables: Mapping[str, pd.DataFrame]) -> Schema:
        """Detect types with SDV, then keys, formats and relationships from the values.

        SDV's pass gives the column types; ``syndata.detection`` corrects dates and key
        formats, ``syndata.keys`` picks each primary key and accepts the foreign keys it is
        confident about (the rest are offered by ``keys.relationship_candidates``).
        """
        from sdv.metadata import Metadata

        from syndata import detection, keys

        if not tables:
            raise MetadataError("There is no table to describe. Upload a CSV file first.")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                detected = Metadata.detect_from_dataframes(dict(tables))
            except Exception as exc:  # SDV raises several unrelated types here
                raise MetadataError(
                    f"Could not detect the column types automatically ({one_line(exc)}). "
                    "Check that every table has a header row and at least one data row."
                ) from exc
        schema = cls.from_dict(detected.to_dict())
        schema.relationships.clear()
        for name, df in tables.items():
            schema._detect_primary_key(str(name), df)
        detection.refine(schema, tables)
        for cand in keys.accepted(keys.relationship_candidates(schema, tables)):
            try:
                schema.add_relationship(cand.parent, cand.child, cand.child_key)
            except MetadataError:
                continue
        if len(schema.tables) > 1 and schema.relationships:
            schema.groups["all tables"] = list(schema.tables)
        return schema

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        """Read SDV metadata JSON (spec V1 or V2, multi-table or single-table form).

        The document's shape is checked first (``syndata.metadata_shape``), so every
        problem is reported with its path instead of failing half-way through.
        """
        data = normalised(data)
        tables: dict[str, Table] = {}
        for name, spec in data["tables"].items():
            columns = {}
            for col, col_spec in spec["columns"].items():
                formats = {k: str(col_spec[k]) for k in FORMAT_KEYS if k in col_spec}
                columns[col] = Column(col_spec["sdtype"], col_spec.get("datetime_format"),
                                      formats)
            tables[str(name)] = Table(columns, _single(spec.get("primary_key")))
        relationships = [
            Relationship(rel["parent_table_name"], _single(rel["parent_primary_key"]),
                         rel["child_table_name"], _single(rel["child_foreign_key"]))
            for rel in data.get("relationships") or []
        ]
        groups = {str(k): list(v) for k, v in (data.get("groups") or {}).items()}
        schema = cls(tables, relationships, groups)
        schema._check_references()
        return schema

    @classmethod
    def load(cls, path: str | Path) -> Schema:
        """Read a metadata JSON file, with a clear error for files that are not JSON."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise MetadataError(f"Cannot read the metadata file {path}: {exc.strerror}.") from exc
        except UnicodeDecodeError as exc:
            raise MetadataError(f"The metadata file {path.name} is not UTF-8 text.") from exc
        return cls.from_json(text, path.name)

    @classmethod
    def from_json(cls, text: str, source: str = "metadata") -> Schema:
        """Read metadata JSON text; ``source`` names it in messages (a file name)."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MetadataError(
                f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
                " Export the metadata again or fix the file."
            ) from exc
        except RecursionError:
            raise MetadataError(
                f"{source} is nested too deeply to read (thousands of levels); SDV metadata "
                "is at most 4 levels deep. This is not a metadata file: export it again."
            ) from None
        return cls.from_dict(data)

    def to_dict(self, tables: Iterable[str] | None = None) -> dict[str, Any]:
        """SDV metadata JSON, free of real values, limited to ``tables`` when given."""
        names = list(self.tables) if tables is None else list(tables)
        out_tables = {}
        for name in names:
            table = self.tables[name]
            spec: dict[str, Any] = {"columns": {c: v.to_dict() for c, v in table.columns.items()}}
            if table.primary_key:
                spec["primary_key"] = table.primary_key
            out_tables[name] = spec
        rels = [r.to_dict() for r in self.relationships if r.parent in names and r.child in names]
        return {"METADATA_SPEC_VERSION": "V1", "tables": out_tables, "relationships": rels}

    def to_json(self, tables: Iterable[str] | None = None) -> str:
        return json.dumps(self.to_dict(tables), indent=2)

    def to_sdv(self, tables: Iterable[str] | None = None):
        """An ``sdv.metadata.Metadata`` for the given tables (all by default)."""
        from sdv.metadata import Metadata

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return Metadata.load_from_dict(self.to_dict(tables))
            except Exception as exc:
                raise MetadataError(f"SDV rejects this metadata: {one_line(exc)}") from exc

    def copy(self) -> Schema:
        """An independent copy, detection hints (``Column.natural``) included."""
        return copy.deepcopy(self)

    def subset(self, tables: Iterable[str]) -> Schema:
        """The schema restricted to some tables (a group, or one table)."""
        names = list(tables)
        for name in names:
            self.table(name)
        return Schema.from_dict(self.to_dict(names))

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

    def depth(self) -> int:
        """Tables on the longest parent-to-child chain (1 for unrelated tables), as SDV counts."""
        order = topological_order(self)
        level = dict.fromkeys(order, 1)
        for name in order:
            for rel in self.children_of(name):
                level[rel.child] = max(level[rel.child], level[name] + 1)
        return max(level.values(), default=1)

    def hma_problem(self, tables: Mapping[str, pd.DataFrame] | None = None) -> str | None:
        """Why SDV's HMA refuses this schema (with ``tables``: this data), or None.

        A foreign key without a single value leaves HMA nothing to count children by: SDV
        fails deep in its fit with a bare ``KeyError`` naming one of its own columns.
        """
        if len(self.tables) > 5 or self.depth() > 2:
            return (
                f"HMA handles at most 5 tables and a parent-child depth of 2; this schema has "
                f"{len(self.tables)} tables and depth {self.depth()}. Use IRGAN, which takes "
                "any acyclic schema, or split the tables into smaller groups."
            )
        isolated = self.isolated_tables()
        if len(self.tables) > 1 and isolated:
            return (
                f"HMA needs every table connected by relationships; {', '.join(isolated)} "
                f"{'has' if len(isolated) == 1 else 'have'} none. Add a relationship, take it "
                "out of the group, or use IRGAN."
            )
        for rel in self.relationships:
            child = (tables or {}).get(rel.child)
            if child is not None and len(child) and rel.child_key in child \
                    and child[rel.child_key].isna().all():
                return (
                    f"HMA cannot learn {rel.label()}: {rel.child_key} is empty in every row "
                    f"of {rel.child}. Fill in the references, remove the relationship, or use "
                    "IRGAN or GaussianCopula, which keep the empty references."
                )
        return None

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
            self._learn_key_format(table, column, tables)

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
        self._learn_key_format(table, column, tables)
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
        """Give each text id column without a ``regex_format`` the format of its values.

        Metadata written by hand or exported by SDV rarely has one, and SDV then writes
        keys such as ``C001`` or ``0042`` as ``sdv-id-aBcDeF``: the output no longer looks
        like the input and joins on it break. Columns that look like personal data are left
        alone, as for a detected key: a format read from unique e-mails rebuilds real ones.
        """
        from syndata.pii import detect_pii

        for name, table in self.tables.items():
            if name not in tables:
                continue
            personal = set(detect_pii(tables[name]))
            for column, spec in table.columns.items():
                if (spec.sdtype == "id" and "regex_format" not in spec.formats
                        and column not in personal):
                    self._learn_key_format(name, column, tables)

    def _learn_key_format(
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

    def _detect_primary_key(self, table: str, df: pd.DataFrame) -> None:
        """Our choice of primary key replaces SDV's (which takes the first unique column).

        Datetimes are never keys, and neither are columns that look like personal data by
        name or by values: a key is regenerated in the real values' format, and for unique
        e-mails such as ``user12@example.org`` that format reproduces real addresses. A user
        who wants such a key sets it by hand.
        """
        from syndata.detection import value_sdtype
        from syndata.keys import primary_key
        from syndata.pii import detect_pii

        spec = self.tables[table]
        dates = {c for c, v in spec.columns.items() if v.sdtype == "datetime"}
        pii = {c for c, v in spec.columns.items() if v.sdtype in PII_SDTYPES}
        chosen = primary_key(table, df, dates | pii | set(detect_pii(df)))
        old = spec.primary_key
        if chosen == old:
            return
        if old and old in spec.columns and old in df:
            spec.columns[old].natural = value_sdtype(df[old])
        if chosen is None:
            spec.primary_key = None
            if old:
                self._release_key(table, old)
        else:
            self.set_primary_key(table, chosen)

    # ----- helpers ----------------------------------------------------------------------
    def _check_references(self) -> None:
        """Every key and relationship must name existing tables and columns."""
        for name, table in self.tables.items():
            if table.primary_key and table.primary_key not in table.columns:
                raise MetadataError(
                    f"The metadata names '{table.primary_key}' as the primary key of {name}, "
                    "but that column is not listed in its columns."
                )
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


def detect_metadata(tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """Detected metadata as an SDV JSON dict (no real values in it)."""
    return Schema.detect(tables).to_dict()


def load_metadata_file(path: str | Path) -> dict[str, Any]:
    """A metadata JSON file, checked and normalised, as an SDV JSON dict."""
    return Schema.load(path).to_dict()


def _single(key: str | list[str] | None) -> str | None:
    """A key given as a one-column list (``["id"]``) is that column; longer lists are
    refused by the shape check, which runs first."""
    return key[0] if isinstance(key, list) else key
