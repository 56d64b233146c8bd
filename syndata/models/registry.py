"""The model families users can choose: one line each, the module that holds the family.

A family's module is imported when it is first asked for (``get_family``), so the CLI
lists the names for ``--model`` without loading pandas or a model library. Each module
exposes its ``ModelFamily`` as ``FAMILY``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from syndata.errors import ModelError

if TYPE_CHECKING:
    from syndata.models.family import ModelFamily

FAMILIES: dict[str, str] = {
    "gaussian_copula": "syndata.models.gaussian_copula",
    "ctgan": "syndata.models.ctgan",
    "tvae": "syndata.models.tvae",
    "copulagan": "syndata.models.copulagan",
    "hma": "syndata.models.hma",
    "irgan": "syndata.models.irgan",
    "cart": "syndata.models.cart",
    "par": "syndata.models.par",
}

LIGHTEST = "gaussian_copula"
"""The family that needs the least memory, named when a fit would not fit."""


def get_family(name: str) -> ModelFamily:
    """The family of a model by name, with the list of names when it is unknown."""
    try:
        module = FAMILIES[name]
    except KeyError:
        raise ModelError(
            f"Unknown model '{name}'. Choose one of: {', '.join(FAMILIES)}."
        ) from None
    return import_module(module).FAMILY


def find_family(name: str | None) -> ModelFamily | None:
    """The family named ``name``, or None (a model file from another version, no model)."""
    return get_family(name) if name in FAMILIES else None


def all_families() -> list[ModelFamily]:
    """Every family, in the registry's order."""
    return [get_family(name) for name in FAMILIES]


def models_for(multi_table: bool) -> list[ModelFamily]:
    """The families that can fit one table (False) or a group of related tables (True)."""
    return [f for f in all_families()
            if (f.spec.multi_table if multi_table else f.spec.single_table)]
