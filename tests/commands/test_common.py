"""What the commands share: argument types, reading the input, the output flags, the bar."""

import argparse
import csv
import io
import json

import pandas as pd
import pytest

from syndata.commands.common import (
    load_input,
    na_values,
    positive_float,
    positive_int,
    progress_bar,
    setting,
    unlinked_keys,
)
from syndata.errors import SyndataError
from syndata.metadata import Schema
from syndata.progress import Progress
from tests.commands.running import cli


@pytest.mark.parametrize("parse, text, message", [
    (positive_int, "0", "must be at least 1, not 0"),
    (positive_int, "2.5", "'2.5' is not a whole number"),
    (positive_float, "-1", "must be a number above 0, not -1"),
    (positive_float, "inf", "must be a number above 0, not inf"),
    (positive_float, "nan", "must be a number above 0, not nan"),
    (positive_float, "lots", "'lots' is not a number"),
    (setting, "precision", "'precision' is not NAME=VALUE"),
    (setting, "=3", "'=3' is not NAME=VALUE"),
])
def test_argument_types_refuse_with_the_reason(parse, text, message):
    with pytest.raises(argparse.ArgumentTypeError) as caught:
        parse(text)
    assert str(caught.value) == message


def test_argument_types_read_what_they_accept():
    assert positive_int("7") == 7 and positive_float("0.25") == 0.25
    assert setting(" hidden-size = 32 ") == ("hidden_size", "32")
    assert setting("note=a=b") == ("note", "a=b")
    assert na_values("NA, NULL,,NA") == ("NA", "NULL")
    assert na_values("") == ()


def test_a_detected_folder_links_its_tables(shop_dir, capsys):
    tables, schema = load_input([str(shop_dir)], None)
    assert sorted(tables) == ["orders", "users"]
    assert [(r.parent, r.child, r.child_key) for r in schema.relationships] == [
        ("users", "orders", "user_id")]
    assert "is named like the key" not in capsys.readouterr().err


def test_a_metadata_file_must_name_tables_the_data_has(shop_dir, tmp_path, shop):
    metadata = tmp_path / "meta.json"
    meta = Schema.detect(shop).to_dict()
    meta["tables"]["refunds"] = meta["tables"]["orders"]
    metadata.write_text(json.dumps(meta))
    with pytest.raises(SyndataError, match=r"names table\(s\) \['refunds'\].*Name each CSV"):
        load_input([str(shop_dir)], str(metadata))


def test_a_key_with_many_orphans_is_named_in_a_note(shop):
    orders = shop["orders"].copy()
    orders.loc[:99, "user_id"] = orders.loc[:99, "user_id"] + 1000
    tables = {"users": shop["users"], "orders": orders}
    schema = Schema.detect(tables)
    assert not schema.relationships
    distinct = orders["user_id"].nunique()
    orphans = orders.loc[:99, "user_id"].nunique()
    assert unlinked_keys(schema, tables) == [
        f"orders.user_id is named like the key of users but is not linked to it ({orphans:,} "
        f"of its {distinct:,} distinct values are not in users.user_id). To keep the link, "
        "pass --metadata with that relationship (and --drop-orphans for the rows without a "
        "parent)."]


def test_the_progress_bar_stays_off_a_stderr_that_is_not_a_terminal(capsys):
    with progress_bar("fit") as update:
        update(Progress("fit", 0.5, "epoch 1 of 2", loss=0.25))
        update(Progress("fit", 1.7, "done"))
    assert capsys.readouterr().err == ""


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
