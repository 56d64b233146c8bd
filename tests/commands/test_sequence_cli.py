"""``--sequence TABLE=KEY:INDEX``: PAR through the CLI, and sequence checks in evaluate."""

import json

import pandas as pd
import pytest

from syndata.cli import main
from tests.commands.running import assert_one_error_line, cli
from tests.sequences import events


@pytest.fixture()
def events_csv(tmp_path):
    path = tmp_path / "events.csv"
    events().to_csv(path, index=False)
    return path


def test_par_synthesizes_and_evaluate_checks_the_sequences(tmp_path, events_csv):
    out = tmp_path / "out"
    assert main(["synthesize", "--data", str(events_csv), "--model", "par", "--epochs", "1",
                 "--sequence", "events=account_id:time", "--out", str(out)]) == 0
    meta = json.loads((out / "metadata.json").read_text())["tables"]["events"]
    assert (meta["sequence_key"], meta["sequence_index"]) == ("account_id", "time")
    assert pd.read_csv(out / "events.csv")["account_id"].nunique() == 30
    scores = tmp_path / "scores.json"
    assert main(["evaluate", "--real", str(events_csv), "--synthetic", str(out), "--out",
                 str(tmp_path / "r.html"), "--json", str(scores)]) == 0
    checks = json.loads(scores.read_text())["sequences"]["events"]
    assert set(checks) >= {"lengths", "gaps", "transitions", "ordered_synthetic", "score"}
    assert 0 <= checks["score"] <= 1
    assert "Sequences" in (tmp_path / "r.html").read_text()


def test_a_flag_not_table_key_index_is_one_error_line(tmp_path, events_csv):
    result = cli("synthesize", "--data", str(events_csv), "--model", "par",
                 "--sequence", "events", "--out", str(tmp_path / "o"))
    assert_one_error_line(result, "is not TABLE=KEY:INDEX")


@pytest.mark.parametrize("flags, words", [
    (["--sequence", "events=account_id:state"], "must be a datetime or numerical"),
    (["--sequence", "orders=account_id:time"], "no table named 'orders'"),
    ([], "mark"),
])
def test_a_sequence_par_cannot_use_is_one_error_line(tmp_path, events_csv, capsys, flags,
                                                     words):
    code = main(["synthesize", "--data", str(events_csv), "--model", "par", "--epochs", "1",
                 *flags, "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("error: ") and words in err[0]
    assert not (tmp_path / "o").exists()
