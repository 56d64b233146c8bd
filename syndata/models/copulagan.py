"""CopulaGAN (SDV): CTGAN on copula-normalised columns.

Memory: CTGAN's, plus the copula's copies while the columns are normalised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from syndata.limits import copula_bytes, copula_width
from syndata.models.gaussian_copula import LighterMarginals
from syndata.models.sdv_gan import SdvGanFamily, packed_batch
from syndata.models.spec import (
    PACKED_BATCH,
    ModelSpec,
    batch_param,
    distribution_param,
    trained_params,
)

if TYPE_CHECKING:
    from sdv.metadata import Metadata

    from syndata.models.family import Shapes


class CopulaGAN(LighterMarginals, SdvGanFamily):
    """Its marginals are fitted on every row (no cap): the beta-to-normal rule counts them all."""

    spec = ModelSpec(
        "copulagan", "CopulaGAN (SDV)",
        "CTGAN on copula-normalised columns.",
        single_table=True, multi_table=False, gpu=True,
        params=trained_params(300, batch_param(500, PACKED_BATCH), distribution_param("beta")),
    )
    short = "CopulaGAN"

    def data_memory(self, shapes: Shapes, params: Mapping[str, Any]) -> int:
        normalised = sum(copula_bytes(n, copula_width(shapes.columns[t]))
                         for t, n in shapes.rows.items())
        return super().data_memory(shapes, params) + normalised

    def synthesizer(self, metadata: Metadata, params: dict[str, Any], device: str) -> Any:
        from syndata.models.sdv_synthesizers import CopulaGANKeepingText

        return CopulaGANKeepingText(metadata, epochs=params["epochs"],
                                    batch_size=packed_batch(params["batch_size"]),
                                    default_distribution=params["default_distribution"],
                                    enable_gpu=device == "cuda")


FAMILY = CopulaGAN()
