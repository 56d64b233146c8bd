"""The Export page's downloads keep the input's text formats (``$1,234.50``, ``TRUE``)."""

import io
import zipfile

from syndata.export import table_csv, zip_tables
from tests.app.conftest import fit_and_generate
from tests.test_text_formats import COMMA_PATTERNS, _assert_formats, _columns, _comma_file


def test_the_export_downloads_keep_the_text_formats(app, tmp_path):
    """Fit and generate run in the app's job workers: the formats travel on the tables
    (pickled attrs) to the writer behind the Export page's ZIP and CSV buttons."""
    state = app.session_state["syndata"]
    state.project.add_csv(_comma_file(tmp_path / "money.csv").read_bytes(), "money.csv")
    entry = fit_and_generate(app)
    app.switch_page("pages/export.py").run()
    assert not app.exception
    with zipfile.ZipFile(io.BytesIO(zip_tables(entry.tables, entry.schema.to_dict()))) as archive:
        (tmp_path / "zipped.csv").write_bytes(archive.read("money.csv"))
    (tmp_path / "single.csv").write_bytes(table_csv(entry.tables["money"]))
    for path in (tmp_path / "zipped.csv", tmp_path / "single.csv"):
        _assert_formats(_columns(path), COMMA_PATTERNS)
