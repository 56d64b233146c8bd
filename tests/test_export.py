import io
import json
import zipfile

import pandas as pd

from syndata.export import table_csv, write_tables, zip_tables
from syndata.metadata import Schema


def test_zip_holds_every_table_and_clean_metadata(shop):
    metadata = Schema.detect(shop).to_dict()
    archive = zipfile.ZipFile(io.BytesIO(zip_tables(shop, metadata)))
    assert sorted(archive.namelist()) == ["metadata.json", "orders.csv", "users.csv"]
    users = pd.read_csv(archive.open("users.csv"))
    pd.testing.assert_frame_equal(users, shop["users"])
    meta = json.loads(archive.read("metadata.json"))
    assert "range_values" not in json.dumps(meta) and meta["relationships"]


def test_formula_cells_are_neutralised_only_on_request():
    df = pd.DataFrame({"a": ["=1+1", "ok", "@SUM(A1)"], "b": [-1, 2, 3]})
    assert b"=1+1" in table_csv(df)
    safe = table_csv(df, neutralise=True).decode()
    assert "'=1+1" in safe and "'@SUM(A1)" in safe
    assert ",-1\n" in safe  # numbers are never quoted


def test_write_tables_creates_the_folder(tmp_path, shop):
    paths = write_tables(shop, {"tables": {}}, tmp_path / "new" / "out")
    assert sorted(p.name for p in paths) == ["metadata.json", "orders.csv", "users.csv"]
