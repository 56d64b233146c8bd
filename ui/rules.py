"""The Fit page's list of IRGAN's column rules, each a checkbox, before the fit starts.

The rules are found on the tables as the fit will see them (``syndata.models.irgan``),
once per data and schema version (see ``ui.versions``): 1.6 s on the 4-table flights with
20,000 flights (machine loaded), so not on every rerun. A rule left unticked joins the
*Rules switched off* setting.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

from syndata.metadata import Schema
from syndata.models.irgan import column_rules
from ui.state import AppState
from ui.widgets import attempt


@st.cache_data(max_entries=64, ttl=3600, show_spinner="Finding column rules...")
def _found(tokens: tuple[tuple[str, str], ...], schema: str, _subset: Schema,
           _tables: dict[str, pd.DataFrame]) -> list[str]:
    return column_rules(_subset, _tables)


def rules_form(state: AppState, subset: Schema, tables: list[str], switched_off: str) -> str:
    """One ticked checkbox per rule the tables hold; returns ``switched_off`` with the
    unticked rules added (``;``-separated, as the setting takes them)."""
    version = state.version()
    tokens = tuple((t, version.token(t)) for t in tables)
    schema = json.dumps(subset.to_dict(tables), sort_keys=True)
    data = {t: state.project.tables[t] for t in tables}
    found = attempt(lambda: _found(tokens, schema, subset, data))
    if not found:
        return switched_off
    with st.expander(f"Column rules found in the real rows ({len(found)}), kept on every "
                     "synthetic row unless unticked"):
        key = hashlib.sha1(f"{tokens}{schema}".encode()).hexdigest()[:12]
        off = [rule for rule in found
               if not st.checkbox(rule, value=True, key=f"rule_{key}_{rule}")]
    return "; ".join(part for part in (switched_off, *off) if part)
