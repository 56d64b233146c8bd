import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from syndata.export import table_csv, write_tables, zip_tables
from syndata.metadata import Schema

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Cells a reader could split into a new cell starting with a formula; the header too.
ATTACKS = {
    "note\r=HYPERLINK()": [
        "harmless\r=cmd|' /C calc'!A0", "harmless\n=cmd|' /C calc'!A0",
        "harmless\r\n@SUM(A1)", "a\r\r+x", "\r=1", "=1+1", "-2+3", "ok\nfine", None,
    ],
    "amount": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
}


def _attacks() -> pd.DataFrame:
    frame = pd.DataFrame(ATTACKS)
    frame["kind"] = pd.Categorical(frame["note\r=HYPERLINK()"])
    return frame


def _lines(cell: str) -> list[str]:
    return cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _assert_no_formula_start(cells: list[str]) -> None:
    """No cell, nor any line of a cell, starts like a formula (plain numbers aside)."""
    risky = [c for c in cells for line in _lines(c)
             if line.startswith(FORMULA_STARTS) and not _is_number(line)]
    assert not risky, risky


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


def test_a_bare_carriage_return_stays_inside_its_cell():
    """Without neutralising too: an unquoted CR split the row for every reader."""
    frame = _attacks()
    data = table_csv(frame)
    records = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert len(records) == len(frame) + 1 and {len(r) for r in records} == {3}
    back = pd.read_csv(io.BytesIO(data), keep_default_na=False)
    assert list(back.columns) == list(frame.columns)
    assert list(back["kind"]) == [c or "" for c in ATTACKS["note\r=HYPERLINK()"]]


def test_a_table_without_carriage_returns_keeps_lf_line_ends(shop):
    assert table_csv(shop["users"]) == shop["users"].to_csv(index=False).encode()


def _safe_csvs() -> dict[str, bytes]:
    """The same table through each export path with neutralising on."""
    frame = _attacks()
    archive = zipfile.ZipFile(io.BytesIO(zip_tables({"t": frame}, {}, neutralise=True)))
    return {"table_csv": table_csv(frame, neutralise=True), "zip": archive.read("t.csv")}


@pytest.mark.parametrize("path", ["table_csv", "zip"])
def test_safe_export_read_back_by_python_csv(path):
    records = list(csv.reader(io.StringIO(_safe_csvs()[path].decode(), newline="")))
    assert len(records) == len(_attacks()) + 1 and {len(r) for r in records} == {3}
    _assert_no_formula_start([cell for record in records for cell in record])


@pytest.mark.parametrize("path", ["table_csv", "zip"])
def test_safe_export_read_back_by_pandas(path):
    back = pd.read_csv(io.BytesIO(_safe_csvs()[path]), keep_default_na=False)
    assert len(back) == len(_attacks()) and back["amount"].iloc[0] == -1.5
    _assert_no_formula_start([*back.columns, *back["kind"], *back.iloc[:, 0]])


def test_safe_export_read_back_by_line_splitting_reader():
    """A reader that ignores quoting and splits on every line break and comma."""
    text = _safe_csvs()["table_csv"].decode()
    _assert_no_formula_start([cell.strip('"') for line in _lines(text)
                              for cell in line.split(",")])


def _libreoffice_cells(data: bytes, tmp_path: Path) -> tuple[int, list[str]]:
    """(formula cells, text cells) of ``data`` opened as CSV by LibreOffice Calc."""
    tmp_path.mkdir()
    source = tmp_path / "t.csv"
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation={profile}", "--headless",
         "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    book = zipfile.ZipFile(tmp_path / "t.xlsx")
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
    texts = ["".join(t.text or "" for t in si.iter(f"{{{ns['x']}}}t"))
             for si in strings.findall("x:si", ns)]
    return len(sheet.findall(".//x:f", ns)), texts


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)")
def test_safe_export_opened_by_libreoffice(tmp_path):
    formulas, texts = _libreoffice_cells(table_csv(_attacks()), tmp_path / "plain")
    assert formulas > 0  # the check sees formulas: "=1+1" is one when not neutralised
    formulas, texts = _libreoffice_cells(_safe_csvs()["zip"], tmp_path / "safe")
    assert formulas == 0
    _assert_no_formula_start(texts)
    assert "harmless\n'=cmd|' /C calc'!A0" in texts
