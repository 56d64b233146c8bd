"""Model registry and the fitted-model shape shared by SDV models and IRGAN.

``FitInfo`` and ``FittedModel`` import pandas, so they load on first use: the CLI reads the
registry to build its parser without paying for pandas.
"""

from typing import TYPE_CHECKING, Any

from syndata.models.registry import MODELS, get_spec, models_for
from syndata.models.spec import ModelSpec, Param

if TYPE_CHECKING:
    from syndata.models.base import FitInfo, FittedModel


def __getattr__(name: str) -> Any:
    if name in ("FitInfo", "FittedModel"):
        from syndata.models import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["MODELS", "FitInfo", "FittedModel", "ModelSpec", "Param", "get_spec", "models_for"]
