"""Loading data into the session: parsed uploads (cached) and demos."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from syndata.errors import SyndataError
from syndata.ingest import NOTES_KEY, CsvOptions, parse_na_values, read_csv_bytes
from syndata.limits import check_table_limits
from syndata.project import Project
from ui.runtime import settings
from ui.state import AppState

DELIMITERS = {"detect": None, "comma ,": ",", "semicolon ;": ";", "tab": "\t", "pipe |": "|"}
ENCODINGS = {"detect": None, "UTF-8": "utf-8", "Latin-1": "latin-1", "UTF-16": "utf-16"}
MISSING = ("the usual ones (NA, NULL, N/A, NaN, None...)", "only empty cells", "my list")


def reading_options() -> CsvOptions:
    """The reading options expander; its values as ``CsvOptions``."""
    with st.expander("Reading options"):
        has_header = st.checkbox("First row is the header", value=True)
        skip_rows = st.number_input("Rows to skip before the header", 0, 1_000_000, 0)
        delimiter = st.selectbox("Delimiter", list(DELIMITERS))
        encoding = st.selectbox("Encoding", list(ENCODINGS))
        missing = st.radio(
            "Missing values", MISSING, horizontal=True,
            help="Cell texts read as a missing value; an empty cell always is. With the usual "
                 "ones, NA stays a value in a column of 2-letter codes (Namibia) unless the "
                 "file uses NA for missing elsewhere. The notes after adding a file say "
                 "which texts were read as missing.")
        tokens = st.text_input("Missing-value texts, comma-separated", "NA, NULL",
                               disabled=missing != MISSING[2])
    na_values = {MISSING[0]: None, MISSING[1]: ()}.get(missing, parse_na_values(tokens))
    return CsvOptions(has_header, int(skip_rows), DELIMITERS[delimiter], ENCODINGS[encoding],
                      na_values)


@st.cache_data(max_entries=16, ttl=3600, show_spinner="Reading the file...")
def parse_csv(data: bytes, filename: str, options: CsvOptions) -> pd.DataFrame:
    """Parsed once per content and options: reruns and re-uploads cost nothing."""
    return read_csv_bytes(data, filename, options)


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
            # the hosted demo (1 GB) keeps no parsed frames in a cache shared by sessions
            parse = read_csv_bytes if config.hosted else parse_csv
            df = parse(file.getvalue(), file.name, options)
            check_table_limits({file.name: df}, config.max_rows, config.max_columns)
            name = state.project.add_table(df.copy(), file.name)
        except SyndataError as exc:
            state.notices.append(("error", str(exc)))
            continue
        notes = df.attrs.get(NOTES_KEY, [])
        read = f" Reading notes: {'; '.join(notes)}." if notes else ""
        state.notices.append(("success", f"Added {file.name} as table '{name}' "
                                         f"({len(df):,} rows, {df.shape[1]} columns).{read}"))
    state.upload_round += 1
    st.rerun()


def read_holdout(files: list, tables: list[str]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Holdout tables from uploaded CSVs named after their table, and one error per file
    that is not one (a wrong name or a file that cannot be read); nothing is written."""
    holdout: dict[str, pd.DataFrame] = {}
    errors: list[str] = []
    for file in files:
        name = Path(file.name).stem
        if name not in tables:
            errors.append(f"{file.name}: name each holdout CSV after its table "
                          f"({', '.join(tables)}).")
            continue
        try:
            holdout[name] = parse_csv(file.getvalue(), file.name, CsvOptions())
        except SyndataError as exc:
            errors.append(str(exc))
    return holdout, errors


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
