"""The Evaluate page takes a holdout upload and shows the membership attack's advantage."""

from syndata.demos import load_demo
from tests.app.conftest import click, fit_and_generate, select, wait_for


def test_a_holdout_upload_runs_the_membership_attack(app):
    select(app, "Demo", "wine")
    click(app, "Load demo")
    fit_and_generate(app)
    app.switch_page("pages/evaluate.py").run()
    holdout = load_demo("wine").tables["wine"].head(60).to_csv(index=False).encode()
    uploader = next(u for u in app.file_uploader if u.label.startswith("Holdout"))
    uploader.set_value([("wine.csv", holdout, "text/csv"), ("other.csv", holdout, "text/csv")])
    app.run()
    assert any("other.csv: name each holdout CSV after its table (wine)" in e.value
               for e in app.error)
    click(app, "Evaluate")
    wait_for(app, lambda s: s.evaluations)
    assert not app.exception
    advantage = next(m for m in app.metric if m.label == "Membership attack advantage")
    assert advantage.value != "not computed"
    assert any(e.label == "Real values per column" for e in app.expander)
