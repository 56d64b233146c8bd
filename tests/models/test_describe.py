"""A fitted model's settings in words, by the labels of the model's form."""

from syndata.models.describe import settings_text


def test_settings_read_as_the_form_labels_in_the_form_order():
    params = {"device": "cpu", "epochs": 20, "batch_size": 500, "learning_rate": 1e-3,
              "time_budget_minutes": 2.5}
    assert settings_text("irgan", params) == (
        "epochs 20 · batch size 500 · learning rate 0.001 · device cpu · "
        "time budget (minutes) 2.5")


def test_unknown_settings_and_models_are_still_shown():
    assert settings_text("ctgan", {"epochs": 3, "old_flag": True}) == "epochs 3 · old flag on"
    assert settings_text("retired_model", {"max_depth": 4}) == "max depth 4"
    assert settings_text("gaussian_copula", {}) == ""
