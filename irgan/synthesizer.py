"""IRGANSynthesizer: fit on a relational database, sample a new one table by table.

Roots get an unconditional GAN. A child table picks one foreign key as primary (the one
that spreads over the most parents, nullable or not: flights -> planes, not -> airports):
its parents' degrees decide how many children each gets, each parent borrows a real child
profile (see ``irgan.summary``), and a GAN conditioned on the parent context, profile,
group size and position generates the children together with the context they expect
from their other parents; each group is then pulled towards its parent's profile.
Each further foreign key is then filled by a null model, a degree model on that parent
table and a capacity-constrained matching, so keys are valid by construction. A further
key that the children of one primary parent share in the real data (a plane's flights
have one carrier) is then unified per primary parent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from irgan.context import ContextBuilder, gather
from irgan.degree import DegreeModel, NullModel
from irgan.device import resolve_precision, thread_limit
from irgan.encoding import NUMERIC, Span, TableEncoder
from irgan.gan import GANConfig, TabularGAN
from irgan.keys import KeyFormat
from irgan.matching import assign, shared_within_groups, unify_groups
from irgan.pii import FakeColumn
from irgan.schema import MODELLED_SDTYPES, ForeignKey, Schema, TableSchema
from irgan.summary import SummaryModel, child_summary, numeric_positions, pull_groups
from syndata.errors import CancelledError, MetadataError, ModelError
from syndata.models.device import resolve_device
from syndata.progress import CancelCheck, Progress, ProgressCallback, ignore_progress, never_cancel

_FORMAT_VERSION = 3
_FIT, _SAMPLE = "fit irgan", "sample irgan"
"""Progress stages; each message names the table and the step ("flights: epoch 3 of 20")."""


@dataclass
class _TableModel:
    """Everything fitted for one table."""

    name: str
    n_rows: int
    columns: list[str]
    encoder: TableEncoder
    gan: TabularGAN | None = None
    primary: ForeignKey | None = None
    others: list[ForeignKey] = field(default_factory=list)
    primary_degree: DegreeModel | None = None
    primary_counts: tuple[int, int] = (0, 0)
    other_degree: dict[str, DegreeModel] = field(default_factory=dict)
    other_null: dict[str, NullModel] = field(default_factory=dict)
    unified: set[str] = field(default_factory=set)
    expected_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    summary: SummaryModel | None = None
    key_formats: dict[str, KeyFormat] = field(default_factory=dict)
    fakes: list[FakeColumn] = field(default_factory=list)
    fk_dtypes: dict[str, str] = field(default_factory=dict)
    epochs: int = 0


class IRGANSynthesizer:
    """Relational GAN for any acyclic schema; see ``irgan.md`` for the method."""

    def __init__(
        self,
        metadata: dict,
        *,
        epochs: int = 20,
        batch_size: int = 500,
        learning_rate: float = 1e-3,
        device: str = "auto",
        seed: int = 0,
        time_budget_s: float | None = None,
        hidden_size: int = 128,
        context_dims: int = 32,
        context_depth: int = 2,
        max_categories: int = 50,
        min_steps_per_epoch: int = 5,
        cpu_threads: int | None = 1,
        precision: str = "auto",
    ):
        self.metadata = metadata
        self.schema = Schema.from_metadata(metadata)
        if epochs < 1 or batch_size < 1 or learning_rate <= 0:
            raise ModelError("epochs and batch_size must be at least 1 and learning_rate > 0.")
        self.epochs, self.batch_size, self.learning_rate = epochs, batch_size, learning_rate
        self.seed, self.time_budget_s = seed, time_budget_s
        self.hidden_size, self.context_dims = hidden_size, context_dims
        self.context_depth, self.max_categories = context_depth, max_categories
        self.min_steps_per_epoch = min_steps_per_epoch
        self.cpu_threads = cpu_threads
        self.device = resolve_device(device)
        self.precision = resolve_precision(precision, self.device)
        self.fit_seconds: float | None = None
        self.epochs_used: int | None = None
        self.epochs_by_table: dict[str, int] = {}
        self._models: dict[str, _TableModel] = {}
        self._contexts: dict[tuple[str, int], ContextBuilder] = {}
        self._sample_calls = 0

    # ---------------------------------------------------------------- fit
    def fit(
        self,
        tables: dict[str, pd.DataFrame],
        progress: ProgressCallback = ignore_progress,
        cancel: CancelCheck = never_cancel,
    ) -> None:
        """Fit every table's models on the real data (parents' contexts first)."""
        with thread_limit(self.cpu_threads if self.device == "cpu" else None):
            self._fit(tables, progress, cancel)

    def _fit(
        self, tables: dict[str, pd.DataFrame], progress: ProgressCallback, cancel: CancelCheck
    ) -> None:
        started = time.perf_counter()
        self._check_tables(tables)
        torch.manual_seed(self.seed)
        rng = np.random.default_rng(self.seed)
        order = self.schema.order
        index = self._real_indexes(tables)
        encoded: dict[str, np.ndarray] = {}
        for name in order:
            _stop_if(cancel)
            progress(Progress(_FIT, 0.0, f"{name}: encoding columns"))
            table = self.schema.tables[name]
            model = self._fit_structure(table, tables[name])
            encoded[name] = model.encoder.transform(tables[name])
            self._models[name] = model
        _stop_if(cancel)
        if len(order) > 1:
            progress(Progress(_FIT, 0.0, "linking each table to its parents"))
        contexts = self._build_contexts(encoded, index, fitting=True)
        summaries = self._real_summaries(encoded, index)
        plan = {}
        for name in order:
            _stop_if(cancel)
            plan[name] = self._prepare_gan(
                self._models[name], encoded[name], index, contexts, summaries, cancel, progress
            )
        self._train_all(plan, rng, progress, cancel, started)
        self.fit_seconds = time.perf_counter() - started
        self.epochs_used = max(self.epochs_by_table.values(), default=0)
        progress(Progress(_FIT, 1.0, "IRGAN fitted"))

    def _check_tables(self, tables: dict[str, pd.DataFrame]) -> None:
        missing = [t for t in self.schema.tables if t not in tables]
        if missing:
            raise MetadataError(f"No data for table(s) {missing} named in the metadata.")
        for name, table in self.schema.tables.items():
            absent = [c for c in table.columns if c not in tables[name].columns]
            if absent:
                raise MetadataError(
                    f"Table '{name}' lacks column(s) {absent} named in the metadata."
                )
            if len(tables[name]) == 0:
                raise ModelError(f"Table '{name}' is empty; IRGAN needs at least one row.")

    def _real_indexes(self, tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], np.ndarray]:
        """Parent row position per child row and foreign key (-1 for null or orphan)."""
        out = {}
        for name in self.schema.order:
            for fk in self.schema.tables[name].foreign_keys:
                keys = pd.Index(tables[fk.parent][fk.parent_key])
                if not keys.is_unique:
                    raise MetadataError(
                        f"Primary key {fk.parent}.{fk.parent_key} has repeated values; make it "
                        "unique or mark it as a plain column."
                    )
                out[(name, fk.column)] = keys.get_indexer(tables[name][fk.column])
        return out

    def _fit_structure(self, table: TableSchema, df: pd.DataFrame) -> _TableModel:
        keys = table.key_columns()
        modelled, model_keys, fakes = {}, {}, []
        for col, spec in table.columns.items():
            sdtype = spec.get("sdtype", "categorical")
            if col in keys:
                if col == table.primary_key:
                    model_keys[col] = _key_format(table, df, col)
            elif sdtype in MODELLED_SDTYPES:
                modelled[col] = spec
            elif sdtype == "id":
                model_keys[col] = _key_format(table, df, col)
            else:
                fakes.append(FakeColumn.fit(df[col], sdtype))
        model = _TableModel(
            name=table.name,
            n_rows=len(df),
            columns=list(table.columns),
            encoder=TableEncoder.fit(df, modelled, self.max_categories),
            key_formats=model_keys,
            fakes=fakes,
            fk_dtypes={fk.column: str(df[fk.column].dtype) for fk in table.foreign_keys},
        )
        if table.foreign_keys:
            model.primary = _choose_primary(table.foreign_keys, df)
            model.others = [fk for fk in table.foreign_keys if fk != model.primary]
        return model

    def _real_summaries(
        self, encoded: dict[str, np.ndarray], index: dict[tuple[str, str], np.ndarray]
    ) -> dict[tuple[str, str], np.ndarray]:
        """Per primary foreign key: each parent's child count and child means (real data)."""
        out = {}
        for name, model in self._models.items():
            if model.primary is not None:
                fk = model.primary
                out[(name, fk.column)] = child_summary(
                    encoded[name],
                    numeric_positions(model.encoder),
                    index[(name, fk.column)],
                    self._models[fk.parent].n_rows,
                )
        return out

    def _build_contexts(
        self,
        encoded: dict[str, np.ndarray],
        index: dict[tuple[str, str], np.ndarray],
        fitting: bool,
    ) -> dict[tuple[str, int], np.ndarray]:
        """Context matrices per (table, depth), parents first."""
        out: dict[tuple[str, int], np.ndarray] = {}
        for name in self.schema.order:
            if name in encoded:
                self._table_contexts(name, encoded[name], index, out, fitting)
        return out

    def _table_contexts(
        self,
        name: str,
        own: np.ndarray,
        index: dict[tuple[str, str], np.ndarray],
        out: dict[tuple[str, int], np.ndarray],
        fitting: bool,
    ) -> None:
        for depth in range(self.context_depth + 1):
            parts = [own if own.shape[1] else np.zeros((len(own), 1), dtype=np.float32)]
            if depth > 0:
                for fk in self.schema.tables[name].foreign_keys:
                    parts.append(gather(out[(fk.parent, depth - 1)], index[(name, fk.column)]))
            key = (name, depth)
            if fitting:
                self._contexts[key] = ContextBuilder(self.context_dims)
                out[key] = self._contexts[key].fit_transform(parts, self.seed)
            else:
                out[key] = self._contexts[key].transform(parts)

    def _prepare_gan(
        self,
        model: _TableModel,
        own: np.ndarray,
        index: dict[tuple[str, str], np.ndarray],
        contexts: dict[tuple[str, int], np.ndarray],
        summaries: dict[tuple[str, str], np.ndarray],
        cancel: CancelCheck,
        progress: ProgressCallback,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Fit degree/null models and return the GAN's training data and condition.

        The data is the row's own encoding, then the expected contexts of its secondary
        parents.
        """
        data = [own]
        width = own.shape[1]
        condition = None
        if model.primary is not None:
            condition, width = self._prepare_child(
                model, own, index, contexts, summaries, data, width, cancel, progress
            )
        return np.concatenate(data, axis=1), condition

    def _prepare_child(
        self,
        model: _TableModel,
        own: np.ndarray,
        index: dict[tuple[str, str], np.ndarray],
        contexts: dict[tuple[str, int], np.ndarray],
        summaries: dict[tuple[str, str], np.ndarray],
        data: list[np.ndarray],
        width: int,
        cancel: CancelCheck,
        progress: ProgressCallback,
    ) -> tuple[np.ndarray, int]:
        depth = self.context_depth
        fk0 = model.primary
        progress(Progress(_FIT, 0.0, f"{model.name}: degree model ({fk0.column} -> {fk0.parent})"))
        idx0 = index[(model.name, fk0.column)]
        parent_ctx = contexts[(fk0.parent, depth)]
        summary = summaries[(model.name, fk0.column)]
        degrees = np.bincount(idx0[idx0 >= 0], minlength=len(parent_ctx))
        model.summary = SummaryModel.fit(parent_ctx, degrees, summary)
        model.primary_degree = DegreeModel.fit(parent_ctx, degrees, self.seed)
        model.primary_counts = (int((idx0 >= 0).sum()), int((idx0 < 0).sum()))
        condition = _condition(parent_ctx, idx0, summary)
        for fk in model.others:
            _stop_if(cancel)
            progress(Progress(_FIT, 0.0, f"{model.name}: key model ({fk.column} -> {fk.parent})"))
            idx = index[(model.name, fk.column)]
            p_ctx = contexts[(fk.parent, depth)]
            model.other_degree[fk.column] = DegreeModel.fit(
                p_ctx, np.bincount(idx[idx >= 0], minlength=len(p_ctx)), self.seed
            )
            _stop_if(cancel)
            model.other_null[fk.column] = NullModel.fit(
                np.concatenate([own, condition], axis=1), idx < 0, self.seed
            )
            if shared_within_groups(idx0, idx):
                model.unified.add(fk.column)
            expected = gather(p_ctx, idx)[:, :-1]
            model.expected_spans[fk.column] = (width, width + expected.shape[1])
            width += expected.shape[1]
            data.append(expected)
        return condition, width

    def _train_all(
        self,
        plan: dict[str, tuple[np.ndarray, np.ndarray | None]],
        rng: np.random.Generator,
        progress: ProgressCallback,
        cancel: CancelCheck,
        started: float,
    ) -> None:
        """Train every GAN; under a time budget, size each table's epochs from its first."""
        config = GANConfig(
            hidden=self.hidden_size,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            min_steps=self.min_steps_per_epoch,
            precision=self.precision,
        )
        for name, (data, condition) in plan.items():
            model = self._models[name]
            if data.shape[1] == 0:
                continue
            spans = list(model.encoder.spans) + [
                Span(f"@{col}{k}", NUMERIC, k, 1)
                for col, (a, b) in model.expected_spans.items()
                for k in range(a, b)
            ]
            ctx_dim = 0 if condition is None else condition.shape[1]
            model.gan = TabularGAN(spans, data.shape[1], ctx_dim, config, self.device)
        steps = {
            n: self._models[n].gan.steps_per_epoch(len(d)) if self._models[n].gan else 0
            for n, (d, _) in plan.items()
        }
        total = sum(steps.values()) * self.epochs or 1
        done = 0
        steps_left = sum(steps.values()) or 1
        for name, (data, condition) in plan.items():
            model = self._models[name]
            if model.gan is None:
                continue
            epochs = self.epochs
            share = steps[name] / steps_left
            steps_left -= steps[name]
            t0 = time.perf_counter()

            def on_step() -> None:
                _stop_if(cancel)

            def on_epoch(epoch: int, loss: float, name=name) -> None:
                nonlocal done
                done += steps[name]
                epochs = self.epochs_by_table[name]
                progress(
                    Progress(
                        stage=_FIT,
                        fraction=min(done / total, 1.0) * 0.98,
                        message=f"{name}: epoch {epoch + 1} of {epochs}",
                        epoch=epoch + 1,
                        epochs=epochs,
                        loss=loss,
                    )
                )

            self.epochs_by_table[name] = epochs
            if self.time_budget_s is not None:
                model.gan.fit_epochs(data, condition, 1, rng, on_epoch, on_step)
                per_epoch = time.perf_counter() - t0
                left = self.time_budget_s * 0.9 - (time.perf_counter() - started)
                budget = max(left, 0.0) * share
                epochs = int(np.clip(budget // max(per_epoch, 1e-6), 1, self.epochs))
                self.epochs_by_table[name] = epochs
                progress(
                    Progress(
                        stage=_FIT,
                        fraction=min(done / total, 1.0) * 0.98,
                        message=f"{name}: {per_epoch:.2f} s per epoch, training {epochs} "
                        f"epochs to fit the time budget",
                        epochs=epochs,
                    )
                )
                epochs -= 1
            model.gan.fit_epochs(data, condition, epochs, rng, on_epoch, on_step)
            model.epochs = self.epochs_by_table[name]
            model.gan.release_critic()

    # ---------------------------------------------------------------- sample
    def sample(
        self,
        scale: float = 1.0,
        seed: int | None = None,
        progress: ProgressCallback = ignore_progress,
    ) -> dict[str, pd.DataFrame]:
        """Generate a database ``scale`` times the size of the real one."""
        with thread_limit(self.cpu_threads if self.device == "cpu" else None):
            return self._sample(scale, seed, progress)

    def _sample(
        self, scale: float, seed: int | None, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        if not self._models:
            raise ModelError("Fit the IRGAN model before sampling.")
        if scale <= 0:
            raise ModelError("scale must be positive.")
        if seed is None:
            seed = self.seed * 1_000_003 + self._sample_calls
            self._sample_calls += 1
        rng = np.random.default_rng(seed)
        encoded: dict[str, np.ndarray] = {}
        index: dict[tuple[str, str], np.ndarray] = {}
        contexts: dict[tuple[str, int], np.ndarray] = {}
        frames: dict[str, pd.DataFrame] = {}
        order = self.schema.order
        for i, name in enumerate(order):
            model = self._models[name]
            say = _reporter(progress, _SAMPLE, i / len(order) * 0.95)
            say(f"{name}: generating rows")
            frame, own = self._sample_table(model, scale, rng, index, contexts, say)
            encoded[name] = own
            self._table_contexts(name, own, index, contexts, fitting=False)
            frames[name] = frame
        out = {
            name: self._finish(self._models[name], frames[name], index, frames, rng)
            for name in self.schema.order
        }
        out = {name: out[name] for name in self.schema.tables}
        progress(Progress(_SAMPLE, 0.95, "checking keys"))
        self._check_keys(out)
        progress(Progress(_SAMPLE, 1.0, "IRGAN sampled"))
        return out

    def _sample_table(
        self,
        model: _TableModel,
        scale: float,
        rng: np.random.Generator,
        index: dict[tuple[str, str], np.ndarray],
        contexts: dict[tuple[str, int], np.ndarray],
        say: Callable[[str], None],
    ) -> tuple[pd.DataFrame, np.ndarray]:
        depth = self.context_depth
        condition = None
        if model.primary is None:
            n = int(round(scale * model.n_rows))
        else:
            fk0 = model.primary
            parent_ctx = contexts[(fk0.parent, depth)]
            nonnull, null = model.primary_counts
            deg = model.primary_degree.sample(parent_ctx, int(round(scale * nonnull)), rng)
            summary = model.summary.sample(parent_ctx, deg, rng)
            idx0 = np.concatenate(
                [np.repeat(np.arange(len(deg)), deg), np.full(int(round(scale * null)), -1)]
            ).astype(np.int64)
            if len(parent_ctx) == 0:
                idx0 = np.full(int(round(scale * (nonnull + null))), -1, dtype=np.int64)
            index[(model.name, fk0.column)] = idx0
            condition = _condition(parent_ctx, idx0, summary)
            n = len(idx0)
        seed = int(rng.integers(2**31))
        raw = (
            model.gan.generate(n, condition, seed)
            if model.gan is not None
            else np.zeros((n, 0), dtype=np.float32)
        )
        if model.primary is not None:
            raw = pull_groups(raw, numeric_positions(model.encoder), idx0, summary)
        frame = model.encoder.decode(raw[:, : model.encoder.width], rng)
        own = (
            model.encoder.transform(frame) if model.encoder.width else np.zeros((n, 0), np.float32)
        )
        for fk in model.others:
            say(f"{model.name}: matching keys ({fk.column} -> {fk.parent})")
            idx = self._match(model, fk, raw, own, condition, contexts, rng)
            if fk.column in model.unified:
                idx = unify_groups(index[(model.name, model.primary.column)], idx)
            index[(model.name, fk.column)] = idx
        return frame, own

    def _match(
        self,
        model: _TableModel,
        fk: ForeignKey,
        raw: np.ndarray,
        own: np.ndarray,
        condition: np.ndarray,
        contexts: dict[tuple[str, int], np.ndarray],
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Null decision, parent degrees and min-cost assignment for one extra foreign key."""
        n = len(raw)
        parent_ctx = contexts[(fk.parent, self.context_depth)]
        null = model.other_null[fk.column].sample(np.concatenate([own, condition], axis=1), rng)
        if len(parent_ctx) == 0:
            null[:] = True
        idx = np.full(n, -1, dtype=np.int64)
        rows = np.flatnonzero(~null)
        if len(rows) == 0:
            return idx
        capacity = model.other_degree[fk.column].sample(parent_ctx, len(rows), rng)
        a, b = model.expected_spans[fk.column]
        idx[rows] = assign(raw[rows, a:b], parent_ctx, capacity, rng)
        return idx

    def _finish(
        self,
        model: _TableModel,
        frame: pd.DataFrame,
        index: dict[tuple[str, str], np.ndarray],
        frames: dict[str, pd.DataFrame],
        rng: np.random.Generator,
    ) -> pd.DataFrame:
        """Add keys, ids and fake PII; restore the real column order."""
        n = len(frame)
        for col, fmt in model.key_formats.items():
            frame[col] = fmt.generate(n, rng).to_numpy()
        table = self.schema.tables[model.name]
        for fk in table.foreign_keys:
            idx = index[(model.name, fk.column)]
            keys = frames[fk.parent][fk.parent_key]
            values = (
                keys.take(np.maximum(idx, 0)).reset_index(drop=True)
                if len(keys)
                else pd.Series([None] * n)
            )
            if (idx < 0).any():
                values = values.astype(object).where(idx >= 0, None)
            frame[fk.column] = _restore_dtype(values, model.fk_dtypes[fk.column])
        for fake in model.fakes:
            frame[fake.name] = fake.generate(n, rng).to_numpy()
        return frame[model.columns]

    def _check_keys(self, tables: dict[str, pd.DataFrame]) -> None:
        for name, table in self.schema.tables.items():
            if table.primary_key and tables[name][table.primary_key].duplicated().any():
                raise ModelError(f"Internal error: generated keys of {name} repeat.")
            for fk in table.foreign_keys:
                values = tables[name][fk.column].dropna()
                if not values.isin(tables[fk.parent][fk.parent_key]).all():
                    raise ModelError(
                        f"Internal error: {name}.{fk.column} references a missing row."
                    )

    # ---------------------------------------------------------------- persistence
    def save(self, path: str | Path) -> None:
        """Write the fitted model to one file (encoders, small models, generator weights)."""
        torch.save({"format": _FORMAT_VERSION, "model": self}, Path(path))

    @classmethod
    def load(cls, path: str | Path, device: str = "auto") -> IRGANSynthesizer:
        payload = torch.load(Path(path), map_location="cpu", weights_only=False)
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT_VERSION:
            raise ModelError(f"{path} is not an IRGAN model file of this version.")
        model: IRGANSynthesizer = payload["model"]
        model.device = resolve_device(device)
        for table in model._models.values():
            if table.gan is not None:
                table.gan.to(torch.device(model.device))
        return model


def _reporter(progress: ProgressCallback, stage: str, fraction: float) -> Callable[[str], None]:
    """Reports steps of one part of the work, all at that part's share of the whole."""
    return lambda message: progress(Progress(stage, fraction, message))


def _stop_if(cancel: CancelCheck) -> None:
    if cancel():
        raise CancelledError()


def _key_format(table: TableSchema, df: pd.DataFrame, column: str) -> KeyFormat:
    """The format new values of a key or id column are drawn in (the metadata's regex first)."""
    return KeyFormat.fit(df[column], table.regex_format(column), f"{table.name}.{column}")


def _choose_primary(fks: list[ForeignKey], df: pd.DataFrame) -> ForeignKey:
    """The foreign key whose parents best describe a row: the one spread over most parents."""
    return max(fks, key=lambda fk: (df[fk.column].nunique(), df[fk.column].notna().mean()))


def _condition(parent_ctx: np.ndarray, idx: np.ndarray, summary: np.ndarray) -> np.ndarray:
    """Condition of each child: parent context and child summary, null flag, group size
    and position."""
    ctx = gather(np.concatenate([parent_ctx, summary], axis=1), idx)
    valid = idx >= 0
    size = np.zeros(len(idx))
    pos = np.zeros(len(idx))
    if valid.any():
        counts = np.bincount(idx[valid], minlength=len(parent_ctx))
        size[valid] = counts[idx[valid]]
        pos[valid] = pd.Series(idx[valid]).groupby(idx[valid]).cumcount().to_numpy()
        pos[valid] = (pos[valid] + 0.5) / size[valid]
    extra = np.stack([np.log1p(size), pos], axis=1).astype(np.float32)
    return np.concatenate([ctx, extra], axis=1)


def _restore_dtype(values: pd.Series, dtype: str) -> pd.Series:
    try:
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values
