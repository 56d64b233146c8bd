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
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from irgan.budget import TimeBudget
from irgan.config import IRGANConfig
from irgan.device import resolve_device, resolve_precision, thread_limit
from irgan.errors import SchemaError, TrainingError
from irgan.fitter import EpochCallback, TableFitter
from irgan.lookup import Kept, find_kept, generated_schema, reference_tables
from irgan.matching import assign, unify_groups
from irgan.progress import (
    FIT,
    SAMPLE,
    CancelCheck,
    Progress,
    ProgressCallback,
    ignore_progress,
    never_cancel,
    stop_if,
)
from irgan.rules import RuleSet
from irgan.schema import ForeignKey, Schema
from irgan.summary import numeric_positions, pull_groups
from irgan.table import TableModel, TableRows, child_condition

_FORMAT_VERSION = 6


class IRGANSynthesizer:
    """Relational GAN for any acyclic schema; ``docs/irgan.md`` describes the method."""

    def __init__(self, metadata: dict, config: IRGANConfig | None = None):
        self.metadata = metadata
        self.schema = Schema.from_metadata(metadata)
        self.reference = reference_tables(metadata, self.schema)
        self.config = config or IRGANConfig()
        self.device = resolve_device(self.config.device)
        self.precision = resolve_precision(self.config.precision, self.device)
        self.fit_seconds: float | None = None
        self.epochs_used: int | None = None
        self.epochs_by_table: dict[str, int] = {}
        self._models: dict[str, TableModel] = {}
        self.rules = RuleSet()
        self._kept = Kept()
        self._sample_calls = 0

    # ---------------------------------------------------------------- fit
    def fit(
        self,
        tables: dict[str, pd.DataFrame],
        progress: ProgressCallback = ignore_progress,
        cancel: CancelCheck = never_cancel,
    ) -> None:
        """Fit every table's models on the real data (parents' contexts first)."""
        with thread_limit(self.config.cpu_threads if self.device == "cpu" else None):
            self._fit(tables, progress, cancel)

    def _fit(
        self, tables: dict[str, pd.DataFrame], progress: ProgressCallback, cancel: CancelCheck
    ) -> None:
        config = self.config
        started = time.perf_counter()
        self._check_tables(tables)
        torch.manual_seed(config.seed)
        rng = np.random.default_rng(config.seed)
        order = self.schema.order
        parents = self._real_parents(tables)
        kept = find_kept(self.schema, tables, self.reference, parents)
        progress(Progress(FIT, 0.0, "finding column rules"))
        self.rules = self._find_rules(tables, kept)
        learned, schemas = self.rules.prepare(self.schema, tables)
        fitters: dict[str, TableFitter] = {}
        for name in order:
            stop_if(cancel)
            progress(Progress(FIT, 0.0, f"{name}: encoding columns", table=name))
            fitters[name] = TableFitter.start(
                generated_schema(schemas[name], kept), learned[name], parents[name],
                config,
            )
        stop_if(cancel)
        if len(order) > 1:
            progress(Progress(FIT, 0.0, "linking each table to its parents"))
        for fitter in fitters.values():
            fitter.fit_contexts(fitters, config)
        generated = {name: f for name, f in fitters.items() if name not in kept.copied}
        for fitter in generated.values():
            stop_if(cancel)
            fitter.fit_links(fitters, config.seed, cancel, progress)
        self._train(generated, rng, started, progress, cancel)
        self._models = {name: fitter.model for name, fitter in fitters.items()}
        self._kept = kept
        self.fit_seconds = time.perf_counter() - started
        self.epochs_used = max(self.epochs_by_table.values(), default=0)
        progress(Progress(FIT, 1.0, "IRGAN fitted"))

    @property
    def notes(self) -> list[str]:
        """What the fit kept instead of generating (reference and lookup tables), and the
        column rules it keeps."""
        return self._kept.notes() + self.rules.notes()

    def column_rules(self, tables: dict[str, pd.DataFrame]) -> RuleSet:
        """The column rules a fit on ``tables`` keeps, found without fitting, so that a
        caller can list them before the fit (and switch some off)."""
        self._check_tables(tables)
        kept = find_kept(self.schema, tables, self.reference, self._real_parents(tables))
        return self._find_rules(tables, kept)

    def _find_rules(self, tables: dict[str, pd.DataFrame], kept: Kept) -> RuleSet:
        """The rules of the tables that are generated (a copied table keeps every rule)."""
        config = self.config
        return RuleSet.find(
            self.schema, tables, config.column_rules, config.rules_off, skip=set(kept.copied)
        )

    def _check_tables(self, tables: dict[str, pd.DataFrame]) -> None:
        missing = [t for t in self.schema.tables if t not in tables]
        if missing:
            raise SchemaError(f"No data for table(s) {missing} named in the metadata.")
        for name, table in self.schema.tables.items():
            absent = [c for c in table.columns if c not in tables[name].columns]
            if absent:
                raise SchemaError(
                    f"Table '{name}' lacks column(s) {absent} named in the metadata."
                )
            if len(tables[name]) == 0:
                raise TrainingError(f"Table '{name}' is empty; IRGAN needs at least one row.")

    def _real_parents(self, tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, np.ndarray]]:
        """Per table and foreign key column: each row's parent row (-1 for null or orphan)."""
        out: dict[str, dict[str, np.ndarray]] = {}
        for name in self.schema.order:
            out[name] = {}
            for fk in self.schema.tables[name].foreign_keys:
                keys = pd.Index(tables[fk.parent][fk.parent_key])
                if not keys.is_unique:
                    raise SchemaError(
                        f"Primary key {fk.parent}.{fk.parent_key} has repeated values; make it "
                        "unique or mark it as a plain column."
                    )
                out[name][fk.column] = keys.get_indexer(tables[name][fk.column])
        return out

    def _train(
        self,
        fitters: dict[str, TableFitter],
        rng: np.random.Generator,
        started: float,
        progress: ProgressCallback,
        cancel: CancelCheck,
    ) -> None:
        """Build every GAN, then train them in order; a time budget sizes each one's epochs."""
        config = self.config
        generator_config = config.generator_config(self.precision)
        for fitter in fitters.values():
            fitter.build_gan(generator_config, self.device)
        steps = sum(fitter.steps for fitter in fitters.values())
        on_epoch = EpochCallback(steps * config.epochs, progress)
        budget = TimeBudget(config.time_budget_s, started, steps or 1)
        for name, fitter in fitters.items():
            if fitter.model.gan is None:
                continue
            fitter.train(config.epochs, budget, rng, on_epoch, cancel, progress)
            self.epochs_by_table[name] = fitter.model.epochs

    # ---------------------------------------------------------------- sample
    def sample(
        self,
        scale: float = 1.0,
        seed: int | None = None,
        progress: ProgressCallback = ignore_progress,
    ) -> dict[str, pd.DataFrame]:
        """Generate a database ``scale`` times the size of the real one."""
        with thread_limit(self.config.cpu_threads if self.device == "cpu" else None):
            return self._sample(scale, seed, progress)

    def _sample(
        self, scale: float, seed: int | None, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        if not self._models:
            raise TrainingError("Fit the IRGAN model before sampling.")
        if scale <= 0:
            raise TrainingError("scale must be positive.")
        if seed is None:
            seed = self.config.seed * 1_000_003 + self._sample_calls
            self._sample_calls += 1
        rng = np.random.default_rng(seed)
        rows: dict[str, TableRows] = {}
        frames: dict[str, pd.DataFrame] = {}
        order = self.schema.order
        for i, name in enumerate(order):
            model = self._models[name]
            say = _reporter(progress, i / len(order) * 0.95, name)
            copied = self._kept.copied.get(name)
            if copied is None:
                say(f"{name}: generating rows")
                frames[name], rows[name] = self._sample_table(
                    model, self._kept.scale(name, scale), rng, rows, say
                )
            else:
                say(f"{name}: copying its rows")
                frames[name] = copied.frame.copy()
                rows[name] = copied.rows(model.encoder.transform(frames[name]))
            model.fill_contexts(rows[name], self.schema.tables[name].foreign_keys, rows)
        out = {name: self._output(name, frames, rows, rng) for name in order}
        out = {name: out[name] for name in self.schema.tables}
        self.rules.restore_sums(out, order)
        progress(Progress(SAMPLE, 0.95, "checking keys"))
        self._check_keys(out)
        progress(Progress(SAMPLE, 1.0, "IRGAN sampled"))
        return out

    def _sample_table(
        self,
        model: TableModel,
        scale: float,
        rng: np.random.Generator,
        rows: dict[str, TableRows],
        say: Callable[[str], None],
    ) -> tuple[pd.DataFrame, TableRows]:
        """Generate one table's rows, their primary parents first and further keys after."""
        parents: dict[str, np.ndarray] = {}
        condition = None
        if model.primary is None:
            n = int(round(scale * model.n_rows))
        else:
            fk0 = model.primary
            parent_ctx = rows[fk0.parent].context
            nonnull, null = model.primary_counts
            deg = model.primary_degree.sample(parent_ctx, int(round(scale * nonnull)), rng)
            summary = model.summary.sample(parent_ctx, deg, rng)
            idx0 = np.concatenate(
                [np.repeat(np.arange(len(deg)), deg), np.full(int(round(scale * null)), -1)]
            ).astype(np.int64)
            if len(parent_ctx) == 0:
                idx0 = np.full(int(round(scale * (nonnull + null))), -1, dtype=np.int64)
            parents[fk0.column] = idx0
            condition = child_condition(parent_ctx, idx0, summary)
            n = len(idx0)
        seed = int(rng.integers(2**31))
        raw, codes = (
            model.gan.sample_rows(n, condition, seed)
            if model.gan is not None
            else (np.zeros((n, 0), dtype=np.float32), {})
        )
        if model.primary is not None:
            raw = pull_groups(raw, numeric_positions(model.encoder), idx0, summary)
        frame = model.encoder.decode(raw[:, : model.encoder.width], rng, codes)
        own = (
            model.encoder.transform(frame) if model.encoder.width else np.zeros((n, 0), np.float32)
        )
        for fk in model.others:
            say(f"{model.name}: matching keys ({fk.column} -> {fk.parent})")
            idx = self._match(model, fk, raw, own, condition, rows[fk.parent].context, rng)
            if fk.column in model.unified:
                idx = unify_groups(parents[model.primary.column], idx)
            parents[fk.column] = idx
        return frame, TableRows(own, parents)

    def _match(
        self,
        model: TableModel,
        fk: ForeignKey,
        raw: np.ndarray,
        own: np.ndarray,
        condition: np.ndarray,
        parent_ctx: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Null decision, parent degrees and min-cost assignment for one extra foreign key."""
        n = len(raw)
        null = model.other_null[fk.column].sample(np.concatenate([own, condition], axis=1), rng)
        if len(parent_ctx) == 0:
            null[:] = True
        idx = np.full(n, -1, dtype=np.int64)
        chosen = np.flatnonzero(~null)
        if len(chosen) == 0:
            return idx
        capacity = model.other_degree[fk.column].sample(parent_ctx, len(chosen), rng)
        a, b = model.expected_spans[fk.column]
        idx[chosen] = assign(raw[chosen, a:b], parent_ctx, capacity, rng)
        return idx

    def _output(
        self,
        name: str,
        frames: dict[str, pd.DataFrame],
        rows: dict[str, TableRows],
        rng: np.random.Generator,
    ) -> pd.DataFrame:
        """A table as it is returned: copied as fitted, or generated with its labels."""
        if name in self._kept.copied:
            return frames[name]
        frame = self._finish(self._models[name], frames[name], rows[name], frames, rng)
        frame = self.rules.restore_table(name, frame, rng)
        labels = self._kept.labels.get(name)
        if labels is None:
            return frame
        return labels.attach(frame, list(self.schema.tables[name].columns), rng)

    def _finish(
        self,
        model: TableModel,
        frame: pd.DataFrame,
        rows: TableRows,
        frames: dict[str, pd.DataFrame],
        rng: np.random.Generator,
    ) -> pd.DataFrame:
        """Add keys, ids and fake PII; restore the real column order."""
        n = len(frame)
        for col, fmt in model.key_formats.items():
            frame[col] = fmt.generate(n, rng).to_numpy()
        for fk in self.schema.tables[model.name].foreign_keys:
            idx = rows.parents[fk.column]
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
                raise TrainingError(f"Internal error: generated keys of {name} repeat.")
            for fk in table.foreign_keys:
                values = tables[name][fk.column].dropna()
                if not values.isin(tables[fk.parent][fk.parent_key]).all():
                    raise TrainingError(
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
            raise TrainingError(f"{path} is not an IRGAN model file of this version.")
        model: IRGANSynthesizer = payload["model"]
        model.device = resolve_device(device)
        for table in model._models.values():
            if table.gan is not None:
                table.gan.to(torch.device(model.device))
        return model


def _reporter(progress: ProgressCallback, fraction: float, table: str) -> Callable[[str], None]:
    """Reports the sampling steps of one table, all at that table's share of the whole."""
    return lambda message: progress(Progress(SAMPLE, fraction, message, table=table))


def _restore_dtype(values: pd.Series, dtype: str) -> pd.Series:
    try:
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values
