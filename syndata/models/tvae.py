"""TVAE (SDV): a variational autoencoder, often faster and steadier than CTGAN."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from syndata.models.sdv_gan import SdvGanFamily
from syndata.models.spec import ModelSpec, batch_param, trained_params

if TYPE_CHECKING:
    from sdv.metadata import Metadata


class TVAE(SdvGanFamily):
    """Sized like CTGAN (same encoding); its batch size needs no PacGAN rounding."""

    spec = ModelSpec(
        "tvae", "TVAE (SDV)",
        "Variational autoencoder; often faster and steadier than CTGAN.",
        single_table=True, multi_table=False, gpu=True,
        params=trained_params(300, batch_param(500)),
    )
    short = "TVAE"
    encoding_copies = 1

    def synthesizer(self, metadata: Metadata, params: dict[str, Any], device: str) -> Any:
        from sdv.single_table import TVAESynthesizer

        return TVAESynthesizer(metadata, epochs=params["epochs"],
                               batch_size=params["batch_size"], enable_gpu=device == "cuda")


FAMILY = TVAE()
