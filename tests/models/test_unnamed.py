"""The advice when the model is unknown: generic when none was named, naming the model from
another version when there is one, relational models offered for related tables."""

from syndata.models.unnamed import UnnamedModel

RELATIONAL = "HMA or IRGAN"


def test_advice_without_a_name_is_generic():
    model = UnnamedModel()
    assert model.shapes_advice(True, RELATIONAL) == "train longer or compare HMA or IRGAN."
    assert model.shapes_advice(False, RELATIONAL).startswith("train for more epochs, or try "
                                                             "GaussianCopula")
    assert model.pairs_advice(False, RELATIONAL) == (
        "train longer, or compare a neural model (CTGAN, TVAE) or IRGAN.")
    assert model.pairs_advice(True, RELATIONAL) == "train longer or compare HMA or IRGAN."
    assert model.relational_advice("3 orphan keys", RELATIONAL) == (
        "3 orphan keys: if the tables were fitted independently, use a relational model "
        "(HMA or IRGAN); otherwise train it for more epochs.")
    assert model.poor_advice(False) == "train for more epochs or compare another model."


def test_advice_with_a_name_says_it_fits_each_table_alone():
    model = UnnamedModel("fancy_gan")
    assert model.relational_advice("3 orphan keys", RELATIONAL) == (
        "3 orphan keys: fancy_gan fits each table on its own; use a relational model "
        "(HMA or IRGAN) instead.")
    assert model.poor_advice(True) == "train fancy_gan for more epochs or compare another model."
    assert model.shapes_advice(True, RELATIONAL) == UnnamedModel().shapes_advice(True, RELATIONAL)
