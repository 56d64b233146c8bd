"""What SDV's three neural families (CTGAN, TVAE, CopulaGAN) share: memory, loss, advice.

Memory: the mode-specific normalised, one-hot encoded matrix (one column per category,
1 + 10 mixture modes per number) held as float64 and as a float32 tensor, the conditional
sampler's row index per category, and the networks with Adam state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from syndata.limits import MIB, gan_networks_bytes, gan_width
from syndata.models.sdv_family import SdvFamily

if TYPE_CHECKING:
    from syndata.limits import Column
    from syndata.models.family import Shapes

_PAIR_ALTERNATIVES = ("CTGAN", "TVAE", "CopulaGAN", "IRGAN")
"""The models that learn columns jointly, offered in turn when pairs are lost."""


def gan_bytes(rows: int, columns: list[Column], batch: int, copies: int = 1) -> int:
    """CTGAN's encoding (``copies`` float64 ones and a float32 tensor), conditional index,
    generator, critic and batch activations."""
    width, condition = gan_width(columns)
    discrete = sum(column.sdtype in ("categorical", "boolean") for column in columns)
    data = rows * width * (8 * copies + 4) + rows * discrete * 8
    return data + gan_networks_bytes(width, condition, batch)


def packed_batch(batch_size: int) -> int:
    """A batch size CTGAN's PacGAN packing accepts: a multiple of 10, at least 10."""
    return max(10, int(round(batch_size / 10)) * 10)


class SdvGanFamily(SdvFamily):
    """An SDV neural family trained in epochs on CTGAN's data encoding."""

    fixed_memory = 160 * MIB
    encoding_copies: ClassVar[int] = 6
    """float64 copies of the encoded matrix at the fit's peak. Measured (1 epoch, the
    5,000-row flights demo, 3,906 encoded columns, anonymous memory): CTGAN grew 1,480 MB
    and CopulaGAN 1,502 MB, where one copy estimated 847 and 851; six estimate 1,592 and
    1,596. TVAE, without critic or conditional sampler, grew 463 MB (one copy: 847)."""

    def data_memory(self, shapes: Shapes, params: Mapping[str, Any]) -> int:
        batch = int(params.get("batch_size") or 500)
        return sum(gan_bytes(n, shapes.columns[t], batch, self.encoding_copies)
                   for t, n in shapes.rows.items())

    def loss(self, synthesizer: Any) -> Callable[[], float | None]:
        """The latest generator loss of CTGAN-family models, once there is one."""

        def latest() -> float | None:
            values = getattr(getattr(synthesizer, "_model", None), "loss_values", None)
            if values is None or len(values) == 0:
                return None
            column = "Generator Loss" if "Generator Loss" in values else "Loss"
            return float(values[column].iloc[-1])

        return latest

    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        others = ", ".join(m for m in _PAIR_ALTERNATIVES if m != self.short)
        return (f"train {self.short} for more epochs or with a larger batch size, or compare "
                f"{others}.")
