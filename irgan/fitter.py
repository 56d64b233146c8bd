"""TableFitter: the fit of one table, step by step, on its real rows.

The synthesizer runs each step for every table (parents first) before the next step, so
that each table sees its parents' fitted contexts: ``start`` (key formats, fakes, encoder),
``fit_contexts``, ``fit_links`` (degree, null and key models for its foreign keys, and the
GAN's training data), ``build_gan`` and ``train``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from irgan.argn import ARGNConfig, AutoregressiveGenerator, plan_columns
from irgan.budget import TimeBudget
from irgan.config import IRGANConfig
from irgan.context import gather
from irgan.degree import DegreeModel, NullModel
from irgan.encoding import NUMERIC, Span, TableEncoder
from irgan.gan import GANConfig, TabularGAN
from irgan.keys import KeyFormat
from irgan.matching import shared_within_groups
from irgan.pii import FakeColumn
from irgan.progress import FIT, CancelCheck, Progress, ProgressCallback, stop_if
from irgan.schema import MODELLED_SDTYPES, ForeignKey, TableSchema
from irgan.summary import SummaryModel, child_summary, numeric_positions
from irgan.table import TableModel, TableRows, child_condition


@dataclass
class TableFitter:
    """One table's fitted parts so far, its real rows, and its generator's training data.

    ``full_codes`` are the full category codes of the categoricals the encoding pools,
    which the autoregressive generator learns over their whole list.
    """

    table: TableSchema
    model: TableModel
    rows: TableRows
    data: np.ndarray | None = None
    condition: np.ndarray | None = None
    full_codes: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def start(
        cls, table: TableSchema, df: pd.DataFrame, parents: dict[str, np.ndarray],
        config: IRGANConfig,
    ) -> TableFitter:
        """Key formats, fake PII and the encoder of ``df``; ``parents``: its real parent rows."""
        model = _fit_structure(table, df, config.max_categories)
        rows = TableRows(model.encoder.transform(df), parents)
        return cls(table, model, rows, full_codes=model.encoder.full_codes(df))

    def fit_contexts(self, fitters: dict[str, TableFitter], config: IRGANConfig) -> None:
        """This table's contexts at every depth (its parents' must be fitted already)."""
        rows = {name: fitter.rows for name, fitter in fitters.items()}
        self.model.fit_contexts(
            self.rows, self.table.foreign_keys, rows, config.context_dims, config.context_depth,
            config.seed,
        )

    def fit_links(
        self, fitters: dict[str, TableFitter], seed: int, cancel: CancelCheck,
        progress: ProgressCallback,
    ) -> None:
        """Fit the degree and null models and set the GAN's training data and condition.

        The data is the row's own encoding, then the expected contexts of its secondary
        parents.
        """
        own = self.rows.encoded
        parts = [own]
        if self.model.primary is not None:
            self.condition = self._fit_primary(fitters, seed, progress)
            width = own.shape[1]
            for fk in self.model.others:
                stop_if(cancel)
                expected = self._fit_other(fk, fitters[fk.parent], seed, cancel, progress)
                self.model.expected_spans[fk.column] = (width, width + expected.shape[1])
                width += expected.shape[1]
                parts.append(expected)
        self.data = np.concatenate(parts, axis=1)

    def _fit_primary(
        self, fitters: dict[str, TableFitter], seed: int, progress: ProgressCallback
    ) -> np.ndarray:
        """Degree and profile models on the primary parent; return the GAN's condition."""
        model, fk = self.model, self.model.primary
        self._say(progress, f"degree model ({fk.column} -> {fk.parent})")
        idx = self.rows.parents[fk.column]
        parent = fitters[fk.parent]
        parent_ctx = parent.rows.context
        summary = child_summary(
            self.rows.encoded, numeric_positions(model.encoder), idx, parent.model.n_rows
        )
        degrees = np.bincount(idx[idx >= 0], minlength=len(parent_ctx))
        model.summary = SummaryModel.fit(parent_ctx, degrees, summary)
        model.primary_degree = DegreeModel.fit(parent_ctx, degrees, seed)
        model.primary_counts = (int((idx >= 0).sum()), int((idx < 0).sum()))
        return child_condition(parent_ctx, idx, summary)

    def _fit_other(
        self, fk: ForeignKey, parent: TableFitter, seed: int, cancel: CancelCheck,
        progress: ProgressCallback,
    ) -> np.ndarray:
        """Degree, null and sharing models of a further key; return its expected contexts."""
        model = self.model
        self._say(progress, f"key model ({fk.column} -> {fk.parent})")
        idx = self.rows.parents[fk.column]
        p_ctx = parent.rows.context
        model.other_degree[fk.column] = DegreeModel.fit(
            p_ctx, np.bincount(idx[idx >= 0], minlength=len(p_ctx)), seed
        )
        stop_if(cancel)
        model.other_null[fk.column] = NullModel.fit(
            np.concatenate([self.rows.encoded, self.condition], axis=1), idx < 0, seed
        )
        if shared_within_groups(self.rows.parents[model.primary.column], idx):
            model.unified.add(fk.column)
        return gather(p_ctx, idx)[:, :-1]

    def build_gan(self, config: GANConfig | ARGNConfig, device: str) -> None:
        """The table's generator, untrained; none for a table with nothing to learn."""
        if self.data.shape[1] == 0:
            return
        model = self.model
        ctx_dim = 0 if self.condition is None else self.condition.shape[1]
        if isinstance(config, ARGNConfig):
            encoder = model.encoder
            columns = plan_columns(
                encoder.spans, self.data, encoder.pooled_sizes(), config.bins
            )
            model.gan = AutoregressiveGenerator(
                columns, self.data.shape[1], encoder.width, ctx_dim, config, device
            )
            return
        spans = list(model.encoder.spans) + [
            Span(f"@{col}{k}", NUMERIC, k, 1)
            for col, (a, b) in model.expected_spans.items()
            for k in range(a, b)
        ]
        model.gan = TabularGAN(spans, self.data.shape[1], ctx_dim, config, device)

    @property
    def steps(self) -> int:
        """Training steps per epoch (0 without a GAN)."""
        return self.model.gan.steps_per_epoch(len(self.data)) if self.model.gan else 0

    def train(
        self,
        epochs: int,
        budget: TimeBudget,
        rng: np.random.Generator,
        on_epoch: EpochCallback,
        cancel: CancelCheck,
        progress: ProgressCallback,
    ) -> None:
        """Train the GAN for ``epochs`` or what the budget allows, then drop its critic."""
        model = self.model
        model.epochs = epochs

        codes = (
            {"full_codes": self.full_codes}
            if isinstance(model.gan, AutoregressiveGenerator)
            else {}
        )

        def fit_epochs(count: int) -> None:
            model.gan.fit_epochs(
                self.data, self.condition, count, rng,
                lambda epoch, loss: on_epoch(self, epoch, loss), lambda: stop_if(cancel),
                **codes,
            )

        def chosen(per_epoch: float, count: int) -> None:
            model.epochs = count
            progress(
                Progress(
                    stage=FIT,
                    fraction=on_epoch.fraction,
                    message=f"{model.name}: {per_epoch:.2f} s per epoch, training {count} "
                    "epochs to fit the time budget",
                    table=model.name,
                    epochs=count,
                )
            )

        budget.train(fit_epochs, self.steps, epochs, chosen)
        model.epochs = model.gan.epochs_trained
        model.gan.release_critic()

    def _say(self, progress: ProgressCallback, step: str) -> None:
        progress(Progress(FIT, 0.0, f"{self.model.name}: {step}", table=self.model.name))


class EpochCallback:
    """Counts the training steps done over all tables and reports each epoch."""

    def __init__(self, total_steps: int, progress: ProgressCallback):
        self.total = total_steps or 1
        self.done = 0
        self.progress = progress

    @property
    def fraction(self) -> float:
        """The share of the fit done: training is its first 98%."""
        return min(self.done / self.total, 1.0) * 0.98

    def __call__(self, fitter: TableFitter, epoch: int, loss: float) -> None:
        self.done += fitter.steps
        name, epochs = fitter.model.name, fitter.model.epochs
        self.progress(
            Progress(
                stage=FIT,
                fraction=self.fraction,
                message=f"{name}: epoch {epoch + 1} of {epochs}",
                table=name,
                epoch=epoch + 1,
                epochs=epochs,
                loss=loss,
            )
        )


def _fit_structure(table: TableSchema, df: pd.DataFrame, max_categories: int) -> TableModel:
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
    model = TableModel(
        name=table.name,
        n_rows=len(df),
        columns=list(table.columns),
        encoder=TableEncoder.fit(df, modelled, max_categories),
        key_formats=model_keys,
        fakes=fakes,
        fk_dtypes={fk.column: str(df[fk.column].dtype) for fk in table.foreign_keys},
    )
    if table.foreign_keys:
        model.primary = _choose_primary(table.foreign_keys, df)
        model.others = [fk for fk in table.foreign_keys if fk != model.primary]
    return model


def _key_format(table: TableSchema, df: pd.DataFrame, column: str) -> KeyFormat:
    """The format new values of a key or id column are drawn in (the metadata's regex first)."""
    return KeyFormat.fit(df[column], table.regex_format(column), f"{table.name}.{column}")


def _choose_primary(fks: list[ForeignKey], df: pd.DataFrame) -> ForeignKey:
    """The foreign key whose parents best describe a row: the one spread over most parents."""
    return max(fks, key=lambda fk: (df[fk.column].nunique(), df[fk.column].notna().mean()))
