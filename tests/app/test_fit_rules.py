"""The Fit page lists IRGAN's column rules before the fit; an unticked one is switched off."""

import pandas as pd

from tests.app.conftest import click, select, wait_for


def test_the_rules_are_listed_before_the_fit_and_an_unticked_one_is_switched_off(app, shop):
    users = shop["users"]
    left = pd.to_datetime(users["joined"]) + pd.to_timedelta(users["age"] % 30, unit="D")
    app.session_state["syndata"].project.add_table(
        users.assign(left=left.dt.strftime("%Y-%m-%d")), "users.csv")
    app.switch_page("pages/fit.py").run()
    select(app, "Model", "irgan")
    assert not app.exception
    boxes = {c.label: c for c in app.checkbox}
    assert boxes["users: joined <= left"].value is True
    next(n for n in app.number_input if n.label == "Epochs").set_value(1)
    boxes["users: joined <= left"].uncheck()
    app.run()
    click(app, "Start fit")
    state = wait_for(app, lambda s: s.fitted).session_state["syndata"]
    notes = next(iter(state.fitted.values())).model.info.notes
    assert "Column rules switched off: users: joined <= left." in notes
