import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syndata", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def shop_dir(tmp_path, shop) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    for name, df in shop.items():
        df.to_csv(folder / f"{name}.csv", index=False)
    return folder


def _assert_one_error_line(result, fragment: str) -> None:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_single_csv_with_rows(tmp_path, shop_dir):
    out = tmp_path / "out"
    result = cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model",
                 "gaussian_copula", "--rows", "17", "--seed", "4", "--out", str(out))
    assert result.returncode == 0, result.stderr
    users = pd.read_csv(out / "users.csv")
    assert len(users) == 17 and list(users.columns) == ["user_id", "age", "country", "joined"]
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["tables"]["users"]["primary_key"] == "user_id"


def test_folder_with_hma_scale_and_model_round_trip(tmp_path, shop_dir):
    out, model = tmp_path / "out", tmp_path / "shop.syndata"
    result = cli("synthesize", "--data", str(shop_dir), "--model", "hma", "--scale", "0.5",
                 "--out", str(out), "--save-model", str(model), "--epochs", "3")
    assert result.returncode == 0, result.stderr
    assert "has no epochs" in result.stderr
    users, orders = pd.read_csv(out / "users.csv"), pd.read_csv(out / "orders.csv")
    assert len(users) == 25 and orders["user_id"].isin(users["user_id"]).all()
    again = tmp_path / "again"
    result = cli("sample", "--model-file", str(model), "--rows", "10", "--out", str(again))
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(again / "users.csv")) == 10


def test_any_model_setting_by_name(tmp_path, shop_dir):
    out = tmp_path / "out"
    result = cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model", "irgan",
                 "--epochs", "1", "--set", "precision=float32", "--set", "hidden-size=32",
                 "--rows", "12", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(out / "users.csv")) == 12


def test_tampered_model_file_is_refused(tmp_path, shop_dir):
    model = tmp_path / "m.syndata"
    cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model", "gaussian_copula",
        "--out", str(tmp_path / "o"), "--save-model", str(model))
    blob = bytearray(model.read_bytes())
    blob[-5] ^= 1
    model.write_bytes(bytes(blob))
    result = cli("sample", "--model-file", str(model), "--out", str(tmp_path / "p"))
    _assert_one_error_line(result, "altered")


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
    _assert_one_error_line(result, fragment)


def test_missing_data_and_orphans(tmp_path, shop_dir):
    result = cli("synthesize", "--data", str(tmp_path / "nowhere"), "--model", "hma",
                 "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    orders = pd.read_csv(shop_dir / "orders.csv")
    orders.loc[:2, "user_id"] = 999
    orders.to_csv(shop_dir / "orders.csv", index=False)
    result = cli("synthesize", "--data", str(shop_dir), "--model", "hma",
                 "--out", str(tmp_path / "o"))
    _assert_one_error_line(result, "reference a users that does not exist")
    result = cli("synthesize", "--data", str(shop_dir), "--model", "hma", "--drop-orphans",
                 "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
