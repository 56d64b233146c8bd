"""Numbers and booleans come back in the input's text format, through the CLI and the ZIP.

``$1,234.50``, ``1.234,50 €``, ``12%``, ``(45)``, ``+7``, ``4.188e+00``, ``32,74`` and
``TRUE`` are read as numbers and booleans (so a unique money column is no id) and written
back as they were: every synthetic cell must match its column's pattern.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from syndata.cli import main
from syndata.export import zip_tables
from syndata.ingest import read_csv_bytes
from syndata.text_formats import TEXT_FORMATS_KEY, TextFormat, format_values, parse_formatted

ROWS = 40
COMMA_PATTERNS = {
    "price": r"\(?\$\d{1,3}(,\d{3})*\.\d{2}\)?",
    "rate": r"\d+%",
    "amount": r"\(\d+\)|\d+",
    "delta": r"[+-][1-9]|0",
    "x": r"\d\.\d{3}e[+-]\d{2}",
    "flag": r"TRUE|FALSE",
    "count": r"\d{1,3}(,\d{3})*",
}
SEMICOLON_PATTERNS = {"preis": r"\d+,\d{2}", "betrag": r"\d{1,3}(\.\d{3})*,\d{2} €"}


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDATA_CONFIG_DIR", str(tmp_path / "config"))


def _comma_file(path: Path) -> Path:
    r = random.Random(1)
    lines = [",".join(COMMA_PATTERNS)]
    for i in range(ROWS):
        money = r.uniform(-5000, 5000)
        price = f'"(${-money:,.2f})"' if money < 0 else f'"${money:,.2f}"'
        amount = f"({r.randint(1, 90)})" if i % 3 else str(r.randint(1, 90))
        flag = "" if i % 7 == 0 else r.choice(["TRUE", "FALSE"])
        lines.append(f"{price},{r.randint(0, 100)}%,{amount},{r.randint(-9, 9):+d},"
                     f"{r.uniform(1, 9):.3e},{flag},\"{r.randint(1000, 900000):,}\"")
    path.write_text("\n".join(lines) + "\n")
    return path


def _semicolon_file(path: Path) -> Path:
    r = random.Random(2)
    lines = ["id;preis;betrag"]
    for i in range(ROWS):
        euros = f"{r.randint(0, 99999):,}".replace(",", ".")
        preis = f"{r.uniform(1, 60):.2f}".replace(".", ",")
        lines.append(f"{i};{preis};{euros},{r.randint(0, 99):02d} €")
    path.write_text("\n".join(lines) + "\n")
    return path


def _columns(path: Path) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(), newline=""), strict=True))
    return {name: [row[i] for row in rows[1:]] for i, name in enumerate(rows[0])}


def _assert_formats(columns: dict[str, list[str]], patterns: dict[str, str]) -> None:
    for name, pattern in patterns.items():
        cells = [cell for cell in columns[name] if cell != ""]
        assert len(cells) >= ROWS * 0.7, f"{name}: came back mostly empty"
        bad = [cell for cell in cells if not re.fullmatch(pattern, cell)]
        assert not bad, f"{name}: {bad[:3]} do not match {pattern}"
        assert len(set(cells)) > 1, f"{name}: one value only"


def test_the_reader_types_formatted_numbers_and_records_their_format(tmp_path):
    frame = read_csv_bytes(_comma_file(tmp_path / "f.csv").read_bytes(), "f.csv")
    assert all(pd.api.types.is_numeric_dtype(frame[c])
               for c in ["price", "rate", "amount", "delta", "x", "count"])
    formats = frame.attrs[TEXT_FORMATS_KEY]
    assert formats["price"] == TextFormat(thousands=",", prefix="$", parens=True, digits=2)
    assert formats["x"] == TextFormat(exponent="e", digits=3)
    assert formats["flag"] == TextFormat(true="TRUE", false="FALSE")
    assert formats["delta"].plus and formats["amount"].parens
    semi = read_csv_bytes(_semicolon_file(tmp_path / "s.csv").read_bytes(), "s.csv")
    assert semi.attrs[TEXT_FORMATS_KEY]["betrag"] == TextFormat(
        decimal=",", thousands=".", suffix=" €", digits=2)
    assert semi.attrs[TEXT_FORMATS_KEY]["preis"] == TextFormat(decimal=",", digits=2)


@pytest.mark.parametrize("values", [["007", "008"], ["192.168.100.200", "10.0.0.1"],
                                    ["12 345", "10 000"], ["A12", "B13"], ["1,5", "2,25 x"]])
def test_codes_and_addresses_stay_text(values):
    assert parse_formatted(pd.Series(values)) is None


def test_writing_puts_the_format_back():
    fmt = TextFormat(thousands=".", decimal=",", suffix=" €", digits=2, parens=True)
    assert format_values(pd.Series([-1234567.891, 5.0, None]), fmt).tolist()[:2] == [
        "(1.234.567,89 €)", "5,00 €"]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("model", ["gaussian_copula", "irgan"])
def test_cli_output_keeps_the_text_formats(model, tmp_path):
    for make, patterns in [(_comma_file, COMMA_PATTERNS), (_semicolon_file, SEMICOLON_PATTERNS)]:
        path = make(tmp_path / f"{make.__name__}.csv")
        out = tmp_path / make.__name__
        assert main(["synthesize", "--data", str(path), "--model", model, "--epochs", "1",
                     "--seed", "0", "--out", str(out)]) == 0
        _assert_formats(_columns(out / f"{make.__name__.lstrip('_')}.csv"), patterns)


def test_a_saved_model_and_the_zip_download_keep_the_text_formats(tmp_path):
    path = _comma_file(tmp_path / "money.csv")
    model_file = tmp_path / "m.syndata"
    assert main(["synthesize", "--data", str(path), "--model", "gaussian_copula", "--seed",
                 "0", "--out", str(tmp_path / "first"), "--save-model", str(model_file)]) == 0
    assert main(["sample", "--model-file", str(model_file), "--seed", "3",
                 "--out", str(tmp_path / "again")]) == 0
    _assert_formats(_columns(tmp_path / "again" / "money.csv"), COMMA_PATTERNS)

    from syndata.export import load_model
    model = load_model(model_file.read_bytes())
    tables = model.sample(scale=1.0, seed=4)
    assert pd.api.types.is_float_dtype(tables["money"]["price"])  # typed in memory
    with zipfile.ZipFile(io.BytesIO(zip_tables(tables, model.info.metadata))) as archive:
        (tmp_path / "zipped.csv").write_bytes(archive.read("money.csv"))
    _assert_formats(_columns(tmp_path / "zipped.csv"), COMMA_PATTERNS)

