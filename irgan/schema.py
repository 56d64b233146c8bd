"""Relational schema: tables, keys, relationships and the order tables are generated in.

IRGAN generates a table only after every table it points to, so the relationship graph must
be acyclic; a cycle is reported with the tables on it so the user knows which link to drop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from irgan.errors import SchemaError

# learned by the GAN; ordinal columns (SDV's detector marks e.g. a constant year so) are
# encoded like categoricals. Any other sdtype is PII or free text and is faked.
MODELLED_SDTYPES = frozenset({"numerical", "categorical", "boolean", "ordinal", "datetime"})


@dataclass(frozen=True)
class ForeignKey:
    """One relationship seen from the child: ``child.column -> parent.parent_key``."""

    parent: str
    parent_key: str
    child: str
    column: str


@dataclass
class TableSchema:
    """Columns of one table with their sdtypes and formats, and its primary key."""

    name: str
    columns: dict[str, dict]
    primary_key: str | None = None
    foreign_keys: list[ForeignKey] = field(default_factory=list)

    def sdtype(self, column: str) -> str:
        return str(self.columns.get(column, {}).get("sdtype", "categorical"))

    def regex_format(self, column: str) -> str | None:
        """The text format of an id column's values, if the metadata gives one."""
        return self.columns.get(column, {}).get("regex_format") or None

    def key_columns(self) -> set[str]:
        keys = {fk.column for fk in self.foreign_keys}
        if self.primary_key:
            keys.add(self.primary_key)
        return keys


@dataclass
class Schema:
    """The whole database: tables by name and the generation order (parents first)."""

    tables: dict[str, TableSchema]
    order: list[str]

    @classmethod
    def from_metadata(cls, metadata: dict) -> Schema:
        """Read SDV-style metadata; raise ``SchemaError`` on unknown tables or a cycle."""
        raw_tables = metadata.get("tables") or {}
        if not raw_tables:
            raise SchemaError("The metadata lists no tables. Detect or load metadata first.")
        tables = {
            name: TableSchema(
                name=name,
                columns=dict(spec.get("columns") or {}),
                primary_key=spec.get("primary_key"),
            )
            for name, spec in raw_tables.items()
        }
        for rel in metadata.get("relationships") or []:
            fk = ForeignKey(
                parent=rel["parent_table_name"],
                parent_key=rel["parent_primary_key"],
                child=rel["child_table_name"],
                column=rel["child_foreign_key"],
            )
            for table in (fk.parent, fk.child):
                if table not in tables:
                    raise SchemaError(
                        f"Relationship {fk.child}.{fk.column} -> {fk.parent} names table "
                        f"'{table}', which the metadata does not define. Fix the relationship."
                    )
            tables[fk.child].foreign_keys.append(fk)
        return cls(tables=tables, order=topological_order(tables))

    def children_of(self, table: str) -> list[ForeignKey]:
        return [fk for t in self.order for fk in self.tables[t].foreign_keys if fk.parent == table]


def topological_order(tables: dict[str, TableSchema]) -> list[str]:
    """Parents before children (Kahn's algorithm, stable in metadata order)."""
    parents = {name: {fk.parent for fk in t.foreign_keys} for name, t in tables.items()}
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(tables):
        ready = [n for n in tables if n not in placed and parents[n] <= placed]
        if not ready:
            cycle = _find_cycle({n: p for n, p in parents.items() if n not in placed})
            raise SchemaError(
                "The relationships form a cycle: " + " -> ".join(cycle) + ". IRGAN generates "
                "parents before children, so remove one relationship on this cycle."
            )
        order.extend(ready)
        placed.update(ready)
    return order


def _find_cycle(parents: dict[str, set[str]]) -> list[str]:
    """Follow child -> parent links among unplaced tables until a table repeats."""
    start = next(iter(parents))
    path = [start]
    while True:
        nxt = sorted(p for p in parents[path[-1]] if p in parents)[0]
        if nxt in path:
            return path[path.index(nxt) :] + [nxt]
        path.append(nxt)
