"""``python -m syndata evaluate`` end to end, and its one-line errors."""

import argparse
import json

import pytest

from syndata.commands.evaluate import run
from syndata.errors import SyndataError
from tests.commands.running import cli
from tests.evaluation.shuffling import shuffle_columns


@pytest.fixture
def folders(tmp_path, weather):
    real, synthetic = tmp_path / "real", tmp_path / "synthetic"
    real.mkdir()
    synthetic.mkdir()
    sample = weather.head(200)
    sample.to_csv(real / "weather.csv", index=False)
    shuffle_columns(sample).to_csv(synthetic / "weather.csv", index=False)
    return real, synthetic


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


def test_cli_writes_report_and_scores(folders, tmp_path):
    real, synthetic = folders
    out, scores = tmp_path / "out" / "report.html", tmp_path / "scores.json"
    done = cli(
        "evaluate",
        "--real",
        str(real),
        "--synthetic",
        str(synthetic),
        "--target",
        "weather.temp",
        "--out",
        str(out),
        "--json",
        str(scores),
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(scores.read_text())
    assert 0 <= data["quality"] <= 1 and 0 <= data["diagnostic"] <= 1
    assert "Column Shapes" in data["properties"]
    assert {"exact_copy_share", "dcr_synthetic", "dcr_holdout"} <= set(data["privacy"])
    assert data["utility"]["task"] == "regression"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("change", "message"),
    [("missing", "does not exist"), ("target", "Unknown target")],
)
def test_cli_bad_input_exits_2_with_one_line(folders, tmp_path, change, message):
    real, synthetic = folders
    args = [
        "--real",
        str(tmp_path / "nowhere") if change == "missing" else str(real),
        "--synthetic",
        str(synthetic),
        "--out",
        str(tmp_path / "r.html"),
    ]
    if change == "target":
        args += ["--target", "weather.nope"]
    done = cli("evaluate", *args)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert not (tmp_path / "r.html").exists()


def test_run_rejects_missing_table_and_empty_folder(folders, tmp_path):
    real, synthetic = folders
    (synthetic / "weather.csv").rename(synthetic / "other.csv")
    namespace = argparse.Namespace(
        real=[str(real)],
        synthetic=[str(synthetic)],
        holdout=None,
        metadata=None,
        target=None,
        model=None,
        out=str(tmp_path / "r.html"),
        json=None,
    )
    with pytest.raises(SyndataError, match="synthetic side lacks weather and has other"):
        run(namespace)
    empty = tmp_path / "empty"
    empty.mkdir()
    namespace.synthetic = [str(empty)]
    with pytest.raises(SyndataError, match="without .csv"):
        run(namespace)


def test_run_uses_a_metadata_file(folders, tmp_path, weather_meta):
    real, synthetic = folders
    metadata = tmp_path / "meta.json"
    metadata.write_text(json.dumps(weather_meta))
    namespace = argparse.Namespace(
        real=[str(real)],
        synthetic=[str(synthetic)],
        holdout=None,
        metadata=str(metadata),
        target=None,
        model=None,
        out=str(tmp_path / "r.html"),
        json=str(tmp_path / "s.json"),
    )
    run(namespace)
    assert json.loads((tmp_path / "s.json").read_text())["utility"] is None


def test_cli_takes_csv_files_like_synthesize(folders, tmp_path):
    real, synthetic = folders
    scores = tmp_path / "s.json"
    done = cli(
        "evaluate",
        "--real", str(real / "weather.csv"), "--synthetic", str(synthetic / "weather.csv"),
        "--model", "gaussian_copula", "--out", str(tmp_path / "r.html"), "--json", str(scores),
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(scores.read_text())
    assert data["rows"] == {"weather": {"real": 200, "synthetic": 200}}
    assert data["not_computed"] == []


def test_cli_file_names_that_do_not_match_are_one_clear_line(folders, tmp_path):
    real, synthetic = folders
    renamed = tmp_path / "weather_synthetic.csv"
    renamed.write_bytes((synthetic / "weather.csv").read_bytes())
    done = cli(
        "evaluate",
        "--real", str(real / "weather.csv"), "--synthetic", str(renamed),
        "--out", str(tmp_path / "r.html"),
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: The table names do not match")
    assert "lacks weather and has weather_synthetic" in lines[0]
    assert not (tmp_path / "r.html").exists()


def test_model_choices_are_the_registry():
    import argparse

    from syndata.commands.evaluate import add_parser
    from syndata.models import all_families

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    choices = next(a.choices for a in parser._subparsers._group_actions[0].choices[
        "evaluate"]._actions if a.dest == "model")
    assert set(choices) == {f.name for f in all_families()}


def test_run_evaluates_the_four_table_demo_from_csv(tmp_path):
    from syndata.demos import load_demo
    from syndata.export import write_tables

    demo = load_demo("flights_multi")
    folder = tmp_path / "demo"
    write_tables(demo.tables, demo.schema.to_dict(), folder)
    namespace = argparse.Namespace(
        real=[str(folder)],
        synthetic=[str(folder)],
        holdout=None,
        metadata=None,
        target="flights.arr_delay",
        model="hma",
        out=str(tmp_path / "r.html"),
        json=str(tmp_path / "s.json"),
    )
    run(namespace)
    scores = json.loads((tmp_path / "s.json").read_text())
    assert scores["not_computed"] == []
    assert set(scores["privacy"]["tables"]) == {"airlines", "airports", "planes", "flights"}
    assert scores["utility"]["task"] == "regression"
