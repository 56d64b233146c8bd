"""IRGANConfig: every setting of one IRGAN fit in one checked value."""

from __future__ import annotations

from dataclasses import dataclass

from irgan.argn import ARGNConfig
from irgan.errors import TrainingError
from irgan.gan import GANConfig

GENERATORS = ("argn", "gan")


@dataclass(frozen=True)
class IRGANConfig:
    """Settings of an ``IRGANSynthesizer``; a bad value is refused when the config is made.

    ``epochs`` is a ceiling when ``time_budget_s`` is set (each table's GAN then trains as many
    epochs as its share of the budget allows). ``context_dims`` and ``context_depth`` bound
    how much of its ancestors a row sees; ``max_categories`` how many values a categorical
    keeps before the rest share one code; ``min_steps_per_epoch`` keeps a small table from
    training on a handful of steps. ``cpu_threads`` (``None``: the process's own setting)
    applies on CPU only; ``precision`` is ``auto``, ``float32`` or ``bfloat16``.
    ``column_rules`` keeps the rules found in the real rows on every generated row
    (``irgan.rules``); ``rules_off`` names rules not to keep, by id
    (``"flights: dep_time <= arr_time"``).
    ``generator`` is ``argn`` (an autoregressive network over the columns, trained by
    cross-entropy with early stopping: ``epochs`` is then a ceiling) or ``gan`` (the
    conditional WGAN-GP); ``hidden_size`` is the GAN's layer width and twice the width of
    each column's head in ``argn``, which holds rows out for early stopping even from a
    small table (100 rows, or 15% of one under 667).
    """

    epochs: int = 20
    batch_size: int = 500
    learning_rate: float = 3e-3
    device: str = "auto"
    seed: int = 0
    time_budget_s: float | None = None
    hidden_size: int = 128
    context_dims: int = 32
    context_depth: int = 2
    max_categories: int = 50
    min_steps_per_epoch: int = 5
    cpu_threads: int | None = 1
    precision: str = "auto"
    column_rules: bool = True
    rules_off: tuple[str, ...] = ()
    generator: str = "argn"

    def __post_init__(self) -> None:
        if self.epochs < 1 or self.batch_size < 1 or self.learning_rate <= 0:
            raise TrainingError("epochs and batch_size must be at least 1 and learning_rate > 0.")
        if self.time_budget_s is not None and self.time_budget_s <= 0:
            raise TrainingError("time_budget_s must be positive, or None for no budget.")
        if isinstance(self.rules_off, str) or not all(isinstance(r, str) for r in self.rules_off):
            raise TrainingError("rules_off must be a tuple of rule ids, such as "
                                "(\"flights: dep_time <= arr_time\",).")
        if self.generator not in GENERATORS:
            raise TrainingError(
                f"generator must be one of {', '.join(GENERATORS)}, not {self.generator!r}."
            )

    def generator_config(self, precision: str) -> GANConfig | ARGNConfig:
        """The settings every table's generator shares, at the resolved matrix ``precision``."""
        if self.generator == "gan":
            return GANConfig(hidden=self.hidden_size, batch_size=self.batch_size,
                             learning_rate=self.learning_rate,
                             min_steps=self.min_steps_per_epoch, precision=precision)
        return ARGNConfig(hidden=max(self.hidden_size // 2, 8), batch_size=self.batch_size,
                          learning_rate=self.learning_rate,
                          min_steps=self.min_steps_per_epoch, precision=precision)
