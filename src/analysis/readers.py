"""Reading a spreadsheet or CSV file into a grid of cells, whatever its encoding.

The grid is a DataFrame with no header: row 0 is the file's first row, so a
grid index ``i`` is spreadsheet row ``i + 1``. Which rows are headers is decided
by the caller (:mod:`analysis.ingest`), which knows the codebook.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

CSV_DELIMITERS = (";", "\t", ",")
_SAMPLE_BYTES = 256 * 1024
_CHUNK = 4 * 1024 * 1024


class ExportError(Exception):
    """A whole-file problem: the file cannot be used at all."""

    def __init__(self, path: Path | str, message: str):
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


@dataclass(frozen=True)
class Grid:
    cells: pd.DataFrame  # no header; object or str cells, empty cells as NaN or ""
    description: str  # e.g. "xlsx, first sheet 'Vastaukset'" or "csv, utf-8, ';'"
    sheet_names: tuple[str, ...] = ()  # every sheet of a workbook


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or NUL bytes in the first KiB), else cp1252.

    Without a BOM, UTF-8 is assumed when the first 256 KiB decode as UTF-8; a file
    that turns out not to be UTF-8 further on is read again as cp1252 by
    :func:`read_grid` (checking a whole large file first would cost a second read).
    """
    with open(path, "rb") as f:
        head = f.read(4096)
    if not head:
        raise ExportError(path, "the file is empty")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        return "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"
    for encoding in ("utf-8", "cp1252"):
        if _decodes_as(path, encoding, _SAMPLE_BYTES):
            return encoding
    raise ExportError(
        path, "the text encoding is not recognised (tried UTF-8, UTF-16 and cp1252)"
    )


def _decodes_as(path: Path, encoding: str, limit: int | None = None) -> bool:
    """Whether the file (or its first ``limit`` bytes) decodes without error."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    read = 0
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                if limit is not None and read + len(chunk) >= limit:
                    decoder.decode(chunk[: limit - read])  # may end inside a character
                    return True
                read += len(chunk)
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sample_text(path: Path, encoding: str) -> str:
    with open(path, "rb") as f:
        data = f.read(_SAMPLE_BYTES)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(data)


def detect_delimiter(
    sample: str, header_score: Callable[[Sequence[Sequence[str]]], int]
) -> str:
    """The delimiter under which the first rows read as the most recognised headers.

    Counting characters is not enough: Finnish headers hold commas ("Lapset, nuoret
    ja perheet") and semicolons may stand inside joined answers.
    """
    best, best_key = CSV_DELIMITERS[0], (-1, -1)
    for delimiter in CSV_DELIMITERS:
        try:
            rows = [row for _, row in zip(range(3), csv.reader(io.StringIO(sample), delimiter=delimiter))]
        except csv.Error:
            continue
        if not rows:
            continue
        key = (header_score(rows), len(rows[0]))
        if key > best_key:
            best, best_key = delimiter, key
    return best


def read_grid(
    path: Path, header_score: Callable[[Sequence[Sequence[str]]], int]
) -> Grid:
    """Read an .xlsx (first sheet) or .csv file into a headerless grid of cells."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(path, "no such file")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path, header_score)
    raise ExportError(path, f"unsupported file type {suffix!r}: exports are .xlsx or .csv")


def _read_xlsx(path: Path) -> Grid:
    if path.stat().st_size == 0:
        raise ExportError(path, "the file is empty")
    try:
        book = pd.ExcelFile(path, engine="calamine")
        sheet = book.sheet_names[0]
        cells = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ExportError(path, f"cannot be read as an Excel workbook ({exc})") from exc
    return Grid(cells, f"xlsx, first sheet {sheet!r}", tuple(book.sheet_names))


def _read_csv(path: Path, header_score: Callable[[Sequence[Sequence[str]]], int]) -> Grid:
    encoding = detect_encoding(path)
    delimiter = detect_delimiter(_sample_text(path, encoding), header_score)
    try:
        cells = _csv_cells(path, encoding, delimiter)
    except UnicodeDecodeError:
        if encoding != "utf-8" or not _decodes_as(path, "cp1252"):
            raise ExportError(
                path, "the text encoding is not recognised (tried UTF-8, UTF-16 and cp1252)"
            ) from None
        encoding = "cp1252"  # UTF-8 at the start only
        cells = _csv_cells(path, encoding, delimiter)
    shown = {"\t": "tab"}.get(delimiter, repr(delimiter))
    return Grid(cells, f"csv, {encoding.removesuffix('-sig')}{' with BOM' if encoding.endswith('-sig') else ''}, delimiter {shown}")


class _RaggedRow(Exception):
    """A row with another number of fields than the first: pyarrow cannot pad it."""


def _csv_cells(path: Path, encoding: str, delimiter: str) -> pd.DataFrame:
    """Every cell as text ('' for empty), blank lines kept as rows of empty cells.

    pyarrow's multithreaded reader does this in a fraction of pandas' time and
    memory; a file whose rows have differing numbers of fields is read by pandas,
    which pads the short rows."""
    try:
        return _csv_cells_pyarrow(path, encoding, delimiter)
    except _RaggedRow:
        pass
    try:
        return pd.read_csv(
            path,
            sep=delimiter,
            encoding=encoding,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.EmptyDataError as exc:
        raise ExportError(path, "the file has no rows") from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise ExportError(path, f"cannot be read as CSV ({exc})") from exc


def _csv_cells_pyarrow(path: Path, encoding: str, delimiter: str) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with open(path, encoding=encoding, newline="") as f:
        first = next(csv.reader(f, delimiter=delimiter), None)
    if first is None:
        raise ExportError(path, "the file has no rows")

    ragged_rows = []

    def ragged(row) -> str:
        ragged_rows.append(row.number)
        return "error"

    names = [f"c{i}" for i in range(len(first))]
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=names, encoding=encoding.removesuffix("-sig"), block_size=16 << 20
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False,
                invalid_row_handler=ragged,
            ),
            convert_options=pacsv.ConvertOptions(
                # large_string is what pandas' "str" holds: to_pandas then copies nothing
                column_types={name: pa.large_string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        if ragged_rows:
            raise _RaggedRow() from exc
        if "UTF8" in str(exc) or "UTF-8" in str(exc):
            raise UnicodeDecodeError(encoding, b"", 0, 1, str(exc)) from exc
        raise ExportError(path, f"cannot be read as CSV ({exc})") from exc
    cells = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype(na_value=np.nan)}.get, self_destruct=True)
    cells.columns = range(len(names))
    return cells
