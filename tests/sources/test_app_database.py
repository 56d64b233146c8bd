"""The app: *Connect a database* on the home page, *Write to a database* on Export (AppTest)."""

from __future__ import annotations

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from syndata import synthesis
from tests.sources.conftest import PASSWORD
from tests.sources.databases import ORDERS


def _field(at: AppTest, key: str):
    return next(t for t in at.text_input if t.key == key)


def _click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def _connect(at: AppTest, url: str, password: str = "", schema: str = "") -> AppTest:
    _field(at, "source_url").set_value(url)
    _field(at, "source_password").set_value(password)
    _field(at, "source_schema").set_value(schema)
    at.run()
    _click(at, "List tables")
    assert not at.error, [e.value for e in at.error]
    return _click(at, "Read tables")


def _everything_shown(at: AppTest) -> str:
    parts = [e.value for kind in (at.success, at.error, at.info, at.caption, at.markdown)
             for e in kind]
    state = at.session_state["syndata"]
    return " ".join(map(str, parts)) + str(state.project.sources) + str(
        at.session_state["database_source"])


def test_a_sqlite_database_is_read_with_its_keys(app, sqlite_shop):
    at = _connect(app, sqlite_shop)
    state = at.session_state["syndata"]
    assert sorted(state.project.tables) == ["customers", "orders"]
    assert len(state.project.tables["orders"]) == ORDERS
    assert [r.label() for r in state.project.schema.relationships] == [
        "orders.customer_id -> customers.id"]
    assert any("Read 2 table(s)" in s.value for s in at.success)


def test_postgres_password_is_used_but_never_shown_or_kept(app, postgres, tmp_path):
    without = postgres.replace(f":{PASSWORD}@", "@")
    at = _connect(app, without, PASSWORD, "sales")
    state = at.session_state["syndata"]
    assert sorted(state.project.tables) == ["customers", "orders"]
    assert PASSWORD not in _everything_shown(at)
    database = state.project
    model = synthesis.fit("cart", database.schema, database.tables, {})
    entry = state.add_fitted(model)
    state.add_synthetic(entry.id, model.sample(scale=0.5, seed=1), {"seed": 1})
    at.switch_page("pages/export.py").run()
    _field(at, "target_url").set_value(without)
    _field(at, "target_password").set_value(PASSWORD)
    _field(at, "target_schema").set_value("sales")
    at.run()
    at = _click(at, "Write to the database")
    assert any("--overwrite-source" in e.value or "read from" in e.value for e in at.error)
    _field(at, "target_schema").set_value("from_app")
    at.run()
    at = _click(at, "Write to the database")
    assert any("wrote 2 table(s)" in s.value for s in at.success), [e.value for e in at.error]
    assert PASSWORD not in _everything_shown(at)
    engine = sa.create_engine(postgres.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM from_app.orders")).scalar()
    engine.dispose()
    assert count == len(state.synthetic["s1"].tables["orders"])
