"""Step 4: real against synthetic, column by column, in pairs and across tables."""

import streamlit as st

from syndata import plots
from syndata.evaluation.statistics import association_matrix, summary_statistics
from syndata.visualise import modelled_indices, relationships_of
from ui import nav
from ui.state import get_state
from ui.widgets import need_data, need_synthetic, pick_synthetic

st.title("Visualise")
state = get_state()
if need_data(state) and need_synthetic(state):
    entry = state.synthetic[pick_synthetic(state, "vis_synthetic")]
    real_tables = state.project.tables
    names = [t for t in entry.tables if t in real_tables]
    if not names:
        st.warning("The real tables of this dataset are no longer loaded.")
        st.stop()
    table = st.selectbox("Table", names)
    real, synthetic = real_tables[table], entry.tables[table]
    schema = entry.schema
    meta = schema.tables[table]
    columns = [c for c in meta.columns if c in real and c in synthetic]
    modelled = modelled_indices(schema, table, columns)
    dist, pair, corr, card, stats = st.tabs(
        ["Distributions", "Pairs", "Correlations", "Children per parent", "Summary"])
    with dist:
        column = st.selectbox("Column", columns, index=modelled[0])
        st.plotly_chart(plots.column_distribution(real[column], synthetic[column],
                                                  meta.columns[column].sdtype))
    with pair:
        left, right = st.columns(2)
        x = left.selectbox("x", columns, index=modelled[0])
        y = right.selectbox("y", columns, index=modelled[1] if len(modelled) > 1
                            else min(1, len(columns) - 1))
        st.plotly_chart(plots.pair_plot(real, synthetic, x, y, meta))
    with corr:
        st.plotly_chart(plots.correlation_comparison(association_matrix(real, meta),
                                                     association_matrix(synthetic, meta)))
    with card:
        rels = [r for r in relationships_of(schema, table) if {r.parent, r.child} <= set(names)]
        if not schema.relationships:
            st.info("This dataset has no relationships between its tables.")
        elif not rels:
            st.info(f"{table} is in no relationship: pick a related table above.")
        for i, rel in enumerate(rels):
            st.plotly_chart(plots.cardinality_plot(real_tables, entry.tables, rel),
                            key=f"card_{i}")
    with stats:
        st.dataframe(summary_statistics(real, synthetic, meta), width="stretch")
    nav.link("evaluate", "Next: evaluate quality and privacy")
