"""What a model is, for the pages and the CLI: its name, label, scope and hyperparameters.

The Fit page builds its widgets from ``Param`` and the CLI validates its flags with the same
bounds, so a value the UI refuses is refused by the CLI too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from syndata.errors import ModelError


@dataclass(frozen=True)
class Param:
    """One hyperparameter with its default and bounds (``choices`` for a fixed set)."""

    name: str
    label: str
    kind: str  # "int", "float", "choice", "bool" or "text"
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()
    help: str = ""

    def coerce(self, value: Any) -> Any:
        """The value converted to this parameter's type, or a ModelError saying why not."""
        try:
            if self.kind == "int":
                value = int(value)
            elif self.kind == "float":
                value = float(value)
            elif self.kind == "bool":
                value = value if isinstance(value, bool) else str(value).lower() in ("1", "true")
            elif self.kind == "text":
                value = "" if value is None else str(value).strip()
        except (TypeError, ValueError) as exc:
            raise ModelError(f"{self.label} must be a {self.kind} number, not '{value}'.") from exc
        if self.kind == "choice" and value not in self.choices:
            raise ModelError(
                f"{self.label} must be one of {', '.join(map(str, self.choices))}, not '{value}'."
            )
        if self.minimum is not None and value < self.minimum:
            raise ModelError(f"{self.label} must be at least {self.minimum}, not {value}.")
        if self.maximum is not None and value > self.maximum:
            raise ModelError(f"{self.label} must be at most {self.maximum}, not {value}.")
        return value


@dataclass(frozen=True)
class ModelSpec:
    """A model family as offered to users."""

    name: str
    label: str
    description: str
    single_table: bool
    multi_table: bool
    gpu: bool
    params: tuple[Param, ...] = field(default_factory=tuple)

    def resolve(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with ``given`` (None values ignored), each checked."""
        given = {k: v for k, v in (given or {}).items() if v is not None}
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ModelError(
                f"{self.label} has no setting {', '.join(unknown)}. "
                f"Its settings: {', '.join(known) or 'none'}."
            )
        return {name: p.coerce(given.get(name, p.default)) for name, p in known.items()}


DISTRIBUTIONS = ("beta", "truncnorm", "gamma", "norm", "uniform", "gaussian_kde")
DEVICE = Param(
    "device", "Device", "choice", "auto", choices=("auto", "cpu", "cuda"),
    help="auto uses a CUDA GPU when one is available.",
)
TIME_BUDGET = Param(
    "time_budget_minutes", "Time budget (minutes)", "float", 0.0, 0.0, 24 * 60.0,
    help="0 = train for the given epochs. Otherwise the first epochs are timed and training "
    "stops at the last epoch that fits the budget.",
)
PACKED_BATCH = "Rounded to a multiple of 10 (PacGAN packing)."


def epochs_param(default: int) -> Param:
    """The epochs setting; families differ only in the default."""
    return Param("epochs", "Epochs", "int", default, 1, 10_000,
                 help="Passes over the data. More is better and slower; try 1 first.")


def batch_param(default: int, step_note: str = "") -> Param:
    """The batch-size setting, with a note where the model rounds it."""
    return Param("batch_size", "Batch size", "int", default, 10, 100_000, help=step_note)


def trained_params(epochs: int, batch: Param, *own: Param) -> tuple[Param, ...]:
    """The settings of a model trained in epochs: epochs, batch, its own, device, budget."""
    return (epochs_param(epochs), batch, *own, DEVICE, TIME_BUDGET)


def distribution_param(default: str) -> Param:
    """The marginal distribution fitted to each numerical column (copula-based models)."""
    return Param("default_distribution", "Marginal distribution", "choice", default,
                 choices=DISTRIBUTIONS, help="Distribution fitted to each numerical column.")
