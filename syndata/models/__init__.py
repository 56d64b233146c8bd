"""Model registry and the fitted-model shape shared by SDV models and IRGAN."""

from syndata.models.base import FitInfo, FittedModel
from syndata.models.registry import MODELS, get_spec, models_for
from syndata.models.spec import ModelSpec, Param

__all__ = ["MODELS", "FitInfo", "FittedModel", "ModelSpec", "Param", "get_spec", "models_for"]
