"""CopulaGAN (SDV): CTGAN on copula-normalised columns.

Memory: CTGAN's, plus the copula's copies while the columns are normalised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from syndata.limits import copula_bytes, copula_width
from syndata.models.gaussian_copula import lighter_marginals
from syndata.models.sdv_gan import SdvGanFamily, packed_batch
from syndata.models.spec import (
    DEVICE,
    PACKED_BATCH,
    TIME_BUDGET,
    ModelSpec,
    batch_param,
    distribution_param,
    epochs_param,
)

if TYPE_CHECKING:
    import pandas as pd
    from sdv.metadata import Metadata

    from syndata.limits import Column
    from syndata.metadata import Schema


class CopulaGAN(SdvGanFamily):
    spec = ModelSpec(
        "copulagan", "CopulaGAN (SDV)",
        "CTGAN on copula-normalised columns.",
        single_table=True, multi_table=False, gpu=True,
        params=(epochs_param(300), batch_param(500, PACKED_BATCH),
                distribution_param("beta"), DEVICE, TIME_BUDGET),
    )
    short = "CopulaGAN"

    def data_memory(
        self, schema: Schema, rows: Mapping[str, int], columns: Mapping[str, list[Column]],
        params: Mapping[str, Any],
    ) -> int:
        normalised = sum(copula_bytes(rows[t], copula_width(columns[t])) for t in rows)
        return super().data_memory(schema, rows, columns, params) + normalised

    def adapt(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame], given: Mapping[str, Any],
        resolved: dict[str, Any],
    ) -> list[str]:
        return lighter_marginals(schema, tables, given, resolved, None)

    def synthesizer(self, metadata: Metadata, params: dict[str, Any], device: str) -> Any:
        from syndata.models.sdv_synthesizers import CopulaGANKeepingText

        return CopulaGANKeepingText(metadata, epochs=params["epochs"],
                                    batch_size=packed_batch(params["batch_size"]),
                                    default_distribution=params["default_distribution"],
                                    enable_gpu=device == "cuda")


FAMILY = CopulaGAN()
