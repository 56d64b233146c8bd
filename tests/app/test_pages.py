import io
import time
import zipfile

import pandas as pd

from syndata.export import zip_tables
from tests.app.conftest import PAGES, click, fit_and_generate, select, wait_for
from ui.runtime import runner


def test_every_page_without_data_says_what_to_do(app):
    assert not app.exception
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, page
        assert app.info, page


def test_single_table_flow(app):
    select(app, "Demo", "wine")
    click(app, "Load demo")
    assert "wine" in app.session_state["syndata"].project.tables
    app.switch_page("pages/prepare.py").run()
    assert not app.exception and not app.error
    entry = fit_and_generate(app)
    assert len(entry.tables["wine"]) == 178
    for page in ("pages/visualise.py", "pages/export.py"):
        app.switch_page(page).run()
        assert not app.exception, page
    app.switch_page("pages/evaluate.py").run()
    click(app, "Evaluate")
    result = wait_for(app, lambda s: s.evaluations).session_state["syndata"].evaluations
    assert 0 < next(iter(result.values())).quality <= 1
    assert any(m.label == "Quality" for m in app.metric)
    archive = zipfile.ZipFile(io.BytesIO(zip_tables(entry.tables, entry.schema.to_dict())))
    assert sorted(archive.namelist()) == ["metadata.json", "wine.csv"]


def test_multi_table_hma_flow_from_uploads(app, shop):
    files = [(f"{n}.csv", df.to_csv(index=False).encode(), "text/csv") for n, df in shop.items()]
    app.file_uploader[0].set_value(files)
    app.run()
    click(app, "Add files")
    project = app.session_state["syndata"].project
    assert set(project.tables) == {"users", "orders"} and project.schema.relationships
    app.switch_page("pages/fit.py").run()
    next(r for r in app.radio if r.label == "What to model").set_value("Related tables")
    app.run()
    select(app, "Model", "hma")
    click(app, "Start fit")
    wait_for(app, lambda s: s.fitted)
    app.switch_page("pages/generate.py").run()
    next(n for n in app.number_input if n.label == "Scale factor").set_value(0.5)
    click(app, "Generate")
    state = wait_for(app, lambda s: s.synthetic).session_state["syndata"]
    out = next(iter(state.synthetic.values())).tables
    assert len(out["users"]) == 25
    assert out["orders"]["user_id"].isin(out["users"]["user_id"]).all()
    app.switch_page("pages/visualise.py").run()
    assert not app.exception


def test_bad_upload_shows_a_message_and_keeps_earlier_tables(app, shop):
    app.file_uploader[0].set_value([("users.csv", shop["users"].to_csv(index=False).encode(),
                                     "text/csv")])
    app.run()
    click(app, "Add files")
    app.file_uploader[0].set_value([("empty.csv", b"\n\n", "text/csv")])
    app.run()
    click(app, "Add files")
    assert not app.exception
    assert any("empty.csv" in e.value for e in app.error)
    assert list(app.session_state["syndata"].project.tables) == ["users"]


def test_hma_refusal_is_explained_on_the_fit_page(app):
    tables = {f"t{i}": pd.DataFrame({"id": [f"k{j}" for j in range(30)],
                                     "up": [f"k{j % 10}" for j in range(30)]}) for i in range(6)}
    project = app.session_state["syndata"].project
    for name, df in tables.items():
        project.add_table(df, f"{name}.csv")
    for i in range(1, 6):
        if not any(r.child == f"t{i}" for r in project.schema.relationships):
            project.schema.add_relationship(f"t{i - 1}", f"t{i}", "up")
    app.switch_page("pages/fit.py").run()
    next(r for r in app.radio if r.label == "What to model").set_value("Related tables")
    app.run()
    select(app, "Model", "hma")
    assert any("Use IRGAN" in e.value for e in app.error)


def test_fit_page_cancels_a_running_fit(app):
    select(app, "Demo", "wine")
    click(app, "Load demo")
    app.switch_page("pages/fit.py").run()
    select(app, "Model", "ctgan")
    next(n for n in app.number_input if n.label == "Epochs").set_value(5000)
    click(app, "Start fit")
    runner_jobs = app.session_state["syndata"].jobs
    deadline = time.monotonic() + 120
    while not any(b.label == "Cancel" for b in app.button) and time.monotonic() < deadline:
        time.sleep(0.5)
        app.run()
    started = time.monotonic()
    click(app, "Cancel")
    (job_id,) = runner_jobs
    assert runner().status(job_id).state == "cancelled"
    assert time.monotonic() - started < 3
    assert not app.session_state["syndata"].fitted
