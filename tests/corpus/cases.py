"""The bad and awkward input corpus: every case with the outcome we promise.

Shared by the core tests (``read_csv_bytes``), the CLI tests (``python -m syndata
synthesize``) and the app tests (AppTest uploads). A case either *works* (with the table
shape the core must produce) or is an *error* whose message contains ``message``
(case-insensitive). Files live in ``files/`` (see ``build.py``); the very long table is made
at test time by ``content()`` so the repository stays small.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FILES = Path(__file__).parent / "files"
LONG_ROWS = 100_000


def _long_table() -> bytes:
    rows = [f"{i},{i % 97},{(i * 7) % 1000 / 10},g{i % 5}" for i in range(LONG_ROWS)]
    return ("id,a,b,group\n" + "\n".join(rows) + "\n").encode()


@dataclass(frozen=True)
class CorpusCase:
    """One input and its promised outcome.

    ``kind`` is ``csv`` (one uploaded file, run through ingest and the CLI) or ``metadata``
    (a data folder plus a metadata JSON, CLI only: metadata checks belong to the pipeline).
    ``cli`` is the CLI outcome when it differs from the core one (``None`` = same).
    """

    name: str
    file: str
    outcome: str
    message: str = ""
    shape: tuple[int, int] | None = None
    kind: str = "csv"
    options: dict = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    metadata: str | None = None
    model: str = "gaussian_copula"
    cli: str | None = None
    cli_message: str | None = None
    generate: Callable[[], bytes] | None = None

    def path(self) -> Path:
        return FILES / self.file

    def content(self) -> bytes:
        """The bytes of a csv case (generated ones included)."""
        return self.generate() if self.generate else self.path().read_bytes()

    @property
    def cli_outcome(self) -> str:
        return self.cli or self.outcome

    @property
    def cli_expected_message(self) -> str:
        return self.cli_message if self.cli_message is not None else self.message


WORKS, ERROR = "works", "error"

CASES: tuple[CorpusCase, ...] = (
    # Unusable files: one clear message each.
    CorpusCase("empty", "empty.csv", ERROR, "empty"),
    CorpusCase("whitespace_only", "whitespace_only.csv", ERROR, "empty"),
    CorpusCase("header_only", "header_only.csv", ERROR, "no data rows"),
    CorpusCase("only_delimiters", "only_delimiters.csv", ERROR, "no values"),
    CorpusCase("binary_garbage", "binary_garbage.csv", ERROR, "binary"),
    CorpusCase("png_image", "image.png", ERROR, "PNG image"),
    CorpusCase("png_named_csv", "image_named.csv", ERROR, "PNG image"),
    CorpusCase("xlsx_spreadsheet", "spreadsheet.xlsx", ERROR, "not a CSV"),
    CorpusCase("html_page", "page.html", ERROR, "HTML"),
    CorpusCase("json_file", "data.json", ERROR, "JSON"),
    CorpusCase("ragged_long_row", "ragged_long.csv", ERROR, "line 4 has 4 field"),
    CorpusCase("ragged_short_row", "ragged_short.csv", ERROR, "line 3 has 2 field"),
    CorpusCase("unclosed_quote", "unclosed_quote.csv", ERROR, "never closed"),
    CorpusCase("preamble_without_skip", "preamble.csv", ERROR, "rows to skip"),
    # Awkward but valid: must work.
    CorpusCase("preamble_with_skip", "preamble.csv", WORKS, shape=(2, 3),
               options={"skip_rows": 2}, columns=("id", "name", "score")),
    CorpusCase("utf16_bom", "utf16_bom.csv", WORKS, shape=(4, 4),
               columns=("id", "name", "city", "score")),
    CorpusCase("utf16_without_bom", "utf16_le_nobom.csv", WORKS, shape=(4, 4),
               columns=("id", "name", "city", "score")),
    CorpusCase("latin1", "latin1.csv", WORKS, shape=(3, 3)),
    CorpusCase("cp1252", "cp1252.csv", WORKS, shape=(2, 3)),
    CorpusCase("utf8_bom", "utf8_bom.csv", WORKS, shape=(4, 4), columns=("id",)),
    CorpusCase("crlf", "crlf.csv", WORKS, shape=(3, 3)),
    CorpusCase("cr_only", "cr_only.csv", WORKS, shape=(2, 3)),
    CorpusCase("semicolon", "semicolon.csv", WORKS, shape=(3, 3)),
    CorpusCase("tab_delimited", "tab.tsv", WORKS, shape=(2, 3)),
    CorpusCase("pipe_delimited", "pipe.csv", WORKS, shape=(3, 3)),
    CorpusCase("excel_sep_hint", "sep_hint.csv", WORKS, shape=(2, 2), columns=("id", "name")),
    CorpusCase("duplicate_headers", "duplicate_headers.csv", WORKS, shape=(2, 4),
               columns=("id", "value", "value_2", "value_3")),
    CorpusCase("blank_headers", "blank_headers.csv", WORKS, shape=(2, 4),
               columns=("id", "column_2", "score", "column_4")),
    CorpusCase("trailing_delimiter", "trailing_delimiter.csv", WORKS, shape=(2, 3)),
    CorpusCase("single_row", "single_row.csv", WORKS, shape=(1, 3)),
    CorpusCase("single_column", "single_column.csv", WORKS, shape=(4, 1)),
    CorpusCase("blank_lines", "blank_lines.csv", WORKS, shape=(2, 2)),
    CorpusCase("all_null_column", "all_null_column.csv", WORKS, shape=(4, 3)),
    CorpusCase("mostly_null_column", "mostly_null.csv", WORKS, shape=(20, 3)),
    CorpusCase("mixed_types", "mixed_types.csv", WORKS, shape=(4, 3)),
    CorpusCase("quoted_newlines_commas", "quoted_newlines_commas.csv", WORKS, shape=(2, 3)),
    CorpusCase("unicode_headers", "unicode_headers.csv", WORKS, shape=(2, 4),
               columns=("名前", "prix_€", "größe", "emoji_😀")),
    CorpusCase("formula_cells", "formulas.csv", WORKS, shape=(4, 3)),
    CorpusCase("inf_nan_huge", "inf_nan_huge.csv", WORKS, shape=(4, 4)),
    CorpusCase("datetime_formats", "datetimes.csv", WORKS, shape=(3, 5)),
    CorpusCase("gzip_compressed", "gzipped.csv.gz", WORKS, shape=(4, 4)),
    CorpusCase("zip_with_one_csv", "zipped_one.zip", WORKS, shape=(4, 4)),
    CorpusCase("shift_jis", "shift_jis.csv", WORKS, shape=(3, 3), columns=("id", "名前", "都市")),
    CorpusCase("nul_inside_text", "nul_after_start.csv", WORKS, shape=(2001, 2)),
    CorpusCase("stray_quotes_in_values", "stray_quotes.csv", WORKS, shape=(3, 3)),
    CorpusCase("padded_values", "padded_values.csv", WORKS, shape=(2, 3),
               columns=("id", "name", "score")),
    CorpusCase("header_without_row_name_column", "r_row_names.csv", WORKS, shape=(3, 3),
               columns=("column_1", "id", "score")),
    CorpusCase("header_trailing_delimiter", "header_trailing_delimiter.csv", WORKS,
               shape=(2, 3), columns=("id", "name", "score")),
    CorpusCase("only_an_id_column", "only_id_column.csv", WORKS, shape=(10, 1)),
    CorpusCase("only_unique_text", "unique_text_column.csv", WORKS, shape=(30, 1)),
    CorpusCase("leading_zeros", "leading_zeros.csv", WORKS, shape=(3, 2)),
    CorpusCase("very_wide", "wide_300.csv", WORKS, shape=(5, 300)),
    CorpusCase("very_long_strings", "long_strings.csv", WORKS, shape=(2, 2)),
    CorpusCase("very_long_table", "long_table.csv", WORKS, shape=(LONG_ROWS, 4),
               generate=_long_table),
    # Fidelity (issue 11): read so the synthetic output can match (see test_roundtrip.py).
    CorpusCase("cr_inside_quoted_values", "cr_in_values.csv", WORKS, shape=(30, 3)),
    CorpusCase("cr_only_with_quoted_cr", "cr_only_quoted_cr.csv", WORKS, shape=(3, 2)),
    CorpusCase("mixed_line_endings", "mixed_line_endings.csv", WORKS, shape=(3, 3)),
    CorpusCase("whole_numbers_with_gaps", "int_gaps.csv", WORKS, shape=(40, 3)),
    CorpusCase("integers_beyond_int64", "huge_ints.csv", WORKS, shape=(30, 2)),
    CorpusCase("subnormal_floats", "subnormal_floats.csv", WORKS, shape=(30, 3)),
    CorpusCase("datetimes_with_offsets_and_ms", "datetime_offsets_ms.csv", WORKS,
               shape=(30, 3)),
    CorpusCase("na_as_a_country_code", "country_codes_na.csv", WORKS, shape=(30, 3)),
    CorpusCase("utf8_with_one_bad_byte", "utf8_one_bad_byte.csv", WORKS, shape=(30, 2)),
    # Metadata with data: the pipeline must refuse bad schemas with a clear message.
    CorpusCase("metadata_valid", "shop", WORKS, kind="metadata", model="hma",
               metadata="meta/shop_valid.json"),
    CorpusCase("metadata_not_json", "shop/customers.csv", ERROR, "JSON", kind="metadata",
               metadata="meta/not_json.json"),
    CorpusCase("metadata_unknown_column", "shop/customers.csv", ERROR, "nonexistent_col",
               kind="metadata", metadata="meta/unknown_column.json"),
    CorpusCase("metadata_unknown_table", "shop", ERROR, "suppliers", kind="metadata",
               model="hma", metadata="meta/unknown_table.json"),
    CorpusCase("metadata_cycle", "shop", ERROR, "cycle", kind="metadata", model="hma",
               metadata="meta/cycle.json"),
    CorpusCase("metadata_non_unique_primary_key", "shop_dup_pk", ERROR, "customer_id",
               kind="metadata", model="hma", metadata="meta/shop_valid.json"),
    CorpusCase("metadata_orphan_foreign_keys", "shop_orphans", ERROR, "customer_id",
               kind="metadata", model="hma", metadata="meta/shop_valid.json"),
    CorpusCase("metadata_key_type_mismatch", "shop", ERROR, "customer_id", kind="metadata",
               model="hma", metadata="meta/key_type_mismatch.json"),
)

CSV_CASES = tuple(case for case in CASES if case.kind == "csv")
METADATA_CASES = tuple(case for case in CASES if case.kind == "metadata")
