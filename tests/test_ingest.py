"""CSV options, detection, names and path loading of syndata.ingest."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile

import numpy as np
import pandas as pd
import pytest

from syndata import ingest
from syndata.errors import IngestError
from syndata.ingest import CsvOptions, load_paths, read_csv_bytes, table_name_for
from syndata.text_formats import TEXT_FORMATS_KEY, TextFormat

SIMPLE = b"id,name,score\n1,Anna,3.5\n2,Bernd,4.0\n"


def test_header_row_is_used_for_names():
    frame = read_csv_bytes(SIMPLE, "s.csv")
    assert list(frame.columns) == ["id", "name", "score"]
    assert frame.shape == (2, 3)


def test_without_header_every_row_is_data():
    frame = read_csv_bytes(SIMPLE, "s.csv", CsvOptions(has_header=False))
    assert list(frame.columns) == ["column_1", "column_2", "column_3"]
    assert frame.shape == (3, 3)
    assert frame["column_1"].iloc[0] == "id"


def test_skip_rows_drops_leading_lines():
    data = b"exported 2024-01-01\n\n" + SIMPLE
    frame = read_csv_bytes(data, "s.csv", CsvOptions(skip_rows=2))
    assert list(frame.columns) == ["id", "name", "score"]
    assert frame.shape == (2, 3)


@pytest.mark.parametrize("bad", [-1, "2", 1.5, True])
def test_skip_rows_must_be_a_whole_number(bad):
    with pytest.raises(IngestError, match="Rows to skip"):
        read_csv_bytes(SIMPLE, "s.csv", CsvOptions(skip_rows=bad))


def test_skipping_everything_is_explained():
    with pytest.raises(IngestError, match="lower the number of rows to skip"):
        read_csv_bytes(SIMPLE, "s.csv", CsvOptions(skip_rows=10))


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(delimiter):
    data = SIMPLE.decode().replace(",", delimiter).encode()
    frame = read_csv_bytes(data, "s.csv")
    assert list(frame.columns) == ["id", "name", "score"]


def test_sniffing_ignores_commas_inside_quotes():
    data = b'name;comment\n"Smith, Anna";"a, b, c"\n"Lee, Bo";"d, e"\n'
    frame = read_csv_bytes(data, "s.csv")
    assert list(frame.columns) == ["name", "comment"]
    assert frame["name"].iloc[0] == "Smith, Anna"


def test_explicit_delimiter_wins_over_sniffing():
    data = b"a;b,c\n1;2,3\n"
    assert list(read_csv_bytes(data, "s.csv", CsvOptions(delimiter=";")).columns) == ["a", "b,c"]
    assert list(read_csv_bytes(data, "s.csv", CsvOptions(delimiter=",")).columns) == ["a;b", "c"]


@pytest.mark.parametrize("alias", ["\\t", "tab"])
def test_tab_can_be_typed(alias):
    data = SIMPLE.replace(b",", b"\t")
    assert read_csv_bytes(data, "s.csv", CsvOptions(delimiter=alias)).shape == (2, 3)


def test_bad_delimiter_option_is_refused():
    with pytest.raises(IngestError, match="single character"):
        read_csv_bytes(SIMPLE, "s.csv", CsvOptions(delimiter=",,"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])
def test_encodings_are_detected(encoding):
    data = "name,city\nRené,Zürich\nAndré,Besançon\n".encode(encoding)
    frame = read_csv_bytes(data, "s.csv")
    assert list(frame.columns) == ["name", "city"]
    assert list(frame["city"]) == ["Zürich", "Besançon"]


def test_explicit_encoding_is_used():
    data = "name\nЖанна\nОлег\n".encode("cp1251")
    frame = read_csv_bytes(data, "s.csv", CsvOptions(encoding="cp1251"))
    assert list(frame["name"]) == ["Жанна", "Олег"]


def test_wrong_explicit_encoding_names_the_line():
    data = "name\nok\nRené\n".encode("latin-1")
    with pytest.raises(IngestError, match=r"s\.csv is not valid utf-8: line 3"):
        read_csv_bytes(data, "s.csv", CsvOptions(encoding="utf-8"))


def test_unknown_encoding_is_refused():
    with pytest.raises(IngestError, match="not a known text encoding"):
        read_csv_bytes(SIMPLE, "s.csv", CsvOptions(encoding="klingon-8"))


def test_numbers_with_thousands_separators_are_numbers_written_back_grouped():
    """Either reading of ``1,234`` (1234 or 1.234) comes back as ``1,234``: the writer
    puts the recorded grouping back, so the output matches the input either way."""
    frame = read_csv_bytes(b'amount\n"1,234"\n"2,000"\n', "s.csv")
    assert frame["amount"].tolist() == [1234, 2000]
    assert frame.attrs[TEXT_FORMATS_KEY]["amount"] == TextFormat(thousands=",")


def test_decimal_commas_are_numbers_where_the_delimiter_is_not_a_comma():
    data = b"id;price;code;amount\n1;3,5;01,5;1.234,5\n2;4,25;02,5;2.000,0\n3;10;03;7\n"
    frame = read_csv_bytes(data, "s.csv")
    assert list(frame["price"]) == [3.5, 4.25, 10.0]
    assert frame["code"].dtype == object
    assert list(frame["amount"]) == [1234.5, 2000.0, 7.0]  # thousands dots beside a comma
    assert frame.attrs[TEXT_FORMATS_KEY]["amount"] == TextFormat(decimal=",", thousands=".")
    assert "column 'price': read decimal commas as numbers" in frame.attrs["ingest_notes"]


def test_numbers_and_missing_values():
    frame = read_csv_bytes(b"a,b,c\n1,2.5,\n2,NA,x\n3,1e3,\n", "s.csv")
    assert frame["a"].dtype == np.int64
    assert frame["b"].dtype == np.float64
    assert np.isnan(frame["b"].iloc[1])
    assert frame["c"].iloc[1] == "x" and frame["c"].isna().sum() == 2


def test_errors_never_leak_parser_exceptions():
    for data in (b"\x00" * 50, b"a,b\n1\n", b'a\n"x\n', b"\xff\xfe\x00"):
        with pytest.raises(IngestError):
            read_csv_bytes(data, "s.csv")


def test_table_names_are_safe_and_unique():
    assert table_name_for("Orders 2024.csv", []) == "Orders_2024"
    assert table_name_for("orders.csv", ["orders"]) == "orders_2"
    assert table_name_for("ORDERS.csv", ["orders", "orders_2"]) == "ORDERS_3"
    assert table_name_for("2024.csv", []) == "t_2024"
    assert table_name_for("café-menü.csv", []) == "cafe_menu"
    assert table_name_for("!!!.csv", []) == "table"
    assert table_name_for("/data/x/../sales.data.csv", []) == "sales_data"
    assert table_name_for("orders.csv.gz", []) == "orders"
    assert table_name_for("orders", []) == "orders"
    assert table_name_for(".csv", []) == "csv"


def test_load_paths_reads_folders_and_files(tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    (folder / "b.csv").write_bytes(SIMPLE)
    (folder / "a.CSV").write_bytes(SIMPLE)
    (folder / "notes.txt").write_text("not a table")
    (folder / "c.tsv.gz").write_bytes(gzip.compress(SIMPLE.replace(b",", b"\t")))
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.csv").write_bytes(b"x\n1\n")
    tables = load_paths([folder, other / "a.csv"])
    assert list(tables) == ["a", "b", "c", "a_2"]
    assert list(tables["c"].columns) == ["id", "name", "score"]
    assert list(tables["a_2"].columns) == ["x"]


def test_load_paths_refuses_missing_and_empty(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        load_paths([tmp_path / "nope.csv"])
    with pytest.raises(IngestError, match="without .csv files"):
        load_paths([tmp_path])


def test_load_paths_reports_the_failing_file(tmp_path):
    (tmp_path / "good.csv").write_bytes(SIMPLE)
    (tmp_path / "bad.csv").write_bytes(b"a,b\n1,2\n1,2,3\n")
    with pytest.raises(IngestError, match=r"bad\.csv line 3"):
        load_paths([tmp_path])


def test_compressed_csv_files_are_unpacked():
    for packed in (gzip.compress(SIMPLE), bz2.compress(SIMPLE), lzma.compress(SIMPLE)):
        frame = read_csv_bytes(packed, "s.csv.gz")
        assert frame.shape == (2, 3)


def test_zip_with_one_csv_is_read_and_others_are_explained():
    def archive(members: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as handle:
            for name, data in members.items():
                handle.writestr(name, data)
        return buffer.getvalue()

    one = archive({"export/data.csv": SIMPLE, "__MACOSX/export/._data.csv": b"\x00\x05"})
    assert read_csv_bytes(one, "s.zip").shape == (2, 3)
    with pytest.raises(IngestError, match="with 2 CSV files. Unzip it"):
        read_csv_bytes(archive({"a.csv": SIMPLE, "b.csv": SIMPLE}), "s.zip")
    with pytest.raises(IngestError, match="Excel workbook"):
        read_csv_bytes(archive({"xl/workbook.xml": b"<workbook/>"}), "book.xlsx")
    with pytest.raises(IngestError, match="damaged or encrypted ZIP"):
        read_csv_bytes(one[:40], "s.zip")


def test_unpacking_is_capped(monkeypatch):
    monkeypatch.setattr(ingest, "_MAX_UNPACKED_BYTES", 1_000)
    bomb = gzip.compress(b"a,b\n" + b"1,2\n" * 10_000)
    with pytest.raises(IngestError, match="unpacks to more than"):
        read_csv_bytes(bomb, "bomb.csv.gz")


def test_text_starting_like_a_magic_number_is_still_text():
    frame = read_csv_bytes(b"BZh_code,PAR1\nx,1\ny,2\n", "s.csv")
    assert list(frame.columns) == ["BZh_code", "PAR1"]


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("shift_jis", "id,名前,都市\n1,太郎,東京\n2,花子,大阪\n3,次郎,名古屋\n"),
        ("gbk", "id,名字,城市\n1,张伟,北京\n2,王芳,上海\n3,李娜,广州\n"),
        ("cp1251", "id,имя,город\n1,Жанна,Москва\n2,Олег,Казань\n3,Ирина,Самара\n"),
    ],
)
def test_non_western_legacy_encodings_are_detected(encoding, text):
    frame = read_csv_bytes(text.encode(encoding), "s.csv")
    expected = pd.read_csv(io.StringIO(text))
    assert list(frame.columns) == list(expected.columns)
    assert frame.iloc[:, 1].tolist() == expected.iloc[:, 1].tolist()


@pytest.mark.timeout(20)
def test_pathological_values_are_read_quickly():
    digits = "1" * 200_000
    data = f"a,b\n1,{digits}x\n2,{digits}\n3,{'9' * 50_000}.5e\n".encode()
    frame = read_csv_bytes(data, "s.csv")
    assert frame["b"].dtype == object
    assert frame["b"].iloc[0].endswith("x")


# ----- fidelity: what is read must be what the file says (issue 11) ------------------------
def _cr_rows(quoted: bool) -> bytes:
    note = '"a\rb {i}"' if quoted else "a\rb {i}"
    rows = [f"{i},{note.format(i=i)},{i / 2}" for i in range(30)]
    return ("id,note,score\n" + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("quoted", [True, False], ids=["quoted", "unquoted"])
def test_a_bare_cr_in_a_lf_file_is_part_of_the_value(quoted):
    frame = read_csv_bytes(_cr_rows(quoted), "cr.csv")
    assert frame.shape == (30, 3)
    assert frame["note"].iloc[3] == "a\rb 3"
    assert frame["score"].dtype == np.float64


def test_a_bare_cr_survives_the_careful_reader_too(monkeypatch):
    monkeypatch.setattr(ingest, "_read_fast", lambda *args: None)
    frame = read_csv_bytes(_cr_rows(False), "cr.csv")
    assert frame.shape == (30, 3)
    assert frame["note"].iloc[0] == "a\rb 0"
    assert any("carriage return" in note for note in frame.attrs["ingest_notes"])


def test_cr_only_file_with_a_quoted_cr():
    frame = read_csv_bytes(b'id,note\r1,"a\rb"\r2,"c"\r3,"d\re"\r', "mac.csv")
    assert list(frame["note"]) == ["a\rb", "c", "d\re"]


def test_mixed_line_endings_still_end_lines_at_a_bare_cr():
    frame = read_csv_bytes(b"a,b\r\n1,2\n3,4\r5,6\n", "mixed.csv")
    assert frame.to_dict("list") == {"a": [1, 3, 5], "b": [2, 4, 6]}


def test_whole_numbers_with_gaps_stay_whole():
    frame = read_csv_bytes(b"age,score,n\n30,1.5,1\n,2.0,2\n41,,3\n", "ages.csv")
    assert frame["age"].dtype == "Int64"
    assert frame["age"].tolist()[::2] == [30, 41] and frame["age"].isna().sum() == 1
    assert frame["score"].dtype == np.float64
    assert frame["n"].dtype == np.int64
    assert frame.to_csv(index=False).splitlines()[1] == "30,1.5,1"


COUNTRIES = b"id,country,amount\n1,NA,3\n2,DE,4\n3,FR,5\n4,NA,6\n"


def test_na_is_kept_as_a_code_in_a_column_of_country_codes():
    frame = read_csv_bytes(COUNTRIES, "c.csv")
    assert list(frame["country"]) == ["NA", "DE", "FR", "NA"]
    assert any("'country': 'NA' kept as a value" in n for n in frame.attrs["ingest_notes"])


def test_na_is_missing_everywhere_when_the_file_uses_it_for_gaps():
    frame = read_csv_bytes(COUNTRIES.replace(b"4,NA,6", b"4,NA,NA"), "c.csv")
    assert frame["country"].isna().sum() == 2
    assert frame["amount"].dtype == "Int64" and frame["amount"].isna().sum() == 1
    notes = frame.attrs["ingest_notes"]
    assert any("'country': 'NA' read as missing, but every other value" in n for n in notes)
    assert "column 'amount': read as missing: 'NA' x1" in notes


def test_missing_value_tokens_can_be_chosen():
    data = b"code,value\nNA,NULL\nDE,1\nNULL,2\n"
    none = read_csv_bytes(data, "c.csv", CsvOptions(na_values=()))
    assert list(none["code"]) == ["NA", "DE", "NULL"]
    assert none["value"].tolist() == ["NULL", "1", "2"]
    only_na = read_csv_bytes(data, "c.csv", CsvOptions(na_values=("NA",)))
    assert only_na["code"].isna().tolist() == [True, False, False]
    default = read_csv_bytes(data, "c.csv")
    assert "column 'value': read as missing: 'NULL' x1" in default.attrs["ingest_notes"]


@pytest.mark.parametrize("bad", ["NA", ("NA", 1)])
def test_missing_value_tokens_must_be_a_list_of_texts(bad):
    with pytest.raises(IngestError, match="missing-value tokens for s.csv"):
        read_csv_bytes(SIMPLE, "s.csv", CsvOptions(na_values=bad))


def _koeln(bad_rows: dict[int, bytes]) -> bytes:
    rows = [b"%d,K\xc3\xb6ln" % i + bad_rows.get(i, b"") for i in range(30)]
    return b"id,city\n" + b"\n".join(rows) + b"\n"


def test_one_bad_byte_in_utf8_is_replaced_and_located():
    frame = read_csv_bytes(_koeln({5: b"\xff"}), "k.csv")
    assert frame["city"].iloc[0] == "Köln"
    assert frame["city"].iloc[5] == "Köln\ufffd"
    assert any("1 undecodable byte sequence(s)" in n and "line 7 column 7 (byte offset 55)" in n
               for n in frame.attrs["ingest_notes"])


def test_a_few_bad_bytes_in_utf8_are_all_listed():
    frame = read_csv_bytes(_koeln({3: b"\xe9", 9: b"\x80\x81", 20: b"\xfe"}), "k.csv")
    assert set(frame["city"]) == {"Köln", "Köln\ufffd"}
    (note,) = [n for n in frame.attrs["ingest_notes"] if "undecodable" in n]
    assert "3 undecodable" in note and "line 5 " in note and "line 22 " in note


def test_true_latin1_and_cp1252_files_are_not_read_as_utf8():
    latin = "id,city\n1,Köln\n2,Zürich\n3,Besançon\n".encode("latin-1")
    assert list(read_csv_bytes(latin, "l.csv")["city"]) == ["Köln", "Zürich", "Besançon"]
    cp1252 = "id,item\n1,\u201cquoted\u201d caf\u00e9\n".encode("cp1252")
    assert read_csv_bytes(cp1252, "w.csv")["item"].iloc[0] == "\u201cquoted\u201d café"


@pytest.mark.parametrize("data", [b"a,b\r\r\n1,x\r\r\n2,y\r\r\n", b"a,b\n1,x\n2,y\r"],
                         ids=["cr_cr_lf", "cr_at_the_end"])
def test_carriage_returns_before_a_line_end_are_line_ends(data):
    frame = read_csv_bytes(data, "t.csv")
    assert frame.to_dict("list") == {"a": [1, 2], "b": ["x", "y"]}
    assert not frame.attrs["ingest_notes"]


def test_a_quoted_crlf_in_a_lf_file_stays_in_its_value():
    frame = read_csv_bytes(b'a,b\n1,"x\r\ny"\n2,z\n', "t.csv")
    assert frame["b"].tolist() == ["x\r\ny", "z"]


def test_integers_beyond_int64_stay_text_with_a_note():
    data = b"id,account\n1,12345678901234567890123\n2,-98765432109876543210\n3,\n"
    frame = read_csv_bytes(data, "a.csv")
    assert frame["account"].tolist()[:2] == ["12345678901234567890123", "-98765432109876543210"]
    assert "column 'account': whole numbers of 19 or more digits, beyond a 64-bit integer, kept " \
           "as text so that no digit is lost" in frame.attrs["ingest_notes"]
    assert not read_csv_bytes(b"id,code\n1,A12\n2,007\n", "c.csv").attrs["ingest_notes"]
