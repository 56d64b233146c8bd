"""A fitted model in words, for the list of fitted models: settings by their form labels.

The Fit page and the CLI name each setting by its ``Param`` label ("Batch size"); the
list of fitted models says them the same way, "epochs 20 · batch size 500", rather than
as the dict the model keeps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from syndata.models.registry import find_family

if TYPE_CHECKING:
    from syndata.models.base import FitInfo

SEPARATOR = " · "


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _label(label: str) -> str:
    """"Batch size" -> "batch size"; only the first letter, so "CUDA" stays as it is."""
    return label[:1].lower() + label[1:]


def settings_text(model: str, params: Mapping[str, Any]) -> str:
    """``params`` as "epochs 20 · batch size 500 · ...", in the order of the model's form.

    A setting the registry does not know (a model file from an older version) is still
    shown, by its name with spaces, so nothing the model was fitted with is hidden.
    """
    family = find_family(model)
    known = {p.name: p for p in family.spec.params} if family else {}
    names = [n for n in known if n in params] + [n for n in params if n not in known]
    return SEPARATOR.join(
        f"{_label(known[n].label) if n in known else n.replace('_', ' ')} {_value(params[n])}"
        for n in names
    )


def fitted_row(name: str, info: FitInfo) -> dict[str, str]:
    """One row of the fitted-models table: every field as the text to show, notes whole."""
    family = find_family(info.model)
    return {
        "name": name,
        "model": family.label if family else info.model,
        "tables": ", ".join(info.tables),
        "device": info.device,
        "fit time": f"{info.fit_seconds:.1f} s",
        "epochs": "" if info.epochs_used is None else str(info.epochs_used),
        "settings": settings_text(info.model, info.params),
        "notes": " ".join(info.notes),
    }
