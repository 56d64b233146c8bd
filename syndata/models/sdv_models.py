"""SDV's synthesizers behind our ``FittedModel`` shape.

SDV 2.0 takes ``{table: df}`` for single-table fits and returns ``{table: df}`` from
``sample``; multi-table models sample by scale. Seeds: SDV fixes its own random state
unless told otherwise, so we set it per call to make a user's seed reproducible.
"""

from __future__ import annotations

import sys
import time
import warnings
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import numpy as np
import pandas as pd
from copulas.multivariate import GaussianMultivariate
from copulas.utils import EPSILON
from sdv.single_table import CopulaGANSynthesizer, GaussianCopulaSynthesizer

from syndata.errors import ModelError, SyndataError, one_line
from syndata.metadata import Schema
from syndata.models.base import FitInfo, FittedModel, SynthesizerModel, model_frames
from syndata.models.device import resolve_device
from syndata.models.epochs import epoch_hook
from syndata.models.hma_progress import ProgressHMA
from syndata.models.sdv_fast import sdv_speedups
from syndata.models.sdv_names import ColumnNames
from syndata.progress import CancelCheck, Progress, ProgressCallback


def _synthesizer(model: str, metadata: Any, params: dict[str, Any], device: str):
    """Build the SDV synthesizer for ``model`` with our parameter names mapped to SDV's."""
    from sdv.single_table import CTGANSynthesizer, TVAESynthesizer

    gpu = device == "cuda"
    if model == "gaussian_copula":
        return _GaussianCopula(metadata, default_distribution=params["default_distribution"])
    if model == "hma":
        synth = ProgressHMA(metadata, verbose=False)
        for table in metadata.tables:
            synth.set_table_parameters(
                table, {"default_distribution": params["default_distribution"]})
        return synth
    batch = max(10, int(round(params["batch_size"] / 10)) * 10)
    if model == "ctgan":
        lr = params["learning_rate"]
        return CTGANSynthesizer(metadata, epochs=params["epochs"], batch_size=batch,
                                generator_lr=lr, discriminator_lr=lr, enable_gpu=gpu)
    if model == "copulagan":
        return _CopulaGAN(metadata, epochs=params["epochs"], batch_size=batch,
                                    default_distribution=params["default_distribution"],
                                    enable_gpu=gpu)
    if model == "tvae":
        return TVAESynthesizer(metadata, epochs=params["epochs"], batch_size=params["batch_size"],
                               enable_gpu=gpu)
    raise ModelError(f"'{model}' is not an SDV model.")


MARGINAL_ROWS = 50_000
"""Rows a column's marginal is fitted on. SDV fits each marginal (a beta by default, by
Nelder-Mead over every value) on all rows: about 5 s a column at 200,000 rows on the
development machine. Parameters fitted on a 50,000-row random sample differ from the
full-data ones by far less than the sampling noise of the synthetic data (see
``bench/big_csv.py``); the correlations still use every row."""


class _MarginalsOnSample(GaussianMultivariate):
    """copulas' Gaussian copula, with marginals fitted on at most ``MARGINAL_ROWS`` rows.

    The correlation matrix comes from numpy's ``corrcoef`` (BLAS) instead of pandas'
    pairwise ``DataFrame.corr``, which took 92 s of a 2,000-column fit; the normal scores
    have no missing values, so both give the same matrix (pandas' pairwise handling of
    missing values is kept for the case they do).
    """

    def _fit_columns(self, X):
        if len(X) > MARGINAL_ROWS:
            X = X.sample(n=MARGINAL_ROWS, random_state=0)
        return super()._fit_columns(X)

    def _get_correlation(self, X):
        scores = self._transform_to_normal(X)
        if np.isnan(scores).any():
            return super()._get_correlation(X)
        with np.errstate(invalid="ignore", divide="ignore"):
            correlation = np.atleast_2d(np.corrcoef(scores, rowvar=False))
        constant = np.ptp(scores, axis=0) == 0  # pandas: no correlation at all, as SDV expects
        correlation[constant, :] = correlation[:, constant] = 0.0
        correlation = np.nan_to_num(correlation, nan=0.0)
        if np.linalg.cond(correlation) > 1.0 / sys.float_info.epsilon:
            correlation = correlation + np.identity(len(correlation)) * EPSILON
        return pd.DataFrame(correlation, index=self.columns, columns=self.columns)


class _GaussianCopula(GaussianCopulaSynthesizer):
    """SDV's GaussianCopula fitting its marginals on a sample of long tables."""

    def _initialize_model(self, numerical_distributions):
        return _MarginalsOnSample(distribution=numerical_distributions)


class _CopulaGAN(CopulaGANSynthesizer):
    """SDV 2.0's CopulaGAN with non-numeric columns kept out of its Gaussian normaliser.

    CopulaGAN sends every column that is not categorical/boolean/ordinal to a
    ``GaussianNormalizer``, so a text ``id`` column that is not the primary key (a foreign
    key fitted on its own, an account code) fails with "could not convert string to float".
    Such columns go to CTGAN as they are, which treats them as discrete. Module level, so
    fitted models pickle.
    """

    def _create_gaussian_normalizer_config(self, processed_data):
        config = super()._create_gaussian_normalizer_config(processed_data)
        for column in processed_data.columns:
            if not pd.api.types.is_numeric_dtype(processed_data[column]):
                config["transformers"][column] = None
                config["sdtypes"][column] = "categorical"
        return config


def _loss_getter(synth: Any):
    """The latest generator loss of a CTGAN-family model, when it has one yet."""

    def loss() -> float | None:
        values = getattr(getattr(synth, "_model", None), "loss_values", None)
        if values is None or len(values) == 0:
            return None
        column = "Generator Loss" if "Generator Loss" in values else "Loss"
        return float(values[column].iloc[-1])

    return loss


def fit_sdv(
    model: str,
    schema: Schema,
    tables: dict[str, pd.DataFrame],
    params: dict[str, Any],
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> FittedModel:
    """Fit an SDV synthesizer on the tables of ``schema``."""
    device = resolve_device(params["device"]) if "device" in params else "cpu"
    names, data = model_frames(schema, tables)
    renames = ColumnNames.plan(data)
    metadata = (Schema.from_dict(renames.to_sdv_metadata(schema.to_dict(names))).to_sdv()
                if renames else schema.to_sdv(names))
    sdv_data = renames.to_sdv(data)
    synth = _synthesizer(model, metadata, params, device)
    budget = params.get("time_budget_minutes") or 0.0
    stage = f"fit {model}"
    progress(Progress(stage, 0.0, "preparing the data"))
    start = time.perf_counter()
    tracking = (synth.tracking(progress, stage, synth.fit_steps(), cancel)
                if isinstance(synth, ProgressHMA) else nullcontext())
    with warnings.catch_warnings(), sdv_speedups(), tracking, epoch_hook(
        progress, cancel, budget * 60 or None, _loss_getter(synth), stage
    ) as report:
        warnings.simplefilter("ignore")
        try:
            synth.fit(sdv_data if model == "hma" else {names[0]: sdv_data[names[0]]})
        except SyndataError:
            raise
        except Exception as exc:
            raise ModelError(f"{model} could not fit this data: {one_line(exc)}") from exc
    info = FitInfo.describe(model, schema, data, params, device=device,
                            fit_seconds=time.perf_counter() - start)
    if "epochs" in params:
        info.epochs_used = report.epochs_run
        info.note_budget(budget, params["epochs"])
    progress(Progress(stage, 1.0, "fitted"))
    return SdvModel(info, synth, renames)


class SdvModel(SynthesizerModel):
    """A fitted SDV single-table synthesizer or HMA.

    ``column_names`` maps the user's column names to those SDV was fitted with, where they
    differ (``syndata.models.sdv_names``); sampled tables get the user's names back.
    """

    def __init__(self, info: FitInfo, synthesizer: Any, column_names: ColumnNames):
        super().__init__(info, synthesizer)
        self.column_names = column_names

    def _sample(
        self, scale: float, seed: int, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        stage = f"sample {self.info.model}"
        progress(Progress(stage, 0.0, "sampling"))
        synth = self.synthesizer
        synth.reset_sampling()
        tracking: AbstractContextManager = (
            synth.tracking(progress, stage, synth.sample_steps())
            if isinstance(synth, ProgressHMA) else nullcontext())
        with warnings.catch_warnings(), sdv_speedups(), tracking:
            warnings.simplefilter("ignore")
            try:
                if self.info.model == "hma":
                    synth._numpy_seed = seed  # SDV's multi-table sampling seeds numpy from this
                    out = synth.sample_scale(scale=scale)
                else:
                    if getattr(synth, "_model", None) is not None:  # None: only keys/PII
                        synth._set_random_state(seed)
                    table = self.info.tables[0]
                    rows = max(1, int(round(scale * self.info.real_rows[table])))
                    out = synth.sample(num_rows=rows)
                    if isinstance(out, pd.DataFrame):
                        out = {table: out}
            except Exception as exc:
                raise ModelError(f"Sampling failed: {one_line(exc)}") from exc
        progress(Progress(stage, 1.0, "sampled"))
        out = getattr(self, "column_names", ColumnNames()).restore(
            {t: out[t] for t in self.info.tables})
        return {t: frame.reset_index(drop=True) for t, frame in out.items()}
