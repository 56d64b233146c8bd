"""The upload step's missing-value option and reading notes (issue 11, case 6)."""

from tests.app.conftest import click
from tests.corpus.cases import FILES

COUNTRIES = (FILES / "country_codes_na.csv").read_bytes()


def _upload(app, data: bytes):
    app.file_uploader[0].set_value([("countries.csv", data, "text/csv")])
    app.run()
    click(app, "Add files")
    assert not app.exception
    return app.session_state["syndata"].project.tables["countries"]


def test_the_upload_message_says_how_the_file_was_read(app):
    table = _upload(app, COUNTRIES)
    assert (table["country"] == "NA").sum() == 10
    (message,) = [s.value for s in app.success if "countries.csv" in s.value]
    assert "'NA' kept as a value" in message


def test_missing_values_can_be_set_to_a_list_of_texts(app):
    next(r for r in app.radio if r.label == "Missing values").set_value("my list")
    app.run()
    next(t for t in app.text_input
         if t.label.startswith("Missing-value texts")).set_value("NA")
    app.run()
    table = _upload(app, COUNTRIES)
    assert table["country"].isna().sum() == 10
    (message,) = [s.value for s in app.success if "countries.csv" in s.value]
    assert "'NA' read as missing, but every other value is a 2-letter code" in message
