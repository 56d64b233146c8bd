import csv
import io
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
    summary = result.stdout
    assert f"wrote 1 table and metadata.json to {out}" in summary
    assert "users.csv" in summary and " 17 rows" in summary
    assert "model gaussian_copula on cpu: fit " in summary and " s, sample " in summary


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


def test_evaluate_prints_scores_and_files(tmp_path, shop_dir):
    out = tmp_path / "out"
    cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model", "gaussian_copula",
        "--out", str(out))
    report, scores = tmp_path / "report.html", tmp_path / "scores.json"
    result = cli("evaluate", "--real", str(shop_dir), "--synthetic", str(out), "--out",
                 str(report), "--json", str(scores))
    assert result.returncode == 0, result.stderr
    quality = json.loads(scores.read_text())["quality"]
    assert f"quality {quality:.3f}" in result.stdout
    assert f"wrote {report}" in result.stdout and f"wrote {scores}" in result.stdout


def test_save_model_to_an_unwritable_path_is_one_error_line(tmp_path, shop_dir):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("synthesize", "--data", str(shop_dir / "users.csv"), "--model",
                 "gaussian_copula", "--out", str(tmp_path / "o"),
                 "--save-model", str(blocker / "m.syndata"))
    _assert_one_error_line(result, "Cannot write the model file")


HEAVY = ("pandas", "numpy", "sdv", "torch", "rdt", "sklearn", "sdmetrics")


@pytest.mark.parametrize("argv", [
    ["synthesize", "--bogus"], ["sample", "--bogus"], ["evaluate", "--bogus"],
    ["synthesize", "--data", "x", "--model", "nope", "--out", "o"], ["--help"],
])
def test_usage_answers_without_heavy_imports(argv):
    code = ("import sys\nfrom syndata.cli import main\ntry:\n    main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


def _formula_frame() -> pd.DataFrame:
    cells = ["=1+1", "harmless\r=cmd|' /C calc'!A0", "ok\n@SUM(A1)", "a\r\n+x", "plain"]
    return pd.DataFrame({"id": range(40), "note": cells * 8})


@pytest.mark.parametrize("safe", [False, True])
def test_synthesize_and_sample_safe_for_spreadsheets(tmp_path, safe):
    data = tmp_path / "notes.csv"
    _formula_frame().to_csv(data, index=False, lineterminator="\r\n")
    flag = ["--safe-for-spreadsheets"] if safe else []
    model, out, again = tmp_path / "m.syndata", tmp_path / "out", tmp_path / "again"
    result = cli("synthesize", "--data", str(data), "--model", "gaussian_copula", *flag,
                 "--out", str(out), "--save-model", str(model))
    assert result.returncode == 0, result.stderr
    result = cli("sample", "--model-file", str(model), "--rows", "30", *flag, "--out", str(again))
    assert result.returncode == 0, result.stderr
    for folder, rows in ((out, 40), (again, 30)):
        records = list(csv.reader(io.StringIO((folder / "notes.csv").read_bytes().decode(),
                                              newline="")))
        assert len(records) == rows + 1 and all(len(r) == 2 for r in records)
        notes = [r[1] for r in records[1:]]
        starts = {line[:1] for note in notes for line in note.replace("\r", "\n").split("\n")}
        assert bool(starts & set("=+-@")) is not safe


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
    assert f"dropped 3 of {len(orders):,} rows of orders" in result.stderr
