"""Reference tables (``syndata/reference_tables.py``): kept in our metadata, copied as they are
by IRGAN and CART through the CLI, refused with what to do by models that cannot."""

import json

import numpy as np
import pandas as pd
import pytest

from syndata import synthesis
from syndata.cli import EXIT_ERROR, main
from syndata.errors import MetadataError, ModelError
from syndata.metadata import Schema
from syndata.sdv_metadata import schema_to_sdv


def _tables() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(0)
    shops = pd.DataFrame({
        "shop_id": [f"S-{i:02d}" for i in range(12)],
        "name": [f"Shop {c}" for c in "ABCDEFGHIJKL"],
        "opened": [f"2020-0{1 + i % 9}-1{i % 10}" for i in range(12)],
        "rent": rng.normal(1000, 200, 12).round(3),
    })
    sales = pd.DataFrame({
        "sale_id": np.arange(200),
        "shop_id": rng.choice(shops.shop_id, 200),
        "amount": rng.gamma(2.0, 10.0, 200).round(2),
        "channel": rng.choice(["web", "shop"], 200),
    })
    return {"shops": shops, "sales": sales}


def _schema(reference: bool = True) -> Schema:
    schema = Schema.detect(_tables())
    schema.set_reference("shops", reference)
    return schema


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    for name, frame in _tables().items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    (folder / "metadata.json").write_text(_schema(reference=False).to_json())
    return folder


def test_metadata_json_round_trip_keeps_reference_and_sdv_never_sees_it():
    schema = _schema()
    data = json.loads(schema.to_json())
    assert data["tables"]["shops"]["reference"] is True
    assert "reference" not in data["tables"]["sales"]
    again = Schema.from_json(schema.to_json())
    assert again.reference_tables() == ["shops"] and again.tables == schema.tables
    assert again.subset(["shops"]).reference_tables() == ["shops"]
    sdv = schema_to_sdv(again).to_dict()
    assert "reference" not in sdv["tables"]["shops"]


def test_a_reference_flag_that_is_not_true_or_false_is_named_by_its_path():
    data = json.loads(_schema().to_json())
    data["tables"]["shops"]["reference"] = "yes"
    with pytest.raises(MetadataError, match=r"tables\.shops\.reference"):
        Schema.from_dict(data)


def test_models_that_cannot_copy_a_reference_table_refuse_it_saying_what_to_do():
    with pytest.raises(ModelError, match="HMA.*cannot copy reference tables as they are "
                       r"\(shops\).*Fit IRGAN or CART, or untick reference"):
        synthesis.prepare_fit("hma", _schema(), _tables())


def test_a_reference_table_needs_its_parents_to_be_reference_too():
    schema = _schema(reference=False)
    schema.set_reference("sales", True)
    with pytest.raises(ModelError, match="sales is a reference table but its parent shops is "
                       "not.*Mark shops reference too"):
        synthesis.prepare_fit("irgan", schema, _tables())


@pytest.mark.parametrize("model, settings", [
    ("irgan", ["--epochs", "1", "--batch-size", "50", "--set", "hidden_size=16"]),
    ("cart", []),
])
def test_cli_reference_table_comes_out_as_the_real_one(data_dir, tmp_path, capsys, model,
                                                       settings):
    out = tmp_path / "out"
    code = main(["synthesize", "--data", str(data_dir), "--metadata",
                 str(data_dir / "metadata.json"), "--model", model, *settings,
                 "--reference", "shops", "--scale", "2", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "note: shops is a reference table: its 12 real rows" in capsys.readouterr().err
    real, synthetic = (pd.read_csv(d / "shops.csv") for d in (data_dir, out))
    pd.testing.assert_frame_equal(synthetic, real)
    sales = pd.read_csv(out / "sales.csv")
    assert abs(len(sales) - 400) <= 40  # CART draws children per parent: about scale x
    assert sales["shop_id"].isin(real["shop_id"]).all()
    assert json.loads((out / "metadata.json").read_text())["tables"]["shops"]["reference"]


def test_cli_unknown_reference_table_is_one_line_and_exit_2(data_dir, tmp_path, capsys):
    code = main(["synthesize", "--data", str(data_dir), "--model", "cart", "--reference",
                 "nope", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err.splitlines() == ["error: There is no table named 'nope'. Tables: sales, shops."]
