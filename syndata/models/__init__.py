"""Model families (``registry``) and the fitted-model shape shared by all of them.

``FitInfo`` and ``FittedModel`` import pandas, so they load on first use: the CLI reads the
registry's names to build its parser without paying for pandas.
"""

from typing import TYPE_CHECKING, Any

from syndata.models.family import ModelFamily
from syndata.models.registry import FAMILIES, all_families, find_family, get_family, models_for
from syndata.models.spec import ModelSpec, Param

if TYPE_CHECKING:
    from syndata.models.base import FitInfo, FittedModel


def __getattr__(name: str) -> Any:
    if name in ("FitInfo", "FittedModel"):
        from syndata.models import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["FAMILIES", "FitInfo", "FittedModel", "ModelFamily", "ModelSpec", "Param",
           "all_families", "find_family", "get_family", "models_for"]
