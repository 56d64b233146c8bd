"""What the SDV families share: the fit through SDV and the fitted model around SDV's object.

SDV 2.0 takes ``{table: df}`` for single-table fits and returns ``{table: df}`` from
``sample``; multi-table models sample by scale. Seeds: SDV fixes its own random state
unless told otherwise, so we set it per call to make a user's seed reproducible. Each
family (``gaussian_copula``, ``ctgan``, ``tvae``, ``copulagan``, ``hma``) says which SDV
synthesizer it builds; HMA adds its per-step progress.
"""

from __future__ import annotations

import time
import warnings
from abc import abstractmethod
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

import pandas as pd

from syndata.errors import ModelError, SyndataError, one_line
from syndata.metadata import Schema
from syndata.models.base import FitInfo, FittedModel, SynthesizerModel, model_frames
from syndata.models.family import ModelFamily
from syndata.models.sdv_names import ColumnNames
from syndata.progress import CancelCheck, Progress, ProgressCallback

if TYPE_CHECKING:
    from sdv.metadata import Metadata


class SdvFamily(ModelFamily):
    """A family whose model is one SDV synthesizer."""

    @abstractmethod
    def synthesizer(self, metadata: Metadata, params: dict[str, Any], device: str) -> Any:
        """The SDV synthesizer with our parameter names mapped to SDV's."""

    def loss(self, synthesizer: Any) -> Callable[[], float | None]:
        """The latest training loss, for the progress line; None for models without one."""
        return lambda: None

    def tracking(
        self, synthesizer: Any, progress: ProgressCallback, stage: str, cancel: CancelCheck
    ) -> AbstractContextManager:
        """Progress reported from inside SDV's fit, where the family can follow its steps."""
        return nullcontext()

    def fit_data(self, names: list[str], data: dict[str, pd.DataFrame]) -> dict:
        """What ``synthesizer.fit`` takes: the one table (multi-table families: all)."""
        return {names[0]: data[names[0]]}

    def sdv_metadata(self, schema: Schema, names: list[str], renames: ColumnNames) -> Metadata:
        """SDV's metadata of the fitted tables, with SDV's names for renamed columns."""
        if renames:
            return Schema.from_dict(renames.to_sdv_metadata(schema.to_dict(names))).to_sdv()
        return schema.to_sdv(names)

    def fitted(self, info: FitInfo, synthesizer: Any, renames: ColumnNames) -> SdvModel:
        """The fitted-model object this family samples with."""
        return SdvModel(info, synthesizer, renames)

    def _fit(
        self, schema: Schema, tables: dict[str, pd.DataFrame], params: dict[str, Any],
        progress: ProgressCallback, cancel: CancelCheck,
    ) -> FittedModel:
        from syndata.models.device import resolve_device
        from syndata.models.epochs import epoch_hook
        from syndata.models.sdv_fast import sdv_speedups

        device = resolve_device(params["device"]) if "device" in params else "cpu"
        names, data = model_frames(schema, tables)
        renames = ColumnNames.plan(data)
        metadata = self.sdv_metadata(schema, names, renames)
        sdv_data = renames.to_sdv(data)
        synth = self.synthesizer(metadata, params, device)
        budget = params.get("time_budget_minutes") or 0.0
        stage = f"fit {self.name}"
        progress(Progress(stage, 0.0, "preparing the data"))
        start = time.perf_counter()
        with warnings.catch_warnings(), sdv_speedups(), \
                self.tracking(synth, progress, stage, cancel), \
                epoch_hook(progress, cancel, budget * 60 or None, self.loss(synth),
                           stage) as report:
            warnings.simplefilter("ignore")
            try:
                synth.fit(self.fit_data(names, sdv_data))
            except SyndataError:
                raise
            except Exception as exc:
                raise ModelError(f"{self.name} could not fit this data: {one_line(exc)}") from exc
        info = FitInfo.describe(self.name, schema, data, params, device=device,
                                fit_seconds=time.perf_counter() - start)
        if "epochs" in params:
            info.epochs_used = report.epochs_run
            info.note_budget(budget, params["epochs"])
        progress(Progress(stage, 1.0, "fitted"))
        return self.fitted(info, synth, renames)


class SdvModel(SynthesizerModel):
    """A fitted SDV single-table synthesizer (``HmaModel`` draws related tables).

    ``column_names`` maps the user's column names to those SDV was fitted with, where they
    differ (``syndata.models.sdv_names``); sampled tables get the user's names back.
    """

    def __init__(self, info: FitInfo, synthesizer: Any, column_names: ColumnNames):
        super().__init__(info, synthesizer)
        self.column_names = column_names

    def _tracking(self, progress: ProgressCallback, stage: str) -> AbstractContextManager:
        """Progress from inside SDV's sampling, where the model can follow its steps."""
        return nullcontext()

    def _reset(self) -> None:
        """Forget SDV's sampling state (rows drawn so far), so a seed draws the same rows."""
        self.synthesizer.reset_sampling()

    def _draw(self, scale: float, seed: int) -> dict[str, pd.DataFrame]:
        """SDV's sample at ``scale`` x the real rows, seeded."""
        synth = self.synthesizer
        if getattr(synth, "_model", None) is not None:  # None: only keys/PII
            synth._set_random_state(seed)
        table = self.info.tables[0]
        rows = max(1, int(round(scale * self.info.real_rows[table])))
        out = synth.sample(num_rows=rows)
        return {table: out} if isinstance(out, pd.DataFrame) else out

    def _sample(
        self, scale: float, seed: int, progress: ProgressCallback
    ) -> dict[str, pd.DataFrame]:
        from syndata.models.sdv_fast import sdv_speedups

        stage = f"sample {self.info.model}"
        progress(Progress(stage, 0.0, "sampling"))
        self._reset()
        with warnings.catch_warnings(), sdv_speedups(), self._tracking(progress, stage):
            warnings.simplefilter("ignore")
            try:
                out = self._draw(scale, seed)
            except Exception as exc:
                raise ModelError(f"Sampling failed: {one_line(exc)}") from exc
        progress(Progress(stage, 1.0, "sampled"))
        out = self.column_names.restore({t: out[t] for t in self.info.tables})
        return {t: frame.reset_index(drop=True) for t, frame in out.items()}
