"""Every CSV case of the corpus through the core reader: works with its shape, or a clear error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from syndata import ingest
from syndata.errors import IngestError
from syndata.ingest import CsvOptions, read_csv_bytes
from tests.corpus import cases as corpus

BY_NAME = {case.name: case for case in corpus.CSV_CASES}


def _read(name: str) -> pd.DataFrame:
    case = BY_NAME[name]
    return read_csv_bytes(case.content(), Path(case.file).name, CsvOptions(**case.options))


def test_corpus_is_big_enough():
    assert len(corpus.CASES) >= 30
    assert len({case.name for case in corpus.CASES}) == len(corpus.CASES)


@pytest.mark.parametrize("case", corpus.CSV_CASES, ids=lambda case: case.name)
def test_case(case):
    filename = Path(case.file).name
    options = CsvOptions(**case.options)
    if case.outcome == corpus.ERROR:
        with pytest.raises(IngestError) as caught:
            read_csv_bytes(case.content(), filename, options)
        message = str(caught.value)
        assert case.message.lower() in message.lower()
        assert filename in message, "the message must name the file"
        assert "\n" not in message, "one line, so the CLI prints exactly one line"
    else:
        frame = read_csv_bytes(case.content(), filename, options)
        assert frame.shape == case.shape
        assert list(frame.columns)[: len(case.columns)] == list(case.columns)
        assert frame.columns.is_unique
        assert all(isinstance(name, str) and name for name in frame.columns)


def test_encodings_decode_the_accented_text():
    assert list(_read("latin1")["name"]) == ["Müller", "Ångström", "Strauß"]
    assert _read("cp1252")["price"].iloc[0] == 5  # "5 €": a number, its € kept to write back
    assert _read("cp1252").attrs["syndata_text_formats"]["price"].suffix == " €"
    assert _read("cp1252")["item"].iloc[0] == "\u201cquoted\u201d"
    assert list(_read("utf16_bom")["city"]) == list(_read("utf16_without_bom")["city"])
    assert _read("utf16_bom")["city"].iloc[0] == "Zürich"


def test_dialects_keep_values_intact():
    semicolon = _read("semicolon")
    assert list(semicolon["price"]) == [3.5, 4.25, 10.0]
    quoted = _read("quoted_newlines_commas")
    assert quoted["address"].iloc[0] == "1 Main St,\nSpringfield"
    assert quoted["note"].iloc[0] == 'said "hi", left'
    assert _read("tab_delimited")["name"].iloc[0] == "Anna, K."
    assert _read("crlf")["score"].dtype == np.float64
    assert not any(value.endswith("\r") for value in _read("crlf")["name"])


def test_types_are_inferred_conservatively():
    mixed = _read("mixed_types")
    assert mixed["mixed"].dtype == object
    assert mixed["id"].dtype == np.int64
    assert mixed["flag"].dtype == bool
    zeros = _read("leading_zeros")
    assert list(zeros["zip"]) == ["01234", "98765", "00501"]
    assert _read("all_null_column")["empty"].isna().all()
    assert _read("mostly_null_column")["sparse"].notna().sum() == 1


def test_infinities_become_missing_and_are_reported():
    frame = _read("inf_nan_huge")
    assert frame["value"].isna().sum() == 3
    assert np.isfinite(frame["big"].dropna()).all()
    assert frame["big"].isna().sum() == 1
    assert frame["bigint"].iloc[0] == "123456789012345678901234"
    assert any("infinite" in note for note in frame.attrs["ingest_notes"])


def test_long_strings_are_kept_whole():
    frame = _read("very_long_strings")
    assert len(frame["text"].iloc[0]) > 131_072


def test_formula_cells_are_read_verbatim():
    frame = _read("formula_cells")
    assert list(frame["cell"]) == ["=SUM(A1:A2)", "+1-2", "@cmd", '=HYPERLINK("x")']
    assert frame["amount"].dtype == np.float64


@pytest.mark.parametrize(
    "case", [c for c in corpus.CSV_CASES if c.outcome == corpus.WORKS], ids=lambda c: c.name
)
def test_fast_and_careful_readers_agree(case, monkeypatch):
    filename = Path(case.file).name
    options = CsvOptions(**case.options)
    fast = read_csv_bytes(case.content(), filename, options)
    monkeypatch.setattr(ingest, "_read_fast", lambda *args: None)
    careful = read_csv_bytes(case.content(), filename, options)
    pd.testing.assert_frame_equal(fast, careful)
    assert fast.attrs == careful.attrs


def test_packed_and_legacy_files_read_like_the_plain_one():
    plain = _read("utf8_bom")
    pd.testing.assert_frame_equal(_read("gzip_compressed"), plain)
    pd.testing.assert_frame_equal(_read("zip_with_one_csv"), plain)
    assert list(_read("shift_jis")["都市"]) == ["東京", "大阪", "名古屋"]


def test_stray_quotes_and_nul_characters():
    assert list(_read("stray_quotes_in_values")["height"]) == ["5'10\"", "6'1\"", "5'2\""]
    frame = _read("nul_inside_text")
    assert frame["text"].iloc[-1] == "badvalue"
    assert any("NUL" in note for note in frame.attrs["ingest_notes"])
