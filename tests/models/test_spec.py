"""Settings as the pages and the CLI take them: each value converted or refused with a
message naming the setting and its bounds, unknown settings named with the known ones."""

import pytest

from syndata.errors import ModelError
from syndata.models.spec import DEVICE, ModelSpec, Param, epochs_param, trained_params

RATE = Param("learning_rate", "Learning rate", "float", 2e-4, 1e-6, 1.0)
SHUFFLE = Param("shuffle", "Shuffle", "bool", True)
NAMES = Param("names", "Names", "text", "")


@pytest.mark.parametrize("param, given, expected", [
    (epochs_param(300), "12", 12),
    (epochs_param(300), 7.9, 7),
    (RATE, "0.5", 0.5),
    (SHUFFLE, "true", True),
    (SHUFFLE, "0", False),
    (SHUFFLE, False, False),
    (DEVICE, "cpu", "cpu"),
    (NAMES, " a <= b; c ", "a <= b; c"),
    (NAMES, None, ""),
])
def test_values_are_converted_to_the_settings_type(param, given, expected):
    value = param.coerce(given)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("param, given, message", [
    (epochs_param(300), "many", "Epochs must be a int number, not 'many'."),
    (epochs_param(300), 0, "Epochs must be at least 1, not 0."),
    (epochs_param(300), 10_001, "Epochs must be at most 10000, not 10001."),
    (RATE, None, "Learning rate must be a float number, not 'None'."),
    (RATE, 2, "Learning rate must be at most 1.0, not 2.0."),
    (DEVICE, "gpu", "Device must be one of auto, cpu, cuda, not 'gpu'."),
])
def test_a_refused_value_says_the_setting_and_its_bounds(param, given, message):
    with pytest.raises(ModelError) as caught:
        param.coerce(given)
    assert str(caught.value) == message


SPEC = ModelSpec("demo", "Demo model", "For the tests.", single_table=True, multi_table=False,
                 gpu=True, params=trained_params(300, Param("batch_size", "Batch", "int", 500),
                                                 RATE))


def test_resolve_overlays_the_given_values_on_the_defaults_and_ignores_none():
    resolved = SPEC.resolve({"epochs": "3", "learning_rate": None})
    assert resolved == {"epochs": 3, "batch_size": 500, "learning_rate": 2e-4,
                        "device": "auto", "time_budget_minutes": 0.0}
    assert list(resolved) == [p.name for p in SPEC.params]
    assert SPEC.resolve() == SPEC.resolve({})


def test_resolve_names_unknown_settings_and_the_known_ones():
    with pytest.raises(ModelError) as caught:
        SPEC.resolve({"epoch": 3, "lr": 0.1})
    assert str(caught.value) == (
        "Demo model has no setting epoch, lr. Its settings: epochs, batch_size, "
        "learning_rate, device, time_budget_minutes.")
    bare = ModelSpec("bare", "Bare", "", single_table=True, multi_table=False, gpu=False)
    with pytest.raises(ModelError, match=r"Bare has no setting x\. Its settings: none\."):
        bare.resolve({"x": 1})


def test_a_value_out_of_bounds_is_refused_by_resolve_too():
    with pytest.raises(ModelError, match="Time budget \\(minutes\\) must be at least 0.0"):
        SPEC.resolve({"time_budget_minutes": -1})
