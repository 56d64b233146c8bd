"""Read uploaded CSV files into DataFrames, robustly, with errors a user can act on.

Uploads come from spreadsheets, databases and scripts in every encoding and dialect. We
decode the bytes ourselves (BOMs, UTF-16 without a BOM, UTF-8, legacy code pages), refuse
other formats by their signature, unpack gzip/bzip2/xz files and single-CSV ZIPs, sniff the
delimiter on whole records, and read every cell as text before inferring types. Well-formed
files are split by pyarrow's CSV reader (fast); anything irregular is read again with the
``csv`` module, which knows the physical line of every record and can tell a short row from
an empty cell, so the error names the line. No parser exception reaches the user.

Conventions (documented for the UI and the CLI):
- blank header names become ``column_<n>`` (``n`` = 1-based position);
- duplicate header names get a suffix: ``id``, ``id_2``, ``id_3``;
- rows that are entirely empty are skipped; NUL characters are removed;
- a trailing delimiter (on the header or on every row) is ignored, and a header one name
  short of every row (R's ``write.table``) gets an unnamed first column;
- any other row with more or fewer fields than the header is an error naming its line;
- numbers are inferred conservatively: ``1,234`` and ``007`` stay text, except that in a
  file not delimited by commas ``3,5`` is read as 3.5 (European exports);
- ``inf``/``-inf`` (and numbers too large for a float) in a numeric column become missing
  values, because no synthesizer can learn an infinite value;
- whole numbers with gaps are pandas' nullable ``Int64`` (``30`` stays ``30``, not ``30.0``);
- missing values are empty cells and pandas' tokens (``NA``, ``NULL``, ``N/A``, ``NaN``...)
  or the tokens given in ``CsvOptions.na_values``; ``NA`` stays a value in a column of
  2-letter codes (Namibia) unless the file uses it for gaps elsewhere; each column's tokens
  read as missing are noted;
- in a file whose lines end with LF, a carriage return that ends no line is part of its
  value (Python's csv writer leaves such values unquoted);
- a UTF-8 file with a few undecodable bytes stays UTF-8: they become U+FFFD, and the note
  says where;
- what was changed is listed in ``df.attrs["ingest_notes"]`` so the app can show it.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gc
import io
import json
import lzma
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from syndata.errors import IngestError
from syndata.text_formats import TEXT_FORMATS_KEY, TextFormat, learn_plain, parse_formatted

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
NOTES_KEY = "ingest_notes"

# Very long text cells are legitimate (descriptions, JSON blobs); the csv module's default
# limit of 128 KiB per field would reject them with a confusing message. This is process
# wide, which is harmless: no caller relies on the smaller limit.
csv.field_size_limit(2**31 - 1)

_SNIFF_CHARS = 256 * 1024
_SNIFF_RECORDS = 200
_FAST_BLOCK_BYTES = 16 * 1024 * 1024
_MISSING_TOKENS = frozenset(
    {"", "#N/A", "#N/A N/A", "#NA", "-NaN", "-nan", "<NA>", "N/A", "NA", "NULL", "NaN",
     "None", "n/a", "nan", "null"}
)
_NUMBER = re.compile(r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$")
_CODE_LIKE = re.compile(r"^\s*[+-]?(?:0\d|\d{19,}\s*$)")
"""A leading zero (``007``) or 19+ digits: a code or an id, not a quantity."""
_LONG_INTEGER = re.compile(r"\s*[+-]?\d{19,}\s*")
_DECIMAL_COMMA = re.compile(r"\s*[+-]?\d+(?:,\d+)?\s*")
_BARE_CR = re.compile(r"\r(?!\r*(?:\n|\Z))")
_COUNTRY_LIKE = re.compile(r"[A-Z]{2}")
_MAX_BAD_BYTES_LISTED = 5
_UNDECODED = re.compile("[\udc80-\udcff]+")
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Excel (.xls) or Office file"),
    (b"PAR1\x15", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
)
_MAX_UNPACKED_BYTES = 1024**3
_FILE_SUFFIXES = frozenset({"csv", "tsv", "txt", "dat", "gz", "bz2", "xz", "zip", "parquet"})
_DELIMITER_ALIASES = {"\\t": "\t", "tab": "\t", "TAB": "\t", "Tab": "\t"}
_NON_WESTERN_ENCODINGS = frozenset(
    {"cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "gbk", "gb2312", "big5",
     "big5hkscs", "euc_kr", "cp949", "johab", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
     "mac_cyrillic", "cp866", "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256",
     "iso8859_6", "cp874", "tis_620"}
)
"""Legacy encodings we take from charset-normalizer's guess. For Western European text its
guess among the many single-byte code pages is unreliable on short files (Latin-1 read as
cp1250), so there cp1252 is used, which is what Excel writes on Western systems."""
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class CsvOptions:
    """How to read a CSV file; ``None`` means detect it from the bytes."""

    has_header: bool = True
    skip_rows: int = 0
    delimiter: str | None = None
    encoding: str | None = None
    na_values: tuple[str, ...] | None = None
    """Cell texts read as missing; ``None`` is pandas' list (``NA``, ``NULL``, ``n/a``...),
    except that ``NA`` stays a value in a column of 2-letter codes (Namibia) when no other
    column of the file uses it for missing. An empty cell is always missing."""


def read_csv_bytes(data: bytes, filename: str, options: CsvOptions = CsvOptions()) -> pd.DataFrame:
    """Parse the bytes of one uploaded CSV file into a DataFrame.

    Raises ``IngestError`` (naming the file and, where known, the line) for anything that is
    not a usable table; never lets a parser exception escape.
    """
    _check_options(options, filename)
    notes: list[str] = []
    text, encoding = _decode(data, filename, options.encoding, notes)
    text = text.removeprefix("\ufeff")
    lines = io.StringIO(text, newline="")
    for _ in range(options.skip_rows):
        lines.readline()
    rest = lines.read()
    if not rest.strip():
        where = f" after skipping {options.skip_rows} line(s)" if options.skip_rows else ""
        raise IngestError(
            f"{filename} is empty{where}: there is nothing to read. Upload a CSV file with a "
            "header row and at least one data row"
            + (", or lower the number of rows to skip." if options.skip_rows else ".")
        )
    _refuse_other_text_formats(rest, filename)
    nuls = rest.count("\x00")
    if nuls:
        rest = rest.replace("\x00", "")
        notes.append(f"removed {nuls} NUL character(s), which some exports leave in text")
    if encoding not in ("utf-8", "ascii"):
        notes.append(f"read as {encoding}")
    first_line_offset = options.skip_rows
    delimiter = _DELIMITER_ALIASES.get(options.delimiter or "", options.delimiter)
    hint = re.match(r"sep=(.)\r?\n", rest)
    if hint and delimiter is None:
        delimiter = hint.group(1)
        rest = rest[hint.end():]
        first_line_offset += 1
    if delimiter is None:
        delimiter = _sniff_delimiter(rest)
    missing = _Missing.of(options.na_values)
    protected, sentinel = _protect_bare_cr(rest)
    if sentinel:
        try:
            frame = _parse(protected, delimiter, filename, first_line_offset, options.has_header,
                           missing, notes, sentinel)
        except IngestError:
            sentinel = ""  # ragged that way: the bare CRs end lines after all (mixed endings)
        else:
            notes.append(f"kept {len(_BARE_CR.findall(rest))} carriage return(s) that end no "
                         "line (the lines end with \\n) as part of the values")
    if not sentinel:
        frame = _parse(rest, delimiter, filename, first_line_offset, options.has_header,
                       missing, notes, "")
    if delimiter != ",":
        _read_decimal_commas(frame, notes)
    frame.attrs[NOTES_KEY] = notes
    return frame


def _parse(
    text: str, delimiter: str, filename: str, line_offset: int, has_header: bool,
    missing: _Missing, notes: list[str], sentinel: str,
) -> pd.DataFrame:
    """The table of ``text``: the fast reader when it can, else the careful one."""
    with _collector_paused():
        frame = _read_fast(text, delimiter, has_header, missing, notes, sentinel)
        if frame is None:
            records = _split_records(text, delimiter, filename, line_offset)
            frame = _build_frame(records, filename, has_header, missing, notes, sentinel)
    return frame


def _protect_bare_cr(text: str) -> tuple[str, str]:
    """Hide carriage returns that are not part of a CRLF in a file whose lines end with LF.

    Python's ``csv`` writer (and so pandas' ``to_csv``) does not quote a value holding a bare
    CR, and both parsers would end the record there: 30 rows read as 57. In a file with LF
    line endings such a CR is content, so it is swapped for a private-use character the text
    does not contain, and put back in the values. Returns the text and that character, or
    the text unchanged and ``""`` when there is nothing to protect.
    """
    if "\n" not in text or not _BARE_CR.search(text):
        return text, ""
    sentinel = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    return _BARE_CR.sub(sentinel, text), sentinel


def parse_na_values(text: str) -> tuple[str, ...]:
    """``"NA, NULL"`` -> ``("NA", "NULL")``: missing-value tokens as typed in a field or flag.

    An empty text means no token at all: only empty cells are missing.
    """
    return tuple(dict.fromkeys(token.strip() for token in text.split(",") if token.strip()))


def table_name_for(filename: str, taken: Collection[str]) -> str:
    """A safe, unique table name from a file name: ``Orders 2024.csv`` -> ``orders_2024``.

    Uniqueness is checked case-insensitively against ``taken``, because tables are written
    back as ``<name>.csv`` and some file systems do not distinguish case: two uploads called
    ``orders.csv`` become ``orders`` and ``orders_2`` instead of one silently replacing the
    other.
    """
    stem = Path(filename).name
    while True:
        root, dot, suffix = stem.rpartition(".")
        if not dot or not root or suffix.lower() not in _FILE_SUFFIXES:
            break
        stem = root
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9_]+", "_", ascii_stem).strip("_")
    base = re.sub(r"_+", "_", base) or "table"
    if base[0].isdigit():
        base = f"t_{base}"
    used = {name.lower() for name in taken}
    name, counter = base, 2
    while name.lower() in used:
        name = f"{base}_{counter}"
        counter += 1
    return name


def load_paths(
    paths: Sequence[Path], options: CsvOptions = CsvOptions()
) -> dict[str, pd.DataFrame]:
    """Read files and directories (every ``*.csv`` and ``*.parquet`` in it, sorted) into
    named tables."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(f"{path} does not exist. Check the path and try again.")
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and _is_table_file(p))
            if not found:
                raise IngestError(
                    f"{path} is a folder without .csv files or .parquet files. Put the files "
                    "of your tables in it, or pass the files themselves."
                )
            files.extend(found)
        else:
            files.append(path)
    tables: dict[str, pd.DataFrame] = {}
    seen: set[Path] = set()
    for path in files:
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        if path.suffix.lower() == ".parquet":
            from syndata.sources.parquet import read_parquet_file

            tables[table_name_for(path.name, tables)] = read_parquet_file(path)
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            raise IngestError(f"{path} cannot be read ({error.strerror}).") from None
        tables[table_name_for(path.name, tables)] = read_csv_bytes(data, path.name, options)
    return tables


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small lists are built.

    They hold no reference cycles, but their sheer number triggers collection after
    collection: on a 35 MB file that was most of the reading time.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _is_table_file(path: Path) -> bool:
    """``*.csv``, ``*.tsv`` and ``*.parquet`` files, also compressed CSVs
    (``orders.csv.gz``), in a folder."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] in (".gz", ".bz2", ".xz"):
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in (".csv", ".tsv", ".parquet")


def _check_options(options: CsvOptions, filename: str) -> None:
    """Reject option values a UI field or CLI flag might pass through unchecked."""
    skip = options.skip_rows
    if isinstance(skip, bool) or not isinstance(skip, int) or skip < 0:
        raise IngestError(
            f"Rows to skip for {filename} must be a whole number of 0 or more, not {skip!r}."
        )
    tokens = options.na_values
    if tokens is not None and (isinstance(tokens, str)
                               or not all(isinstance(token, str) for token in tokens)):
        raise IngestError(
            f"The missing-value tokens for {filename} must be a list of texts such as "
            f"['NA', 'NULL'], not {tokens!r}."
        )
    delimiter = _DELIMITER_ALIASES.get(options.delimiter or "", options.delimiter)
    if delimiter is not None and (len(delimiter) != 1 or delimiter in "\r\n\"'"):
        raise IngestError(
            f"The delimiter for {filename} must be a single character such as , ; | or a tab, "
            f"not {options.delimiter!r}. Leave it empty to detect it."
        )


def _decode(
    data: bytes, filename: str, encoding: str | None, notes: list[str]
) -> tuple[str, str]:
    """Bytes -> text, refusing binary formats by their signature first."""
    if not data:
        raise IngestError(
            f"{filename} is empty (0 bytes). Upload a CSV file with a header row and data rows."
        )
    data = _unpack(data, filename)
    if not data:
        raise IngestError(f"{filename} holds an empty file. Upload a CSV file with data rows.")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise IngestError(
                f"{filename} is {kind}, not a CSV file. Export or save it as CSV "
                "(comma-separated values) and upload that."
            )
    if encoding is not None:
        return _decode_with(data, filename, encoding), encoding
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_with(data[len(bom):], filename, name), name
    guessed = _guess_utf16(data)
    if guessed:
        try:
            text = data.decode(guessed)
        except UnicodeDecodeError:
            pass
        else:
            _refuse_binary(text, filename)
            return text, guessed
    text = _mostly_utf8(data, notes)
    if text is not None:
        _refuse_binary(text, filename)
        return text, "utf-8"
    for name in [*_legacy_guess(data), "cp1252", "latin-1"]:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        _refuse_binary(text, filename)
        return text, name
    raise IngestError(f"{filename} cannot be decoded as text.")  # latin-1 always decodes


def _mostly_utf8(data: bytes, notes: list[str]) -> str | None:
    """The text when the bytes are UTF-8, or UTF-8 but for a few damaged bytes; else None.

    One bad byte in a UTF-8 file (a truncated export, a pasted Latin-1 name) would make the
    whole file Latin-1 and every accented letter two wrong ones (``KÃ¶ln``). When the file
    holds more valid multi-byte UTF-8 characters than undecodable bytes it is UTF-8: the bad
    bytes become U+FFFD and a note says where. A true Latin-1 or cp1252 file has (almost)
    no valid multi-byte sequences, so it still falls through to the legacy code pages.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    bad = list(_UNDECODED.finditer(text))
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid = non_ascii - sum(m.end() - m.start() for m in bad)
    if valid <= len(bad):
        return None
    places = []
    for match in bad[:_MAX_BAD_BYTES_LISTED]:
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text.count("\n", 0, match.start()) + 1
        offset = len(text[: match.start()].encode("utf-8", errors="surrogateescape"))
        places.append(f"line {line} column {match.start() - line_start + 1} (byte offset {offset})")
    more = f" and {len(bad) - len(places)} more" if len(bad) > len(places) else ""
    notes.append(f"read as UTF-8; {len(bad)} undecodable byte sequence(s) replaced by \ufffd at "
                 f"{', '.join(places)}{more}")
    return _UNDECODED.sub("\ufffd", text)


def _legacy_guess(data: bytes) -> list[str]:
    """A non-Western legacy encoding (Shift-JIS, GBK, cp1251...) when the bytes are not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return []
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return []
    best = from_bytes(data[:_SNIFF_CHARS]).best()
    if best is None or best.encoding not in _NON_WESTERN_ENCODINGS:
        return []
    return [best.encoding]


def _unpack(data: bytes, filename: str) -> bytes:
    """A gzip/bzip2/xz-compressed CSV or a ZIP holding one CSV: the CSV's bytes.

    Office files are ZIP archives too; those are named, so the user knows to save as CSV.
    Unpacking stops at ``_MAX_UNPACKED_BYTES`` so a small "zip bomb" cannot fill memory.
    """
    decompressors = {b"\x1f\x8b": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
                     b"BZh": bz2.BZ2Decompressor, b"\xfd7zXZ\x00": lzma.LZMADecompressor}
    for magic, make in decompressors.items():
        if data.startswith(magic):
            try:
                unpacked = make().decompress(data, _MAX_UNPACKED_BYTES + 1)
            except (OSError, ValueError, EOFError, zlib.error, lzma.LZMAError):
                if magic == b"BZh":
                    return data  # plain text that happens to start with "BZh"
                raise IngestError(
                    f"{filename} is a damaged compressed file. Compress it again or upload the "
                    "CSV itself."
                ) from None
            return _checked_size(unpacked, filename)
    if not data.startswith(b"PK\x03\x04"):
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if not n.startswith("__MACOSX/")]
            office = _office_kind(names)
            if office:
                raise IngestError(
                    f"{filename} is {office}, not a CSV file. Open it and save or export the "
                    "sheet as CSV (comma-separated values), then upload that."
                )
            tables = [n for n in names if n.lower().endswith((".csv", ".tsv", ".txt"))]
            if len(tables) != 1:
                found = f"{len(tables)} CSV files" if tables else "no CSV file"
                raise IngestError(
                    f"{filename} is a ZIP archive with {found}. Unzip it and upload the CSV "
                    "files one by one (or pass the folder)."
                )
            with archive.open(tables[0]) as member:
                return _checked_size(member.read(_MAX_UNPACKED_BYTES + 1), filename)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise IngestError(
            f"{filename} is a damaged or encrypted ZIP archive. Unzip it yourself and upload "
            "the CSV file."
        ) from None


def _office_kind(names: list[str]) -> str | None:
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)"
    if any(n.startswith("word/") for n in names):
        return "a Word document (.docx)"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint file (.pptx)"
    if "content.xml" in names:
        return "an OpenDocument file (.ods/.odt)"
    return None


def _checked_size(unpacked: bytes, filename: str) -> bytes:
    if len(unpacked) > _MAX_UNPACKED_BYTES:
        raise IngestError(
            f"{filename} unpacks to more than {_MAX_UNPACKED_BYTES // 1024**2} MB. Upload a "
            "smaller sample of the rows."
        )
    return unpacked


def _decode_with(data: bytes, filename: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except LookupError:
        raise IngestError(
            f"{encoding!r} is not a known text encoding (for {filename}). Use e.g. utf-8, "
            "latin-1 or cp1252, or leave it empty to detect it."
        ) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(
            f"{filename} is not valid {encoding}: line {line} has bytes that cannot be decoded. "
            "Choose another encoding (e.g. latin-1 or utf-16), or leave it empty to detect it."
        ) from None
    _refuse_binary(text, filename)
    return text


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text leaves every other byte zero."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even_zero = head[0::2].count(0) / len(head[0::2])
    odd_zero = head[1::2].count(0) / len(head[1::2])
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _refuse_binary(text: str, filename: str) -> None:
    """Text with NULs or many control characters is some binary format, not a CSV."""
    sample = text[:8192]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\x0c"
    )
    if "\x00" in sample or controls > max(2, len(sample) // 100):
        raise IngestError(
            f"{filename} looks like a binary file, not a CSV text file. Export the data as CSV "
            "(comma-separated values) and upload that."
        )


def _refuse_other_text_formats(text: str, filename: str) -> None:
    """HTML, XML and JSON are text too, but reading them as CSV gives nonsense tables."""
    head = text.lstrip()[:200].lower()
    kind = None
    if head.startswith(("<!doctype html", "<html")):
        kind = "an HTML page"
    elif head.startswith("<?xml"):
        kind = "an XML document"
    elif head.startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            kind = None
        else:
            kind = "JSON"
    if kind:
        raise IngestError(
            f"{filename} is {kind}, not a CSV file. Export the data as CSV (comma-separated "
            "values) and upload that."
        )


def _sniff_delimiter(text: str) -> str:
    """Pick the candidate that splits the first records into the most consistent widths.

    Scored on whole records (quotes respected), so a comma inside quoted text or a decimal
    comma in a semicolon file does not fool it. A file with one column has no delimiter at
    all; we then return a comma, which reads it as a single column.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        widths = []
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            for record in reader:
                if any(field.strip() for field in record):
                    widths.append(len(record))
                if len(widths) >= _SNIFF_RECORDS:
                    break
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(width == widths[0] for width in widths) / len(widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _split_records(
    text: str, delimiter: str, filename: str, line_offset: int
) -> list[tuple[int, list[str]]]:
    """Split into (physical line number, fields), skipping fully empty records.

    Parsed strictly first so an unclosed quote is reported instead of swallowing the rest
    of the file; if strict parsing only objects to a stray quote inside a field, the
    lenient reading is what a spreadsheet would show, so we use that.
    """
    try:
        return _read_records(text, delimiter, strict=True, line_offset=line_offset)
    except _RecordError as error:
        if "unexpected end of data" in error.message or "new-line character" in error.message:
            raise IngestError(
                f"{filename} line {error.line}: a quoted value starting there is never closed "
                '(a missing ")'
                ". Close the quote or remove it, then upload again."
            ) from None
    try:
        return _read_records(text, delimiter, strict=False, line_offset=line_offset)
    except _RecordError as error:
        raise IngestError(
            f"{filename} line {error.line} cannot be read as CSV ({error.message}). Fix that "
            "line and upload again."
        ) from None


@dataclass
class _RecordError(Exception):
    line: int
    message: str


def _read_records(
    text: str, delimiter: str, strict: bool, line_offset: int
) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            if any(record):
                records.append((line_offset + start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise _RecordError(line_offset + start, str(error)) from None
    return records


def _build_frame(
    records: list[tuple[int, list[str]]], filename: str, has_header: bool, missing: _Missing,
    notes: list[str], sentinel: str = "",
) -> pd.DataFrame:
    if not records:
        raise IngestError(
            f"{filename} has delimiters but no values. Upload a CSV file with a header row and "
            "at least one data row."
        )
    if has_header:
        header_line, header = records[0]
        body = records[1:]
        if not body:
            raise IngestError(
                f"{filename} has a header row (line {header_line}) but no data rows. Add at "
                "least one row of data, or untick 'first row is a header' if that row is data."
            )
    else:
        header_line, header = 0, [""] * len(records[0][1])
        body = records
    header = _align_header(header, body, notes) if has_header else header
    width = len(header)
    body = _trim_trailing_empties(body, width, notes)
    bad = [(line, len(fields)) for line, fields in body if len(fields) != width]
    if bad:
        line, count = bad[0]
        more = f" ({len(bad) - 1} more row(s) like it)" if len(bad) > 1 else ""
        origin = f"the header (line {header_line}) has" if has_header else "the first row has"
        preamble = (
            " If the file starts with a title or notes, set the number of rows to skip."
            if width == 1 else ""
        )
        raise IngestError(
            f"{filename} line {line} has {count} field(s) but {origin} {width}{more}. Fix the "
            "row: a missing or extra delimiter, or a value with a delimiter in it that needs "
            f'"quotes".{preamble}'
        )
    columns = list(zip(*(fields for _, fields in body), strict=True))
    return _assemble(header, [pd.Series(values, dtype=object) for values in columns], missing,
                     notes, sentinel)


def _read_fast(
    text: str, delimiter: str, has_header: bool, missing: _Missing, notes: list[str],
    sentinel: str = "",
) -> pd.DataFrame | None:
    """Parse a well-formed file with pyarrow's CSV reader (C++, much faster than ``csv``).

    Every cell is read as a string, so the result is the same as the careful path's. Any
    irregularity (a ragged row, an open quote, a header without data) returns None and the
    careful path reads the file again, to name the line in its message. pyarrow comes with
    Streamlit; without it every file takes the careful path.
    """
    try:
        import pyarrow as pa
        from pyarrow import csv as arrow_csv
    except ImportError:
        return None
    if text.count('"') % 2:
        return None  # an open quote, which pyarrow would accept up to the end of the file
    first = next((r for r in csv.reader(io.StringIO(text[:_SNIFF_CHARS], newline=""),
                                        delimiter=delimiter) if any(r)), None)
    if first is None:
        return None
    names = [f"f{i}" for i in range(len(first))]
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=arrow_csv.ReadOptions(column_names=names,
                                               block_size=_FAST_BLOCK_BYTES),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False,
                newlines_in_values=True, ignore_empty_lines=True,
            ),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError, csv.Error):
        return None
    raw = table.to_pandas()
    raw = raw[(raw != "").any(axis=1)].reset_index(drop=True)
    if len(raw) < (2 if has_header else 1):
        return None
    if has_header:
        header, body = list(raw.iloc[0]), raw.iloc[1:].reset_index(drop=True)
    else:
        header, body = [""] * len(names), raw
    return _assemble(header, [body[name] for name in names], missing, notes, sentinel)


@dataclass(frozen=True)
class _Missing:
    """The cell texts read as missing, and whether they are the default list."""

    tokens: frozenset[str]
    default: bool

    @classmethod
    def of(cls, na_values: Sequence[str] | None) -> _Missing:
        if na_values is None:
            return cls(_MISSING_TOKENS, True)
        return cls(frozenset(na_values) | {""}, False)


def _assemble(
    header: list[str], columns: list[pd.Series], missing: _Missing, notes: list[str],
    sentinel: str = "",
) -> pd.DataFrame:
    """Clean names, infer each column's type, and put the table together."""
    if sentinel:
        header = [name.replace(sentinel, "\r") for name in header]
        columns = [values.astype(object).str.replace(sentinel, "\r", regex=False)
                   for values in columns]
    names = _clean_names(header, notes)
    columns = [values.astype(object, copy=False) for values in columns]
    masks = _missing_masks(names, columns, missing, notes)
    formats: dict[str, TextFormat] = {}
    frame = pd.DataFrame(
        {name: _typed_with_format(values, name, notes, mask, formats)
         for name, values, mask in zip(names, columns, masks, strict=True)}
    )
    frame.columns = names
    frame.attrs[TEXT_FORMATS_KEY] = formats
    return frame


def _typed_with_format(
    raw: pd.Series, name: str, notes: list[str], missing: pd.Series,
    formats: dict[str, TextFormat],
) -> pd.Series:
    """The column typed, its text format (``$1,234.50``, ``TRUE``, ``4.2e+00``) recorded.

    Text that is numbers with a currency sign, ``%``, thousands grouping or negatives in
    parentheses becomes numbers here, so it is neither a category nor an id.
    """
    values = _infer_column(raw, name, notes, missing)
    text = raw[~missing].astype(str).str.strip()
    if values.dtype == object and not values.dropna().map(type).eq(bool).all():
        parsed = parse_formatted(text)
        if parsed is None:
            return values
        numbers, fmt = parsed
        formats[name] = fmt
        notes.append(f"column {name!r}: read formatted numbers (like {fmt.describe()!r}) as "
                     "numbers; the output is written in the same format")
        if numbers.dtype.kind == "i" and missing.any():
            return numbers.astype("Int64").reindex(raw.index)
        return numbers.reindex(raw.index)
    fmt = learn_plain(text, values[~missing])
    if fmt is not None:
        formats[name] = fmt
    return values


def _missing_masks(
    names: list[str], columns: list[pd.Series], missing: _Missing, notes: list[str]
) -> list[pd.Series]:
    """Which cells of each column are missing: ``NA`` may be a code, not a gap.

    ``NA`` is Namibia's ISO code (and a language's); in a column whose other values are all
    2-letter uppercase codes it is far likelier a value than a gap, so with the default
    tokens it is kept there, unless another column of the file uses ``NA`` for missing
    (R's ``write.csv`` does that in every column). Either way a note says so, so the user
    can set the tokens themselves.
    """
    masks = [values.isin(missing.tokens) for values in columns]
    code_columns, file_uses_na = [], False
    if "NA" in missing.tokens:
        for position, (values, mask) in enumerate(zip(columns, masks, strict=True)):
            if not values[mask].eq("NA").any():
                continue
            if _all_codes(values[~mask]):
                code_columns.append(position)
            else:
                file_uses_na = True
    keep_na = missing.default and not file_uses_na
    for position in code_columns:
        name = names[position]
        if keep_na:
            masks[position] = masks[position] & columns[position].ne("NA")
            notes.append(f"column {name!r}: 'NA' kept as a value (a code such as Namibia's), "
                         "as every other value is a 2-letter code; list NA among the "
                         "missing-value tokens if it means missing")
        else:
            notes.append(f"column {name!r}: 'NA' read as missing, but every other value is a "
                         "2-letter code; if NA is a code here (Namibia), leave NA out of the "
                         "missing-value tokens")
    return masks


def _all_codes(values: pd.Series) -> bool:
    """Are all these texts 2-letter uppercase codes (checked once per distinct value)?"""
    distinct = pd.unique(values.to_numpy())
    return 0 < len(distinct) <= 26 * 26 and all(
        isinstance(value, str) and _COUNTRY_LIKE.fullmatch(value) for value in distinct)


def _align_header(
    header: list[str], body: list[tuple[int, list[str]]], notes: list[str]
) -> list[str]:
    """Fix a header that is off by one against *every* data row, a common export quirk.

    R's ``write.table`` leaves the row-name column out of the header (rows have one more
    field: a leading unnamed column), and some tools end only the header with a delimiter
    (the header has one more, blank, field).
    """
    widths = {len(fields) for _, fields in body}
    if len(widths) != 1:
        return header
    (width,) = widths
    if width == len(header) + 1 and any(fields[-1].strip() for _, fields in body):
        notes.append("the header names one column fewer than the rows: the first column, "
                     "unnamed, was named column_1")
        return ["", *header]
    if width == len(header) - 1 and not header[-1].strip():
        notes.append("ignored an empty last header field (trailing delimiter)")
        return header[:-1]
    return header


def _trim_trailing_empties(
    body: list[tuple[int, list[str]]], width: int, notes: list[str]
) -> list[tuple[int, list[str]]]:
    """A trailing delimiter on data rows (``1,2,3,`` under ``a,b,c``) is harmless: drop it."""
    long_rows = [fields for _, fields in body if len(fields) > width]
    if not long_rows or any(field.strip() for fields in long_rows for field in fields[width:]):
        return body
    notes.append("ignored empty fields after the last column (trailing delimiters)")
    return [(line, fields[:width]) for line, fields in body]


def _clean_names(header: list[str], notes: list[str]) -> list[str]:
    names: list[str] = []
    used: set[str] = set()
    stripped = [name.strip() for name in header]
    reserved = set(stripped)
    for position, name in enumerate(stripped, start=1):
        if not name:
            name = f"column_{position}"
            while name in reserved or name in used:
                name = f"{name}_"
        if name in used:
            counter = 2
            while f"{name}_{counter}" in used or f"{name}_{counter}" in reserved:
                counter += 1
            notes.append(f"duplicate column {name!r} renamed to {name}_{counter}")
            name = f"{name}_{counter}"
        used.add(name)
        names.append(name)
    blanks = [names[i] for i, raw in enumerate(stripped) if not raw]
    if blanks and any(header):
        notes.append(f"blank column name(s) named {', '.join(blanks)}")
    return names


def _infer_column(raw: pd.Series, name: str, notes: list[str], missing: pd.Series) -> pd.Series:
    """Strings -> numbers or booleans only when every present value clearly is one.

    Kept as text: ``1,234`` (thousands separators are ambiguous across locales), ``007``
    (leading zeros mean a code or an id), and integers of 19 digits or more (ids such as
    card numbers would lose digits as floats). Datetimes stay text too: the metadata step
    detects their format, and guessing here would lose it. Whole numbers with gaps become
    pandas' nullable ``Int64``, so they stay whole (``30``, not ``30.0``) in and out.
    """
    _note_missing_tokens(raw[missing], name, notes)
    present = raw[~missing]
    if present.empty:
        return pd.Series(np.nan, index=raw.index, dtype=float)
    if present.isin(_TRUE | _FALSE).all():
        values = present.isin(_TRUE).reindex(raw.index)
        return values.astype(bool) if not missing.any() else values.astype(object)
    numbers = _parse_numbers(present)
    if numbers is None:
        if _LONG_INTEGER.fullmatch(present.iloc[0]) and present.str.fullmatch(_LONG_INTEGER).all():
            notes.append(f"column {name!r}: whole numbers of 19 or more digits, beyond a 64-bit "
                         "integer, kept as text so that no digit is lost")
        return raw.where(~missing, np.nan)
    if numbers.dtype.kind in "iu":
        whole = numbers.astype(np.int64)
        return whole if not missing.any() else whole.astype("Int64").reindex(raw.index)
    numbers = numbers.astype(float)
    infinite = np.isinf(numbers)
    if infinite.any():
        notes.append(
            f"column {name!r}: {int(infinite.sum())} infinite or out-of-range value(s) read "
            "as missing"
        )
        numbers = numbers.where(~infinite, np.nan)
    return numbers.reindex(raw.index)


def _note_missing_tokens(tokens: pd.Series, name: str, notes: list[str]) -> None:
    """Say which texts other than an empty cell were read as missing, and how often."""
    counts = tokens[tokens != ""].value_counts()
    if counts.empty:
        return
    found = ", ".join(f"{token!r} x{count}" for token, count in counts.items())
    notes.append(f"column {name!r}: read as missing: {found}")


def _read_decimal_commas(frame: pd.DataFrame, notes: list[str]) -> None:
    """``3,5`` means 3.5 in a file whose delimiter is not a comma (European exports).

    Only columns where every value is digits with at most one decimal comma are converted,
    so ``1.234,5`` (thousands dots) or codes with leading zeros stay text.
    """
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        present = column.dropna()
        if present.empty or not present.map(type).eq(str).all():
            continue
        if not present.str.fullmatch(_DECIMAL_COMMA).all() or not present.str.contains(",").any():
            continue
        if _matches_any(present, _CODE_LIKE):
            continue
        frame[name] = pd.to_numeric(column.str.replace(",", ".", regex=False))
        fmt = learn_plain(present.str.strip(), frame[name].dropna())
        frame.attrs.setdefault(TEXT_FORMATS_KEY, {})[name] = fmt or TextFormat(decimal=",")
        notes.append(f"column {name!r}: read decimal commas as numbers")


def _parse_numbers(present: pd.Series) -> pd.Series | None:
    """The values as numbers, or None when any of them is not plainly a number.

    ``pandas.to_numeric`` does the bulk in C; only values it refuses (numbers beyond the
    float range, such as ``1e400``) are checked with a regular expression, a few first so a
    text column is recognised without scanning all of it.
    """
    head = present.head(64)
    if (pd.to_numeric(head, errors="coerce").isna() & ~head.str.match(_NUMBER)).any():
        return None
    numbers = pd.to_numeric(present, errors="coerce")
    failed = numbers.isna()
    if failed.any():
        rest = present[failed]
        if not rest.head(64).str.match(_NUMBER).all() or not rest.str.match(_NUMBER).all():
            return None
        numbers = numbers.astype(float)
        numbers[failed] = rest.str.strip().map(float)
    if not np.isfinite(numbers.astype(float)).any():
        return None
    if _matches_any(present, _CODE_LIKE):
        return None
    return numbers


def _matches_any(values: pd.Series, pattern: re.Pattern) -> bool:
    """``values.str.match(pattern).any()``, run by pyarrow's vectorised regex when present."""
    try:
        return bool(values.astype("string[pyarrow]").str.match(pattern.pattern).any())
    except ImportError:
        return bool(values.str.match(pattern).any())
