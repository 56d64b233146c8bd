"""Step 2: fit models in the background, watch them, cancel them, list the fitted ones."""

import pandas as pd
import streamlit as st

from syndata import synthesis, tasks
from syndata.export import load_model
from syndata.models import get_family, models_for
from syndata.models.describe import fitted_row
from ui import nav
from ui.jobs_view import job_panel
from ui.params import param_form
from ui.rules import rules_form
from ui.runtime import settings
from ui.state import get_state, start_job
from ui.widgets import attempt, need_data

st.title("Fit")
state = get_state()
if need_data(state):
    project = state.project
    schema = project.schema
    groups = {**{f"group {k}": v for k, v in schema.groups.items()},
              **{f"linked: {', '.join(c)}": c for c in schema.components()}}
    scope = st.radio("What to model", ["One table", "Related tables"], horizontal=True,
                     disabled=not groups, help="Related tables: define relationships or "
                     "groups on the Prepare page.")
    if scope == "One table":
        tables = [st.selectbox("Table", list(project.tables))]
    else:
        tables = groups[st.selectbox("Tables", list(groups))]
    families = models_for(multi_table=len(tables) > 1)
    model = st.selectbox("Model", [f.name for f in families],
                         format_func=lambda n: get_family(n).label)
    family = get_family(model)
    spec = family.spec
    st.caption(spec.description)
    subset = schema.subset(tables)
    refused = family.check(subset, project.tables)
    if refused:
        st.error(refused)
    params = param_form(spec, settings().max_epochs)
    if model == "irgan" and params["column_rules"] and not refused:
        params["rules_off"] = rules_form(state, subset, tables, params["rules_off"])
    if st.button("Start fit", type="primary", disabled=bool(refused)):
        data = {t: project.tables[t] for t in tables}
        checked = attempt(lambda: synthesis.prepare_fit(model, subset, data, params))
        if checked is not None:
            start_job(state, tasks.fit_job, {"model": model, "schema": subset,
                                             "tables": data, "params": checked},
                      f"{spec.label} on {', '.join(tables)}", "fit")
    st.subheader("Jobs")
    job_panel(state, ("fit",))
    st.subheader("Fitted models")
    if state.fitted:
        # a static table wraps long cells, so the notes show whole (a data grid cuts them)
        st.table(pd.DataFrame([fitted_row(e.name, e.model.info) for e in state.fitted.values()]),
                 hide_index=True)
        nav.link("generate", "Next: generate data")
    else:
        st.caption("None yet.")
    with st.expander("Import a model file exported from this app"):
        file = st.file_uploader("Model file (.syndata)", key="model_import")
        if file is not None and st.button("Import"):
            imported = attempt(lambda: load_model(file.getvalue()))
            if imported is not None:
                st.success(f"Imported {state.add_fitted(imported).label}.")
