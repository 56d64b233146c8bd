"""IRGAN's own errors: one base class, and messages that say what to do."""

import pandas as pd
import pytest

from irgan import Cancelled, IRGANConfig, IRGANError, IRGANSynthesizer, SchemaError, TrainingError

META = {"tables": {"t": {"columns": {"x": {"sdtype": "numerical"}}}}}


def test_every_error_is_an_irgan_error():
    for error in (SchemaError("s"), TrainingError("t"), Cancelled()):
        assert isinstance(error, IRGANError)
    assert str(Cancelled()) == "Cancelled by the user. Start it again when ready."


def test_data_that_does_not_match_the_metadata_is_a_schema_error():
    synth = IRGANSynthesizer(META, IRGANConfig(device="cpu"))
    with pytest.raises(SchemaError, match=r"No data for table\(s\) \['t'\]"):
        synth.fit({})
    with pytest.raises(SchemaError, match=r"Table 't' lacks column\(s\) \['x'\]"):
        synth.fit({"t": pd.DataFrame({"y": [1.0]})})


def test_an_empty_table_and_sampling_before_fitting_are_training_errors():
    synth = IRGANSynthesizer(META, IRGANConfig(device="cpu"))
    with pytest.raises(TrainingError, match="Fit the IRGAN model before sampling"):
        synth.sample()
    with pytest.raises(TrainingError, match="'t' is empty; IRGAN needs at least one row"):
        synth.fit({"t": pd.DataFrame({"x": pd.Series([], dtype=float)})})


def test_a_repeated_parent_key_is_a_schema_error_with_the_fix():
    meta = {
        "tables": {"p": {"primary_key": "id", "columns": {"id": {"sdtype": "id"}}},
                   "c": {"columns": {"pid": {"sdtype": "id"}, "v": {"sdtype": "numerical"}}}},
        "relationships": [{"parent_table_name": "p", "parent_primary_key": "id",
                           "child_table_name": "c", "child_foreign_key": "pid"}],
    }
    tables = {"p": pd.DataFrame({"id": [1, 1]}), "c": pd.DataFrame({"pid": [1], "v": [0.5]})}
    with pytest.raises(SchemaError, match="p.id has repeated values; make it unique"):
        IRGANSynthesizer(meta, IRGANConfig(device="cpu")).fit(tables)
