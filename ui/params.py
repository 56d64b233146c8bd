"""Widgets built from a model's ``Param`` list, so every model gets the same form."""

from __future__ import annotations

from typing import Any

import streamlit as st

from syndata.models import ModelSpec, Param


def _widget(param: Param, key: str, cap: int | None) -> Any:
    if param.kind == "choice":
        return st.selectbox(param.label, list(param.choices), key=key, help=param.help or None,
                            index=list(param.choices).index(param.default))
    if param.kind == "bool":
        return st.checkbox(param.label, value=param.default, key=key, help=param.help or None)
    if param.kind == "text":
        return st.text_input(param.label, value=param.default, key=key, help=param.help or None)
    maximum = param.maximum
    if param.name == "epochs" and cap:
        maximum = min(maximum or cap, cap)
    if param.kind == "int":
        return st.number_input(param.label, int(param.minimum or 0), int(maximum or 10**9),
                               min(int(param.default), int(maximum or param.default)), step=1,
                               key=key, help=param.help or None)
    return st.number_input(param.label, float(param.minimum or 0.0), float(maximum or 1e9),
                           float(param.default), key=key, help=param.help or None,
                           format="%g")


def param_form(spec: ModelSpec, epochs_cap: int | None) -> dict[str, Any]:
    """One widget per parameter; returns the chosen values."""
    values = {}
    columns = st.columns(3)
    for i, param in enumerate(spec.params):
        with columns[i % 3]:
            values[param.name] = _widget(param, f"param_{spec.name}_{param.name}", epochs_cap)
    return values
