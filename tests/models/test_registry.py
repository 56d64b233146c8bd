import pytest

from syndata.errors import ModelError
from syndata.models import all_families, get_family, models_for


def test_every_model_has_defaults_within_bounds():
    for family in all_families():
        resolved = family.spec.resolve()
        assert set(resolved) == {p.name for p in family.spec.params}


def test_scope_of_models():
    assert {s.name for s in models_for(False)} == {
        "gaussian_copula", "ctgan", "tvae", "copulagan", "irgan", "cart", "par"}
    assert {s.name for s in models_for(True)} == {"hma", "irgan", "cart"}


@pytest.mark.parametrize("given, message", [
    ({"epochs": 0}, "at least 1"),
    ({"epochs": "many"}, "must be a int"),
    ({"device": "tpu"}, "must be one of auto, cpu, cuda"),
    ({"depth": 3}, "has no setting depth"),
])
def test_bad_settings_are_refused(given, message):
    with pytest.raises(ModelError, match=message):
        get_family("ctgan").spec.resolve(given)


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(ModelError, match="gaussian_copula, ctgan"):
        get_family("gpt")
