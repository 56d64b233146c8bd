"""Every CSV case of the bad-input corpus, uploaded in the app after a good file.

The promise: an unusable file gets a message naming it and what went wrong, nothing raises,
and the table uploaded before it is still there; a usable one becomes a table.
"""

import pytest

from tests.app.conftest import click
from tests.corpus.cases import CASES, ERROR

CSV_CASES = [c for c in CASES if c.kind == "csv"]


@pytest.mark.parametrize("case", CSV_CASES, ids=[c.name for c in CSV_CASES])
def test_corpus_upload_in_the_app(app, shop, case):
    app.file_uploader[0].set_value([("users.csv", shop["users"].to_csv(index=False).encode(),
                                     "text/csv")])
    app.run()
    click(app, "Add files")
    if case.options.get("skip_rows"):
        next(n for n in app.number_input if n.label.startswith("Rows to skip")).set_value(
            case.options["skip_rows"])
    app.file_uploader[0].set_value([(case.file, case.content(), "text/csv")])
    app.run()
    click(app, "Add files")
    assert not app.exception
    tables = app.session_state["syndata"].project.tables
    assert "users" in tables
    if case.outcome == ERROR:
        messages = [e.value for e in app.error]
        assert any(case.file in m and case.message.lower() in m.lower() for m in messages), (
            messages)
        assert list(tables) == ["users"]
    else:
        assert len(tables) == 2, [e.value for e in app.error]
        added = tables[list(tables)[1]]
        assert added.shape == case.shape
