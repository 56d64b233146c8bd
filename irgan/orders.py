"""Order rules: ``a <= b`` between two numbers or two datetimes of one table.

A departure is never after its arrival, a shipping date never before its order date. Such
a rule is kept by construction: the upper column is generated as its gap above the largest
of its lower bounds (real gaps are >= 0, and the encoder decodes every number onto a real
value, so a generated gap is too) and decoded back as bound + gap.

A rule that the two columns' value ranges nearly imply (``day <= air_time``: two values
drawn independently break it less than ``MIN_CHANCE`` of the time) is kept differently:
modelling ``air_time`` as a gap above the day of the month would distort it for nothing,
so the column is generated as it is and the rare row that breaks the rule is raised to its
bound.

Only rules that say something are listed: both columns have several distinct values, are
not always equal, and their ranges overlap (when every value of ``a`` is at most every
value of ``b``, decoding onto real values keeps the rule anyway). Of a chain ``a <= b <=
c`` only the links are listed (a transitive reduction): ``a <= c`` adds nothing a user
would switch off separately. It is still enforced through the chain, also on rows where
``b`` is null, because a column's bounds are all the columns below it through enabled
links. Nulls are not constrained: where every bound of a column is null, its real value
is learned as it is (in a helper column), not as a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from irgan.rule_values import ColumnValues

MIN_ROWS = 20
MIN_DISTINCT = 3
MAX_COLUMNS = 200  # pairs grow with the square of the columns; wider tables are not searched
SCREEN_ROWS = 1_000
MIN_CHANCE = 0.01
POOL_SIZE = 10_000
FREE = "#free"


@dataclass
class OrderRule:
    """``lower <= upper`` on every row where both are non-null."""

    table: str
    lower: str
    upper: str
    rows: int
    numbers: dict[str, ColumnValues]
    chance: float = 1.0

    @property
    def id(self) -> str:
        return f"{self.table}: {self.lower} <= {self.upper}"

    @property
    def informative(self) -> bool:
        """Whether independent draws would break it often enough to model it as a gap."""
        return self.chance >= MIN_CHANCE

    def holds(self, tables: dict[str, pd.DataFrame]) -> tuple[int, int]:
        """Rows (both non-null) on which the order holds, and the rows checked."""
        frame = tables[self.table]
        a = self.numbers[self.lower].floats(frame[self.lower])
        b = self.numbers[self.upper].floats(frame[self.upper])
        ok = ~(np.isnan(a) | np.isnan(b))
        return int((a[ok] <= b[ok]).sum()), int(ok.sum())


@dataclass
class GapColumn:
    """``column`` generated as its gap above the largest non-null of its ``bounds``.

    Decoded values stay in the column's real range (clipping keeps the order: every bound
    is at most the column's real maximum) and keep its real nulls: a column that is never
    null in the real rows gets a value on every row, even where the generated parts
    disagree (a gap without a bound), then drawn from its real values and raised to the
    bound.
    """

    table: str
    column: str
    bounds: list[str]
    numbers: dict[str, ColumnValues]
    free: str | None = None
    pool: np.ndarray = field(default_factory=lambda: np.empty(0))
    nullable: bool = False
    low: float = -np.inf
    high: float = np.inf

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(self.bounds)

    def prepare(self, real: pd.DataFrame) -> dict[str, tuple[np.ndarray, dict]]:
        """The columns the GAN learns instead of ``column`` (with their specs): its gap above
        the real bounds, and its free values on the rows where every bound is null."""
        bound = largest(real, self.bounds, self.numbers)
        value = self.numbers[self.column].floats(real[self.column])
        present = value[~np.isnan(value)]
        self.nullable = len(present) < len(value)
        self.pool = np.random.default_rng(0).choice(present, min(POOL_SIZE, len(present)))
        self.low, self.high = float(present.min()), float(present.max())
        out = {self.column: (value - bound, {"sdtype": "numerical"})}
        free = np.isnan(bound) & ~np.isnan(value)
        if free.any():
            self.free = _unused(self.column + FREE, real.columns)
            out[self.free] = (np.where(free, value, np.nan), {"sdtype": "numerical"})
        return out

    def apply(self, frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """``frame`` with ``column`` as bound + generated gap (its free value without bound)."""
        bound = largest(frame, self.bounds, self.numbers)
        gap = pd.to_numeric(frame[self.column], errors="coerce").to_numpy(dtype=float)
        free = np.full(len(frame), np.nan)
        if self.free is not None:
            free = pd.to_numeric(frame[self.free], errors="coerce").to_numpy(dtype=float)
        value = bound + gap
        value = np.where(np.isnan(value), free, value)
        wanted = ~np.isnan(gap) | ~np.isnan(free) | (not self.nullable)
        lost = np.isnan(value) & wanted
        value[lost] = rng.choice(self.pool, int(lost.sum()))
        value = np.clip(value, self.low, self.high)
        value = np.where(value < bound, bound, value)
        frame = frame.copy()
        frame[self.column] = self.numbers[self.column].series(value).to_numpy()
        return frame.drop(columns=[self.free]) if self.free else frame


@dataclass
class RaisedColumn:
    """``column`` generated as it is, raised to the largest of its ``bounds`` where below."""

    table: str
    column: str
    bounds: list[str]
    numbers: dict[str, ColumnValues]

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(self.bounds)

    def apply(self, frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """``frame`` with the rows that break the order raised to their bound."""
        bound = largest(frame, self.bounds, self.numbers)
        value = self.numbers[self.column].floats(frame[self.column])
        below = value < bound
        if not below.any():
            return frame
        frame = frame.copy()
        raised = np.where(below, bound, value)
        frame[self.column] = self.numbers[self.column].series(raised).to_numpy()
        return frame


@dataclass
class Orders:
    """The orders found in one table: its links (listed rules) and every pair that holds."""

    links: list[OrderRule]
    pairs: set[tuple[str, str]]

    def bounds(self, kept: list[OrderRule], columns: list[str]) -> dict[str, list[str]]:
        """Each upper column's bounds: every column below it through the ``kept`` links for
        which the order holds directly on the real rows (not only through a null middle)."""
        below: dict[str, set[str]] = {}
        for rule in kept:
            below.setdefault(rule.upper, set()).add(rule.lower)
        out = {}
        for column in below:
            seen, todo = set(), list(below[column])
            while todo:
                lower = todo.pop()
                if lower not in seen:
                    seen.add(lower)
                    todo.extend(below.get(lower, ()))
            direct = [c for c in seen if (c, column) in self.pairs]
            out[column] = sorted(direct, key=columns.index)
        return out


def find_orders(table: str, df: pd.DataFrame, numbers: dict[str, ColumnValues]) -> Orders:
    """The links (transitive reduction) of every non-trivial order between two columns of
    the same kind (numbers with numbers, datetimes with datetimes)."""
    names = list(numbers)[:MAX_COLUMNS]
    if len(names) < 2:
        return Orders([], set())
    x = np.column_stack([numbers[c].floats(df[c]) for c in names])
    wide = [i for i in range(len(names)) if len(np.unique(_present(x[:, i]))) >= MIN_DISTINCT]
    screen = x[np.random.default_rng(0).choice(len(x), min(SCREEN_ROWS, len(x)), replace=False)]
    holds: set[tuple[int, int]] = set()
    dated = [numbers[c].clock is not None for c in names]
    for i in wide:
        for j in wide:
            if j == i or dated[i] != dated[j]:
                continue
            if _orders(screen[:, i], screen[:, j], screen=True) and _orders(x[:, i], x[:, j]):
                holds.add((i, j))
    links = [
        (i, j) for i, j in holds
        if not any((i, k) in holds and (k, j) in holds for k in wide)
    ]
    rules = [
        OrderRule(
            table, names[i], names[j], int((~np.isnan(x[:, i]) & ~np.isnan(x[:, j])).sum()),
            {names[i]: numbers[names[i]], names[j]: numbers[names[j]]},
            _chance(x[:, i], x[:, j]),
        )
        for i, j in links
    ]
    rules.sort(key=lambda r: (names.index(r.upper), names.index(r.lower)))
    return Orders(rules, {(names[i], names[j]) for i, j in holds})


def largest(
    frame: pd.DataFrame, bounds: list[str], numbers: dict[str, ColumnValues]
) -> np.ndarray:
    """The largest non-null of each row's ``bounds`` (NaN where all are null)."""
    values = np.column_stack([numbers[b].floats(frame[b]) for b in bounds])
    out = np.full(len(frame), np.nan)
    some = ~np.isnan(values).all(axis=1)
    out[some] = np.nanmax(values[some], axis=1)
    return out


def _orders(a: np.ndarray, b: np.ndarray, screen: bool = False) -> bool:
    """``a <= b`` on every row where both are present, and the pair is not trivial."""
    ok = ~(np.isnan(a) | np.isnan(b))
    if not (a[ok] <= b[ok]).all():
        return False
    if screen:
        return True
    if ok.sum() < MIN_ROWS or (a[ok] == b[ok]).all():
        return False
    return bool(np.nanmax(a) > np.nanmin(b))


def _chance(a: np.ndarray, b: np.ndarray) -> float:
    """How often ``a > b`` when each is drawn independently from its real values."""
    a, b = np.sort(_present(a)), _present(b)
    above = len(a) - np.searchsorted(a, b, side="right")
    return float(above.sum() / (len(a) * len(b)))


def _present(values: np.ndarray) -> np.ndarray:
    return values[~np.isnan(values)]


def _unused(name: str, columns: pd.Index) -> str:
    while name in columns:
        name += "#"
    return name
