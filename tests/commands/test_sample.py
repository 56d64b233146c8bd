"""``python -m syndata sample``: generate from a signed model file, and refuse an altered one."""

import pandas as pd

from tests.commands.running import assert_one_error_line, cli


def test_folder_with_hma_scale_and_model_round_trip(tmp_path, shop_dir):
    out, model = tmp_path / "out", tmp_path / "shop.syndata"
    result = cli("synthesize", "--data", str(shop_dir), "--model", "hma", "--scale", "0.5",
                 "--out", str(out), "--save-model", str(model), "--epochs", "3")
    assert result.returncode == 0, result.stderr
    assert "has no epochs" in result.stderr
    users, orders = pd.read_csv(out / "users.csv"), pd.read_csv(out / "orders.csv")
    assert len(users) == 25 and orders["user_id"].isin(users["user_id"]).all()
    assert f"wrote 2 tables and metadata.json to {out}" in result.stdout
    assert f"{len(orders):,} rows" in result.stdout and "model hma on cpu" in result.stdout
    assert f"model file {model}" in result.stdout
    again = tmp_path / "again"
    result = cli("sample", "--model-file", str(model), "--rows", "10", "--out", str(again))
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(again / "users.csv")) == 10
    assert "users.csv" in result.stdout and " 10 rows" in result.stdout
    assert "model hma on cpu" in result.stdout


def test_tampered_model_file_is_refused(tmp_path, shop_dir):
    model = tmp_path / "m.syndata"
    cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model", "gaussian_copula",
        "--out", str(tmp_path / "o"), "--save-model", str(model))
    blob = bytearray(model.read_bytes())
    blob[-5] ^= 1
    model.write_bytes(bytes(blob))
    result = cli("sample", "--model-file", str(model), "--out", str(tmp_path / "p"))
    assert_one_error_line(result, "altered")


def test_missing_model_file_is_one_error_line(tmp_path):
    result = cli("sample", "--model-file", str(tmp_path / "none.syndata"),
                 "--out", str(tmp_path / "p"))
    assert_one_error_line(result, f"Cannot read the model file {tmp_path / 'none.syndata'}")
    assert not (tmp_path / "p").exists()
