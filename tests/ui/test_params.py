"""The model form: one widget per ``Param``, its kind, default and bounds from the spec,
and the epochs capped by the server's limit."""

from streamlit.testing.v1 import AppTest


def _form(model: str, cap: int | None) -> AppTest:
    def script(model: str, cap: int | None) -> None:
        import streamlit as st

        from syndata.models import get_family
        from ui.params import param_form

        st.session_state["values"] = param_form(get_family(model).spec, cap)

    app = AppTest.from_function(script, args=(model, cap), default_timeout=30)
    return app.run()


def test_each_parameter_gets_the_widget_of_its_kind_with_its_bounds():
    app = _form("irgan", None)
    assert not app.exception
    numbers = {n.label: n for n in app.number_input}
    assert set(numbers) == {"Epochs", "Batch size", "Learning rate", "Hidden units",
                            "Time budget (minutes)"}
    epochs = numbers["Epochs"]
    assert (epochs.min, epochs.max, epochs.value, epochs.step) == (1, 10_000, 20, 1)
    assert numbers["Learning rate"].value == 0.003 and numbers["Learning rate"].max == 1.0
    choices = {s.label: s for s in app.selectbox}
    assert choices["Matrix precision"].options == ["auto", "float32", "bfloat16"]
    assert choices["Device"].value == "auto"
    assert app.checkbox[0].label == "Column rules" and app.checkbox[0].value is True
    assert app.text_input[0].label == "Rules switched off" and app.text_input[0].value == ""
    assert app.session_state["values"] == {
        "epochs": 20, "batch_size": 500, "generator": "argn", "learning_rate": 0.003,
        "hidden_size": 128, "precision": "auto", "column_rules": True, "rules_off": "",
        "device": "auto", "time_budget_minutes": 0.0}


def test_the_server_cap_lowers_the_epochs_maximum_and_default():
    app = _form("ctgan", 50)
    epochs = next(n for n in app.number_input if n.label == "Epochs")
    assert (epochs.max, epochs.value) == (50, 50)
    assert next(n for n in app.number_input if n.label == "Batch size").max == 100_000


def test_a_changed_value_is_returned():
    app = _form("gaussian_copula", None)
    app.selectbox[0].set_value("gamma").run()
    assert app.session_state["values"] == {"default_distribution": "gamma"}
