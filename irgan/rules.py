"""Column rules: found in the real rows at fit time, kept on every synthetic row.

One place owns them all: order rules (``flights: dep_time <= arr_time``, ``irgan.orders``),
functional dependencies (``planes: model -> manufacturer``, ``irgan.dependencies``),
products in a row and sums over children (``irgan.arithmetic``). Each holds on 100% of
the real rows where its columns are non-null, and each is kept by construction rather than
by rejecting rows: the GAN learns the table with the rule taken out where that helps it
(a gap instead of the upper column of an order) and the rule sets the values after
decoding (the upper column from its bound and gap, a dependent column from its source, a
product from its factors, a total from the children).

Rules work on whole tables before the encoder and after the decoder, so the GAN, its
encoding and the key models need not know them. Every rule has an id, its text
(``orders: total = sum(order_items.amount)``); a caller switches rules off by id, or all of
them, and ``IRGANSynthesizer`` lists the rules kept in its ``rules``.

When two rules would rebuild the same column, or one would rebuild the value another
reads as real, the one found first wins, in this order: sums (a total is only rewritten
at the end, so its column takes no part in any other rule), dependencies (the coarsest
source first, so ``city -> country -> continent`` is a chain), products, orders.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from graphlib import TopologicalSorter

import numpy as np
import pandas as pd

from irgan.arithmetic import ProductRule, SumRule, find_products, find_sums
from irgan.dependencies import FunctionRule, find_functions
from irgan.errors import TrainingError
from irgan.orders import GapColumn, OrderRule, Orders, RaisedColumn, find_orders
from irgan.rule_values import NUMBER_SDTYPES, ColumnValues
from irgan.schema import MODELLED_SDTYPES, Schema, TableSchema

Rule = FunctionRule | ProductRule | OrderRule | SumRule
Derivation = FunctionRule | ProductRule | GapColumn | RaisedColumn


@dataclass
class Candidates:
    """Every rule found in the real tables, before any is switched off."""

    sums: list[SumRule] = field(default_factory=list)
    functions: dict[str, list[FunctionRule]] = field(default_factory=dict)
    products: dict[str, list[ProductRule]] = field(default_factory=dict)
    orders: dict[str, Orders] = field(default_factory=dict)

    @property
    def rules(self) -> list[Rule]:
        out: list[Rule] = list(self.sums)
        for table in self.functions:
            out += self.functions[table] + self.products[table] + self.orders[table].links
        return out


@dataclass
class RuleSet:
    """The rules kept for one fit, how each table is derived, and the ids switched off."""

    kept: list[Rule] = field(default_factory=list)
    off: list[str] = field(default_factory=list)
    derivations: dict[str, list[Derivation]] = field(default_factory=dict)
    sums: list[SumRule] = field(default_factory=list)
    real_columns: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def find(
        cls, schema: Schema, tables: dict[str, pd.DataFrame], enabled: bool = True,
        off: tuple[str, ...] = (), skip: set[str] | None = None,
    ) -> RuleSet:
        """The rules of ``tables`` minus those switched off (all, unsearched, when
        ``enabled`` is False).

        An id in ``off`` that names no rule found is refused with the ids there are, so a
        typo never leaves a rule on silently. Tables in ``skip`` (copied as they are, so
        every real rule holds on them) take part in no rule.
        """
        ruleset = cls(real_columns={name: list(t.columns) for name, t in schema.tables.items()})
        if not enabled:
            ruleset.off = ["all"]
            return ruleset
        candidates = search(schema, tables, skip or set())
        by_id = {_normal(rule.id): rule for rule in candidates.rules}
        unknown = [rule_id for rule_id in off if _normal(rule_id) not in by_id]
        if unknown:
            found = "; ".join(rule.id for rule in candidates.rules) or "none"
            raise TrainingError(
                f"No column rule {'; '.join(unknown)} was found in the data, so it cannot be "
                f"switched off. Rules found: {found}."
            )
        switched = {_normal(r) for r in off}
        ruleset.off = [rule.id for key, rule in by_id.items() if key in switched]
        ruleset._select(candidates, lambda rule: _normal(rule.id) not in switched, tables)
        return ruleset

    def _select(
        self, found: Candidates, enabled: Callable[[Rule], bool],
        tables: dict[str, pd.DataFrame],
    ) -> None:
        """Keep the enabled rules that do not conflict (see the module's docstring)."""
        targets: set[tuple[str, str]] = set()
        for rule in filter(enabled, found.sums):
            if (rule.parent, rule.target) not in targets:
                targets.add((rule.parent, rule.target))
                self.sums.append(rule)
        self.kept += self.sums
        for table in found.functions:
            graph = _Derived(list(tables[table].columns))
            sources: set[str] = set()
            functions = sorted(
                filter(enabled, found.functions[table]),
                key=lambda r: (graph.position(r.target), r.source_distinct,
                               graph.position(r.source)),
            )
            for rule in functions:
                if graph.add(rule.target, rule):
                    sources.add(rule.source)
            for rule in filter(enabled, found.products[table]):
                if rule.target not in sources:
                    graph.add(rule.target, rule)
            orders = found.orders[table]
            links = [
                r for r in filter(enabled, orders.links)
                if r.upper not in graph.outputs and r.upper not in sources
            ]
            informative = {r.upper for r in links if r.informative}
            for column, bounds in orders.bounds(links, graph.columns).items():
                kind = GapColumn if column in informative else RaisedColumn
                derivation = kind(table, column, bounds, _numbers(links, bounds, column))
                if not graph.add(column, derivation):
                    links = [r for r in links if r.upper != column]
            self.derivations[table] = graph.ordered()
            self.kept += [
                d for d in self.derivations[table] if isinstance(d, FunctionRule | ProductRule)
            ]
            self.kept += [r for r in links if r.upper in graph.outputs]

    # ------------------------------------------------------------------ fit and sample
    def prepare(
        self, schema: Schema, tables: dict[str, pd.DataFrame]
    ) -> tuple[dict[str, pd.DataFrame], dict[str, TableSchema]]:
        """The real tables and their schemas as the GAN learns them: upper columns of
        orders as gaps (plus their free values where no bound is). Dependent columns, products
        and totals are learned as they are and rewritten after decoding: the generator still
        sees them (a flight's hour helps it place the flight), only their values are set."""
        frames, schemas = {}, {}
        for name, table in schema.tables.items():
            real, columns = tables[name], dict(table.columns)
            learned: dict[str, np.ndarray] = {}
            for derivation in self.derivations.get(name, []):
                if isinstance(derivation, GapColumn):
                    for column, (values, spec) in derivation.prepare(real).items():
                        learned[column] = values
                        columns[column] = spec
            frames[name] = real.assign(**learned) if learned else real
            schemas[name] = dataclasses.replace(table, columns=columns)
        return frames, schemas

    def restore_table(
        self, name: str, frame: pd.DataFrame, rng: np.random.Generator
    ) -> pd.DataFrame:
        """A generated table with its derived columns rebuilt from the generated ones, in the
        real column order (columns added later, such as a lookup table's labels, aside)."""
        for derivation in self.derivations.get(name, []):
            frame = derivation.apply(frame, rng)
        return frame[[c for c in self.real_columns.get(name, frame.columns) if c in frame]]

    def restore_sums(self, tables: dict[str, pd.DataFrame], order: list[str]) -> None:
        """Rewrite each parent's totals from its generated children, in place, deepest
        tables first (a child's own total is rewritten before it is summed)."""
        for rule in sorted(self.sums, key=lambda r: -order.index(r.parent)):
            rule.apply(tables)

    def notes(self) -> list[str]:
        """The rules kept and those switched off, in words, for the fitted model's notes."""
        lines = []
        if self.kept:
            lines.append(
                "Column rules kept on every synthetic row (each held on 100% of the real rows "
                "where its columns are non-null): "
                + "; ".join(f"{rule.id} ({rule.rows:,} rows)" for rule in self.kept) + "."
            )
        if self.off == ["all"]:
            lines.append("Column rules switched off: none were searched for.")
        elif self.off:
            lines.append("Column rules switched off: " + "; ".join(self.off) + ".")
        return lines


def search(schema: Schema, tables: dict[str, pd.DataFrame], skip: set[str]) -> Candidates:
    """Every rule the real tables outside ``skip`` hold, in modelled columns only (no keys)."""
    found = Candidates()
    searched = {name: t for name, t in schema.tables.items() if name not in skip}
    numbers = {name: _number_columns(table, tables[name]) for name, table in searched.items()}
    for name, table in searched.items():
        for fk in table.foreign_keys:
            if fk.parent in skip:
                continue
            parent = schema.tables[fk.parent]
            twins = sum(1 for other in table.foreign_keys if other.parent == fk.parent)
            summed = [c for c, v in numbers[name].items() if v.clock is None]
            found.sums += find_sums(
                fk.parent, fk.parent_key, tables[fk.parent], numbers[fk.parent], name,
                fk.column, tables[name], summed, twins > 1,
            ) if parent.primary_key == fk.parent_key else []
    totals = {(rule.parent, rule.target) for rule in found.sums}
    for name, table in searched.items():
        df = tables[name]
        columns = {
            c: spec for c, spec in _modelled(table).items() if (name, c) not in totals
        }
        free = {c: v for c, v in numbers[name].items() if c in columns}
        found.functions[name] = find_functions(name, df, columns)
        found.products[name] = find_products(name, df, free)
        found.orders[name] = find_orders(name, df, free)
    return found


def measure(rules: list[Rule], tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    """The share of rows each rule holds on in ``tables`` (real or synthetic), by id."""
    out = {}
    for rule in rules:
        held, rows = rule.holds(tables)
        out[rule.id] = held / rows if rows else 1.0
    return out


class _Derived:
    """The columns of one table that rules rebuild, and from which: kept acyclic."""

    def __init__(self, columns: list[str]):
        self.columns = columns
        self.derivations: dict[str, Derivation] = {}

    @property
    def outputs(self) -> set[str]:
        return set(self.derivations)

    def position(self, column: str) -> int:
        return self.columns.index(column)

    def add(self, column: str, derivation: Derivation) -> bool:
        """Rebuild ``column`` by ``derivation`` unless it is rebuilt already or this would
        make a column depend on itself."""
        if column in self.derivations:
            return False
        self.derivations[column] = derivation
        try:
            self.ordered()
        except ValueError:
            del self.derivations[column]
            return False
        return True

    def ordered(self) -> list[Derivation]:
        """The derivations, each after those of the columns it reads."""
        graph = {c: set(d.inputs) & self.outputs for c, d in self.derivations.items()}
        return [self.derivations[c] for c in TopologicalSorter(graph).static_order()]


def _modelled(table: TableSchema) -> dict[str, dict]:
    keys = table.key_columns()
    return {
        c: spec for c, spec in table.columns.items()
        if c not in keys and spec.get("sdtype", "categorical") in MODELLED_SDTYPES
    }


def _number_columns(table: TableSchema, df: pd.DataFrame) -> dict[str, ColumnValues]:
    return {
        c: ColumnValues.fit(df[c], spec) for c, spec in _modelled(table).items()
        if spec.get("sdtype") in NUMBER_SDTYPES
    }


def _numbers(links: list[OrderRule], bounds: list[str], column: str) -> dict[str, ColumnValues]:
    numbers: dict[str, ColumnValues] = {}
    for rule in links:
        numbers.update(rule.numbers)
    return {c: numbers[c] for c in [*bounds, column]}


def _normal(rule_id: str) -> str:
    """An id without its spaces, so ``a<=b`` and ``a <= b`` name the same rule."""
    return "".join(rule_id.split())
