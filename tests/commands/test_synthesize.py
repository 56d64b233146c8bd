"""``python -m syndata synthesize``: fit on CSVs, write CSVs, metadata and a model file."""

import json

import pandas as pd
import pytest

from tests.commands.running import assert_one_error_line, cli


def test_single_csv_with_rows(tmp_path, shop_dir):
    out = tmp_path / "out"
    result = cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model",
                 "gaussian_copula", "--rows", "17", "--seed", "4", "--out", str(out))
    assert result.returncode == 0, result.stderr
    users = pd.read_csv(out / "users.csv")
    assert len(users) == 17 and list(users.columns) == ["user_id", "age", "country", "joined"]
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["tables"]["users"]["primary_key"] == "user_id"
    summary = result.stdout
    assert f"wrote 1 table and metadata.json to {out}" in summary
    assert "users.csv" in summary and " 17 rows" in summary
    assert "model gaussian_copula on cpu: fit " in summary and " s, sample " in summary


def test_save_model_to_an_unwritable_path_is_one_error_line(tmp_path, shop_dir):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model",
                 "gaussian_copula", "--out", str(tmp_path / "o"),
                 "--save-model", str(blocker / "m.syndata"))
    assert_one_error_line(result, "Cannot write the model file")


def test_any_model_setting_by_name(tmp_path, shop_dir):
    out = tmp_path / "out"
    result = cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model", "irgan",
                 "--epochs", "1", "--set", "precision=float32", "--set", "hidden-size=32",
                 "--rows", "12", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(out / "users.csv")) == 12


def test_same_seed_same_output(tmp_path, shop_dir):
    outs = []
    for name in ("a", "b"):
        cli("synthesize", "--data", str(shop_dir / "orders.csv"), "--model", "gaussian_copula",
            "--seed", "9", "--out", str(tmp_path / name))
        outs.append((tmp_path / name / "orders.csv").read_text())
    assert outs[0] == outs[1]


@pytest.mark.parametrize("args, fragment", [
    (["--model", "nope"], "invalid choice"),
    (["--model", "gaussian_copula", "--rows", "0"], "must be at least 1"),
    (["--model", "gaussian_copula", "--rows", "5", "--scale", "2"], "not allowed with"),
    (["--model", "gaussian_copula", "--scale", "-1"], "above 0"),
    (["--model", "ctgan", "--device", "cuda"], "no usable GPU"),
    (["--model", "hma", "--rows", "5"], "needs a group"),
    (["--model", "gaussian_copula", "--set", "bogus=1"], "has no setting bogus"),
    (["--model", "irgan", "--set", "precision=half"], "must be one of auto, float32"),
    (["--model", "irgan", "--set", "precision"], "not NAME=VALUE"),
])
def test_bad_arguments(tmp_path, shop_dir, args, fragment):
    result = cli("synthesize", "--data", str(shop_dir / "users.csv"), *args,
                 "--out", str(tmp_path / "o"))
    assert_one_error_line(result, fragment)


def test_missing_data_and_orphans(tmp_path, shop_dir):
    result = cli("synthesize", "--data", str(tmp_path / "nowhere"), "--model", "hma",
                 "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    orders = pd.read_csv(shop_dir / "orders.csv")
    orders.loc[:2, "user_id"] = 999
    orders.to_csv(shop_dir / "orders.csv", index=False)
    result = cli("synthesize", "--data", str(shop_dir), "--model", "hma",
                 "--out", str(tmp_path / "o"))
    assert_one_error_line(result, "reference a users that does not exist")
    result = cli("synthesize", "--data", str(shop_dir), "--model", "hma", "--drop-orphans",
                 "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert f"dropped 3 of {len(orders):,} rows of orders" in result.stderr
