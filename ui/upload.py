"""Loading data into the session: parsed uploads (cached) and demos."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from syndata.errors import SyndataError
from syndata.ingest import CsvOptions, read_csv_bytes
from syndata.limits import check_table_limits
from syndata.project import Project
from ui.runtime import settings
from ui.state import AppState


@st.cache_data(max_entries=16, ttl=3600, show_spinner="Reading the file...")
def parse_csv(data: bytes, filename: str, has_header: bool, skip_rows: int,
              delimiter: str | None, encoding: str | None) -> pd.DataFrame:
    """Parsed once per content and options: reruns and re-uploads cost nothing."""
    return read_csv_bytes(data, filename, CsvOptions(has_header, skip_rows, delimiter, encoding))


def add_uploads(state: AppState, files: list, options: CsvOptions) -> None:
    """Add each file as a table; a bad file gets its message and the others still load."""
    config = settings()
    for file in files:
        if file.size > config.max_upload_mb * 2**20:
            state.notices.append(("error", f"{file.name} is {file.size / 2**20:.0f} MB; this "
                                  f"server takes files up to {config.max_upload_mb} MB. Upload "
                                  "a sample of the rows."))
            continue
        try:
            df = parse_csv(file.getvalue(), file.name, options.has_header, options.skip_rows,
                           options.delimiter, options.encoding)
            check_table_limits({file.name: df}, config.max_rows, config.max_columns)
            name = state.project.add_table(df.copy(), file.name)
        except SyndataError as exc:
            state.notices.append(("error", str(exc)))
            continue
        state.notices.append(("success", f"Added {file.name} as table '{name}' "
                                         f"({len(df):,} rows, {df.shape[1]} columns)."))
    state.upload_round += 1
    st.rerun()


def load_demo_into(state: AppState, key: str) -> None:
    """Replace the session's data by a demo (fitted models and results stay listed)."""
    try:
        state.project = Project.from_demo(key)
    except SyndataError as exc:
        st.error(str(exc))
        return
    st.success(f"Loaded the demo: {', '.join(state.project.tables)}.")


def remove_table(state: AppState, name: str) -> None:
    state.project.remove_table(name)
    st.rerun()
