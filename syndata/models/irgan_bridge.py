"""The boundary between syndata and the standalone ``irgan`` package.

``irgan`` knows nothing of syndata: it has its own settings (``IRGANConfig``), progress
events and errors. Here syndata's resolved parameters become an ``IRGANConfig``, irgan's
progress events become syndata ``Progress`` reports, and irgan's errors become syndata's
(``MetadataError``, ``ModelError``, ``CancelledError``) with their messages kept, as those
tell the user what to change. syndata's cancel check has irgan's shape (no arguments, True
to stop) and is passed on as it is. The device choice (``auto``, ``cpu``, ``cuda``) is
resolved by irgan with the same rule and messages as syndata's other torch models.
irgan (and torch with it) is imported only when a fit or sample runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd

from syndata.errors import CancelledError, MetadataError, ModelError
from syndata.progress import CancelCheck, Progress, ProgressCallback

if TYPE_CHECKING:
    from irgan import IRGANConfig, IRGANSynthesizer
    from irgan import progress as irgan_progress


def irgan_config(params: dict[str, Any]) -> IRGANConfig:
    """IRGAN's settings from syndata's resolved parameters (a budget of 0 minutes: none)."""
    from irgan import IRGANConfig

    budget = params.get("time_budget_minutes") or 0.0
    with syndata_errors():
        return IRGANConfig(
            epochs=params["epochs"],
            batch_size=params["batch_size"],
            learning_rate=params["learning_rate"],
            hidden_size=params["hidden_size"],
            precision=params["precision"],
            generator=params.get("generator", "argn"),
            device=params["device"],
            time_budget_s=budget * 60 or None,
            column_rules=params.get("column_rules", True),
            rules_off=rule_ids(params.get("rules_off", "")),
        )


def rule_ids(text: str) -> tuple[str, ...]:
    """The rule ids of the "Rules switched off" setting: separated by ';' or new lines."""
    return tuple(part.strip() for part in text.replace("\n", ";").split(";") if part.strip())


def fit_synthesizer(
    metadata: dict[str, Any],
    params: dict[str, Any],
    data: dict[str, pd.DataFrame],
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> IRGANSynthesizer:
    """An ``IRGANSynthesizer`` for ``metadata`` fitted on ``data``, in syndata's terms."""
    from irgan import IRGANSynthesizer

    config = irgan_config(params)
    with syndata_errors():
        synth = IRGANSynthesizer(metadata, config)
        synth.fit(data, progress=syndata_progress(progress), cancel=cancel)
    return synth


def find_rules(metadata: dict[str, Any], data: dict[str, pd.DataFrame]) -> list[str]:
    """The ids of the column rules a fit of ``metadata`` on ``data`` would keep."""
    from irgan import IRGANSynthesizer

    with syndata_errors():
        return [rule.id for rule in IRGANSynthesizer(metadata).column_rules(data).kept]


def sample_synthesizer(
    synth: IRGANSynthesizer, scale: float, seed: int, progress: ProgressCallback
) -> dict[str, pd.DataFrame]:
    """``synth.sample`` with syndata's progress and errors."""
    with syndata_errors():
        return synth.sample(scale=scale, seed=seed, progress=syndata_progress(progress))


def syndata_progress(progress: ProgressCallback) -> irgan_progress.ProgressCallback:
    """An irgan progress callback that passes each event on as a syndata ``Progress``.

    The table irgan names is already in the message ("flights: epoch 3 of 20").
    """

    def forward(event: irgan_progress.Progress) -> None:
        progress(
            Progress(
                stage=event.stage,
                fraction=event.fraction,
                message=event.message,
                epoch=event.epoch,
                epochs=event.epochs,
                loss=event.loss,
            )
        )

    return forward


@contextmanager
def syndata_errors() -> Iterator[None]:
    """Re-raise irgan's errors as syndata's, with the same message."""
    from irgan.errors import Cancelled, IRGANError, SchemaError

    try:
        yield
    except Cancelled as error:
        raise CancelledError(str(error)) from error
    except SchemaError as error:
        raise MetadataError(str(error)) from error
    except IRGANError as error:
        raise ModelError(str(error)) from error
