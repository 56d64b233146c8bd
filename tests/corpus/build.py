"""Write the committed corpus files under ``tests/corpus/files``.

The files are committed so the app (AppTest, a browser) and the CLI can be fed the same
bytes; this script documents how each was made and regenerates them when a case changes:
``.venv/bin/python -m tests.corpus.build``. Big cases (very long tables) are generated at
test time instead, see ``cases.py``.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import struct
import zipfile
import zlib
from pathlib import Path

from tests.specs import table_spec

FILES = Path(__file__).parent / "files"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        archive.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet/>')
    return buffer.getvalue()


def _zip_one(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def _garbage() -> bytes:
    rng = random.Random(6)
    return bytes(rng.randrange(256) for _ in range(2048))


def _rows(header: str, rows: list[str], newline: str = "\n") -> str:
    return newline.join([header, *rows]) + newline


PEOPLE = _rows(
    "id,name,city,score",
    ["1,Anna,Zürich,3.5", "2,Bernd,Köln,4.0", "3,Çelik,Besançon,2.5", "4,Dóra,Győr,5.0"],
)
SHOP_CUSTOMERS = _rows(
    "customer_id,segment,age",
    ["1,retail,34", "2,business,51", "3,retail,28", "4,retail,45", "5,business,39",
     "6,retail,23"],
)
SHOP_ORDERS = _rows(
    "order_id,customer_id,amount",
    ["10,1,20.5", "11,1,13.0", "12,2,99.9", "13,3,5.25", "14,3,7.5", "15,4,42.0",
     "16,5,18.0", "17,6,3.0", "18,6,61.5", "19,2,15.0"],
)


def _metadata(tables: dict, relationships: list | None = None) -> str:
    return json.dumps(
        {"METADATA_SPEC_VERSION": "V1", "tables": tables, "relationships": relationships or []},
        indent=2,
    )


_CUSTOMERS_META = table_spec(
    {"customer_id": "id", "segment": "categorical", "age": "numerical"}, primary_key="customer_id"
)
_ORDERS_META = table_spec(
    {"order_id": "id", "customer_id": "id", "amount": "numerical"}, primary_key="order_id"
)
_SHOP_LINK = {
    "parent_table_name": "customers",
    "parent_primary_key": "customer_id",
    "child_table_name": "orders",
    "child_foreign_key": "customer_id",
}


def contents() -> dict[str, bytes]:
    """Relative path -> bytes of every committed corpus file."""
    wide_header = ",".join(f"c{i}" for i in range(300))
    wide_rows = [",".join(str(r * 300 + i) for i in range(300)) for r in range(5)]
    long_text = "lorem ipsum " * 12_000
    orphan_orders = SHOP_ORDERS.replace("19,2,15.0", "19,99,15.0")
    dup_customers = SHOP_CUSTOMERS.replace("6,retail,23", "5,retail,23")
    cycle = [
        _SHOP_LINK,
        {"parent_table_name": "orders", "parent_primary_key": "order_id",
         "child_table_name": "customers", "child_foreign_key": "customer_id"},
    ]
    mismatch_customers = {
        **_CUSTOMERS_META,
        "columns": {**_CUSTOMERS_META["columns"], "customer_id": {"sdtype": "id",
                                                                   "regex_format": "C[0-9]{3}"}},
    }
    mismatch_orders = {
        **_ORDERS_META,
        "columns": {**_ORDERS_META["columns"], "customer_id": {"sdtype": "numerical"}},
    }
    text = {
        "header_only.csv": "id,name,score\n",
        "whitespace_only.csv": "  \n\n \t\n",
        "only_delimiters.csv": ",,,\n,,,\n",
        "utf8_bom.csv": "\ufeff" + PEOPLE,
        "crlf.csv": _rows("id,name,score", ["1,Anna,3.5", "2,Bernd,4.0", "3,Cleo,2.5"], "\r\n"),
        "cr_only.csv": _rows("id,name,score", ["1,Anna,3.5", "2,Bernd,4.0"], "\r"),
        "semicolon.csv": _rows("id;name;price", ["1;Anna;3,5", "2;Bernd;4,25", "3;Cleo;10"]),
        "tab.tsv": _rows("id\tname\tscore", ["1\tAnna, K.\t3.5", "2\tBernd\t4.0"]),
        "pipe.csv": _rows("id|name|score", ["1|Anna|3.5", "2|Bernd|4.0", "3|Cleo|1.0"]),
        "sep_hint.csv": "sep=;\n" + _rows("id;name", ["1;Anna", "2;Bernd"]),
        "duplicate_headers.csv": _rows("id,value,value,value", ["1,a,b,c", "2,d,e,f"]),
        "blank_headers.csv": _rows("id,,score,", ["1,x,3.5,y", "2,z,4.0,w"]),
        "ragged_long.csv": _rows("id,name,score", ["1,Anna,3.5", "2,Bernd,4.0",
                                                   "3,Cleo,Smith,2.5"]),
        "ragged_short.csv": _rows("id,name,score", ["1,Anna,3.5", "2,Bernd", "3,Cleo,2.5"]),
        "trailing_delimiter.csv": _rows("id,name,score", ["1,Anna,3.5,", "2,Bernd,4.0,"]),
        "unclosed_quote.csv": _rows("id,comment", ["1,fine", '2,"never closed', "3,more"]),
        "single_row.csv": _rows("id,name,score", ["1,Anna,3.5"]),
        "single_column.csv": _rows("amount", ["1.5", "2.5", "3.0", "4.0"]),
        "blank_lines.csv": "\n\n" + _rows("id,name", ["1,Anna", "", "2,Bernd", "", ""]),
        "all_null_column.csv": _rows("id,empty,score", ["1,,3.5", "2,,4.0", "3,,2.5",
                                                        "4,,1.0"]),
        "mostly_null.csv": _rows(
            "id,sparse,score",
            [f"{i},{'7.5' if i == 3 else ''},{i / 2}" for i in range(1, 21)],
        ),
        "mixed_types.csv": _rows("id,mixed,flag", ["1,42,true", "2,forty-two,false",
                                                   "3,4.2e1,true", "4,,false"]),
        "quoted_newlines_commas.csv": _rows(
            "id,address,note",
            ['1,"1 Main St,\nSpringfield","said ""hi"", left"', '2,"2 Side Rd","a, b, c"'],
        ),
        "unicode_headers.csv": _rows("名前,prix_€,größe,emoji_😀", ["太郎,3.5,180,ok",
                                                                 "花子,4.0,165,ja"]),
        "formulas.csv": _rows(
            "id,cell,amount",
            ["1,=SUM(A1:A2),-3", "2,+1-2,4", "3,@cmd,-1.5", '4,"=HYPERLINK(""x"")",2'],
        ),
        "inf_nan_huge.csv": _rows(
            "id,value,big,bigint",
            ["1,inf,1e308,123456789012345678901234", "2,-inf,-1e308,2",
             "3,NaN,1e400,3", "4,1.5,1.7976931348623157e308,4"],
        ),
        "datetimes.csv": _rows(
            "id,iso,us,timestamp,text_month",
            ['1,2024-01-02,01/02/2024,2024-01-02T03:04:05Z,"Jan 2, 2024"',
             '2,2024-02-29,02/29/2024,2024-02-29T23:59:59Z,"Feb 29, 2024"',
             '3,2023-12-31,12/31/2023,2023-12-31T00:00:00Z,"Dec 31, 2023"'],
        ),
        "wide_300.csv": _rows(wide_header, wide_rows),
        "long_strings.csv": _rows("id,text", [f'1,"{long_text}"', "2,short"]),
        "stray_quotes.csv": _rows("id,height,remark", ['1,5\'10",tall', '2,6\'1",say "hi"',
                                                       "3,5'2\",ok"]),
        "padded_values.csv": _rows("id , name , score ", ["1 , Anna , 3.5 ", "2 , Bernd , 4 "]),
        "r_row_names.csv": _rows('"id","score"', ['"1",7,3.5', '"2",8,4.0', '"3",9,1.5']),
        "header_trailing_delimiter.csv": _rows("id,name,score,", ["1,Anna,3.5", "2,Bernd,4.0"]),
        "only_id_column.csv": _rows("id", [str(i) for i in range(1, 11)]),
        "unique_text_column.csv": _rows("note", [f"unique remark number {i} about the order"
                                                 for i in range(30)]),
        "leading_zeros.csv": _rows("zip,amount", ["01234,1", "98765,2", "00501,3"]),
        "preamble.csv": _rows("Sales report 2024", ["generated by tool", "id,name,score",
                                                    "1,Anna,3.5", "2,Bernd,4.0"]),
        # Fidelity (issue 11): each must come back with its rows, types and formats.
        "cr_in_values.csv": _rows(
            "id,note,score", [f'{i},"first line\rsecond {i % 4}",{i * 1.5}' for i in range(30)]
        ),
        "cr_only_quoted_cr.csv": _rows("id,note", ['1,"a\rb"', '2,"c"', '3,"d\re"'], "\r"),
        "mixed_line_endings.csv": "id,name,score\r\n1,Anna,3.5\n2,Bernd,4.0\r3,Cleo,2.5\n",
        "int_gaps.csv": _rows(
            "id,age,visits", [f"{i},{'' if i % 5 == 0 else 20 + i},{i % 7}" for i in range(40)]
        ),
        "huge_ints.csv": _rows(
            "id,account", [f"{i},{12345678901234567890123 + i * 7919}" for i in range(30)]
        ),
        "subnormal_floats.csv": _rows(
            "id,tiny,small",
            [f"{i},{['4.9e-324', '1e-310', '2.5e-315', '1e-320', '3e-308'][i % 5]},"
             f"{(i + 1) * 1.25e-310}" for i in range(30)],
        ),
        "datetime_offsets_ms.csv": _rows(
            "id,at,logged",
            [f"{i},2023-05-{1 + i % 28:02d}T10:{i:02d}:00+05:30,"
             f"2023-05-{1 + i % 28:02d} 10:00:{i:02d}.{i * 37 % 1000:03d}" for i in range(30)],
        ),
        "country_codes_na.csv": _rows(
            "id,country,amount",
            [f"{i},{['NA', 'DE', 'FR', 'US', 'NA', 'GB'][i % 6]},{i * 2.5}" for i in range(30)],
        ),
        "page.html": "<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body>"
                     "</html>\n",
        "data.json": '[{"id": 1, "name": "Anna"}, {"id": 2, "name": "Bernd"}]\n',
        "shop/customers.csv": SHOP_CUSTOMERS,
        "shop/orders.csv": SHOP_ORDERS,
        "shop_orphans/customers.csv": SHOP_CUSTOMERS,
        "shop_orphans/orders.csv": orphan_orders,
        "shop_dup_pk/customers.csv": dup_customers,
        "shop_dup_pk/orders.csv": SHOP_ORDERS,
        "meta/shop_valid.json": _metadata(
            {"customers": _CUSTOMERS_META, "orders": _ORDERS_META}, [_SHOP_LINK]
        ),
        "meta/not_json.json": "{tables: customers, oops\n",
        "meta/unknown_column.json": _metadata(
            {"customers": {**_CUSTOMERS_META, "columns": {**_CUSTOMERS_META["columns"],
                                                          "nonexistent_col": {
                                                              "sdtype": "numerical"}}}}
        ),
        "meta/unknown_table.json": _metadata(
            {"customers": _CUSTOMERS_META, "orders": _ORDERS_META,
             "suppliers": {"columns": {"supplier_id": {"sdtype": "id"}}}}, [_SHOP_LINK]
        ),
        "meta/cycle.json": _metadata({"customers": _CUSTOMERS_META, "orders": _ORDERS_META},
                                     cycle),
        "meta/key_type_mismatch.json": _metadata(
            {"customers": mismatch_customers, "orders": mismatch_orders}, [_SHOP_LINK]
        ),
    }
    out = {name: value.encode("utf-8") for name, value in text.items()}
    out.update({
        "empty.csv": b"",
        "binary_garbage.csv": b"\x00\x01" + _garbage(),
        "image.png": _png(),
        "image_named.csv": _png(),
        "spreadsheet.xlsx": _xlsx(),
        "gzipped.csv.gz": gzip.compress(PEOPLE.encode("utf-8"), mtime=0),
        "zipped_one.zip": _zip_one("people.csv", PEOPLE.encode("utf-8")),
        "shift_jis.csv": _rows("id,名前,都市", ["1,太郎,東京", "2,花子,大阪", "3,次郎,名古屋"]
                               ).encode("shift_jis"),
        "nul_after_start.csv": (_rows("id,text", [f"{i},row {i}" for i in range(2000)])
                                + "2000,bad\x00value\n").encode("utf-8"),
        "utf8_one_bad_byte.csv": (_rows("id,label", [f"{i},{c}" for i, c in enumerate(
            ["Köln", "Zürich", "Besançon", "Győr", "Málaga"] * 6)]).encode("utf-8")
            .replace("Győr".encode(), "Gy\u0151r".encode() + b"\xff", 1)),
        "utf16_bom.csv": PEOPLE.encode("utf-16"),
        "utf16_le_nobom.csv": PEOPLE.encode("utf-16-le"),
        "latin1.csv": _rows("id,name,city", ["1,Müller,Zürich", "2,Ångström,Besançon",
                                              "3,Strauß,Köln"]).encode("latin-1"),
        "cp1252.csv": _rows("id,item,price", ["1,\u201cquoted\u201d,5 \u20ac",
                                               "2,caf\u00e9,3 \u20ac"]).encode("cp1252"),
    })
    return out


def main() -> None:
    for name, data in contents().items():
        path = FILES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    main()
