"""Reading a spreadsheet or CSV file into a grid of cells, whatever its encoding.

The grid is a DataFrame with no header: row 0 is the file's first row, so a
grid index ``i`` is spreadsheet row ``i + 1``. Which rows are headers is decided
by the caller (:mod:`analysis.ingest.exports`), which knows the codebook.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.problems.record import Message

CSV_DELIMITERS = (";", "\t", ",")
_SAMPLE_BYTES = 256 * 1024
_CHUNK = 4 * 1024 * 1024


class ExportError(Exception):
    """A whole-file problem: the file cannot be used at all.

    ``messages`` say why (catalogued: a code and its parameters, told in English or
    Finnish, :class:`~analysis.problems.record.Message`); ``row`` and ``column`` say
    where, when one place in the file is to blame; ``detail`` is a library's own
    words on a file it could not parse, which the English text (the command line)
    adds in brackets and the Finnish one leaves out.

    >>> error = ExportError("data/raw/vienti.csv", Message("file_without_rows"))
    >>> str(error)
    'data/raw/vienti.csv: the file has no rows'
    >>> error.fi()
    'data/raw/vienti.csv: tiedostossa ei ole rivejä'
    """

    def __init__(
        self,
        path: Path | str,
        message: Message,
        *more: Message,
        row: int | None = None,
        column: str | None = None,
        detail: str | None = None,
    ):
        self.path = Path(path)
        self.messages = (message, *more)
        self.row = row
        self.column = column
        self.detail = detail
        super().__init__(self.text("en"))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.messages)

    def place(self) -> Message:
        """Where the problem is: the file, and its row and column when known."""
        if self.row is not None and self.column:
            return Message("place_file_row_column", file=self.path, row=self.row, column=self.column)
        if self.row is not None:
            return Message("place_file_row", file=self.path, row=self.row)
        if self.column:
            return Message("place_file_column", file=self.path, column=self.column)
        return Message("place_file", file=self.path)

    def text(self, language: str) -> str:
        """``<where>: <why>`` in ``language`` ("en" or "fi")."""
        said = " ".join(m.text(language) for m in self.messages)
        if self.detail and language == "en":
            said += f" ({self.detail})"
        return f"{self.place().text(language)}: {said}"

    def fi(self) -> str:
        return self.text("fi")

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self):  # pickled (e.g. to a worker process) as what it was made of
        return (_remade, (type(self), self.path, self.messages, self.row, self.column, self.detail))


def _remade(
    kind: type[ExportError],
    path: Path,
    messages: tuple[Message, ...],
    row: int | None,
    column: str | None,
    detail: str | None,
) -> ExportError:
    return kind(path, *messages, row=row, column=column, detail=detail)


@dataclass(frozen=True)
class RowNote:
    """Something the reader found about one row of the file (not about one cell)."""

    index: int  # grid index: the file's row ``index + 1``
    code: str  # the message's code in the catalogue (data/messages.yaml)
    params: tuple[tuple[str, str], ...]
    severity: str  # "error": the row cannot be used; "warning": it can


@dataclass(frozen=True)
class Grid:
    cells: pd.DataFrame  # no header; object or str cells, empty cells as NaN or ""
    description: str  # e.g. "xlsx, first sheet 'Vastaukset'" or "csv, utf-8, ';'"
    sheet_names: tuple[str, ...] = ()  # every sheet of a workbook
    notes: tuple[RowNote, ...] = ()  # rows decoded in another encoding, rows of another width
    workbook_under_csv_name: str | None = None  # "xlsx", "xls" or "ods": a workbook saved under a .csv name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or NUL bytes in the first KiB), else cp1252.

    Without a BOM, UTF-8 is assumed when the first 256 KiB decode as UTF-8; a file
    that turns out not to be UTF-8 further on is decoded line by line by
    :func:`decode_rows` (checking a whole large file first would cost a second read).
    """
    with open(path, "rb") as f:
        head = f.read(4096)
    if not head:
        raise ExportError(path, Message("file_empty"))
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
    raise ExportError(path, Message("encoding_not_recognised"))


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


def detect_delimiter(sample: str, header_score: Callable[[Sequence[Sequence[str]]], int]) -> str:
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


def read_grid(path: Path, header_score: Callable[[Sequence[Sequence[str]]], int]) -> Grid:
    """Read an .xlsx (first sheet) or .csv file into a headerless grid of cells."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(path, Message("file_not_found"))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        kind = workbook_kind(path)
        if kind is not None:  # Excel's "Save as" kept the old name: the workbook is read as one
            grid = _read_workbook(path, kind)
            return Grid(
                grid.cells,
                f"{kind} workbook under a .csv name, {grid.description}",
                grid.sheet_names,
                workbook_under_csv_name=kind,
            )
        return _read_csv(path, header_score)
    raise ExportError(path, Message("file_type_unsupported", suffix=suffix))


_WORKBOOK_SIGNATURES = (
    (b"PK\x03\x04", "xlsx"),  # a zip: .xlsx, or .ods (told apart by its mimetype entry)
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),  # the old binary Excel format
)


def workbook_kind(path: Path) -> str | None:
    """ "xlsx", "xls" or "ods" when the file's bytes are a workbook, whatever its name."""
    with open(path, "rb") as f:
        head = f.read(128)
    for signature, kind in _WORKBOOK_SIGNATURES:
        if head.startswith(signature):
            return "ods" if kind == "xlsx" and b"opendocument.spreadsheet" in head else kind
    return None


def _read_workbook(path: Path, kind: str) -> Grid:
    """A workbook read from its bytes (calamine tells xlsx, xls and ods by their content)."""
    try:
        book = pd.ExcelFile(io.BytesIO(path.read_bytes()), engine="calamine")
        sheet = book.sheet_names[0]
        cells = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ExportError(path, Message("workbook_kind_unreadable", kind=kind), detail=str(exc)) from exc
    return Grid(cells, f"first sheet {sheet!r}", tuple(book.sheet_names))


def _read_xlsx(path: Path) -> Grid:
    if path.stat().st_size == 0:
        raise ExportError(path, Message("file_empty"))
    try:
        book = pd.ExcelFile(path, engine="calamine")
        sheet = book.sheet_names[0]
        cells = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ExportError(path, Message("xlsx_unreadable"), detail=str(exc)) from exc
    return Grid(cells, f"xlsx, first sheet {sheet!r}", tuple(book.sheet_names))


def _read_csv(path: Path, header_score: Callable[[Sequence[Sequence[str]]], int]) -> Grid:
    encoding = detect_encoding(path)
    delimiter = detect_delimiter(_sample_text(path, encoding), header_score)
    mixed: MixedText | None = None
    if encoding == "cp1252":  # the start is not UTF-8: the whole file, or some rows?
        mixed = decode_rows(path)
    if mixed is None:
        try:
            cells, width_notes = _csv_cells(path, encoding, delimiter)
        except UnicodeDecodeError:
            if not encoding.startswith("utf-8"):
                raise ExportError(path, Message("file_not_in_encoding", encoding=encoding)) from None
            mixed = decode_rows(path)  # UTF-8 at the start only
            if mixed is None:
                raise ExportError(path, Message("encoding_not_recognised")) from None
    if mixed is not None:
        encoding = mixed.encoding
        if mixed.text is None:  # one encoding after all (cp1252 throughout)
            cells, width_notes = _csv_cells(path, encoding, delimiter)
        else:
            cells, width_notes, row_of_line = _python_csv_cells(path, io.StringIO(mixed.text), delimiter)
            width_notes = [
                RowNote(
                    row_of_line[line],
                    "row_in_other_encoding",
                    (("encoding", _NAMES[mixed.encoding]), ("other", _NAMES[mixed.other])),
                    "warning",
                )
                for line in mixed.other_lines
            ] + width_notes
    shown = {"\t": "tab"}.get(delimiter, repr(delimiter))
    described = f"csv, {encoding.removesuffix('-sig')}{' with BOM' if encoding.endswith('-sig') else ''}"
    if mixed is not None and mixed.other_lines:
        described += f" ({len(mixed.other_lines)} row(s) {mixed.other})"
    return Grid(cells, f"{described}, delimiter {shown}", notes=tuple(width_notes))


_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "cp1252 (Windows)"}


@dataclass(frozen=True)
class MixedText:
    """A file decoded line by line: the encoding of most of its lines, and the lines in
    the other one (``text`` is None when every line decodes in ``encoding``)."""

    encoding: str
    other: str
    other_lines: tuple[int, ...]  # physical line numbers, from 1
    text: str | None


def decode_rows(path: Path) -> MixedText | None:
    """Decode a file that is not UTF-8 throughout line by line: each line as UTF-8 if it
    is valid UTF-8, else as cp1252. A row pasted from another program into an export
    is then read as written, and the rest of the file is not decoded wrongly with it.
    None when some line is neither."""
    data = path.read_bytes()
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    lines = data.split(b"\n")
    decoded: list[str] = []
    utf8_lines: list[int] = []
    cp1252_lines: list[int] = []
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            decoded.append(line.decode("ascii"))
            continue
        try:
            decoded.append(line.decode("utf-8"))
            utf8_lines.append(number)
        except UnicodeDecodeError:
            try:
                decoded.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                return None
            cp1252_lines.append(number)
    if not utf8_lines and not bom:
        return MixedText("cp1252", "utf-8", (), None)
    main, other = ("utf-8", "cp1252") if len(utf8_lines) >= len(cp1252_lines) or bom else ("cp1252", "utf-8")
    other_lines = cp1252_lines if main == "utf-8" else utf8_lines
    return MixedText(main + ("-sig" if bom else ""), other, tuple(other_lines), "\n".join(decoded))


class _RaggedRow(Exception):
    """A row with another number of fields than the first: pyarrow cannot pad it."""


def _csv_cells(path: Path, encoding: str, delimiter: str) -> tuple[pd.DataFrame, list[RowNote]]:
    """Every cell as text ('' for empty), blank lines kept as rows of empty cells, and a
    note for each row with another number of fields than the first (the header).

    pyarrow's multithreaded reader does this in a fraction of pandas' time and
    memory, but cannot say which row has another width; a file with such rows is
    read again by Python's csv module, which can."""
    try:
        return _csv_cells_pyarrow(path, encoding, delimiter), []
    except _RaggedRow:
        pass
    with open(path, encoding=encoding, newline="") as f:
        cells, notes, _ = _python_csv_cells(path, f, delimiter)
    return cells, notes


def _python_csv_cells(
    path: Path, stream: io.TextIOBase, delimiter: str
) -> tuple[pd.DataFrame, list[RowNote], np.ndarray]:
    """The cells read by Python's csv module, short rows padded with empty cells and
    long rows cut to the header's width, with a note for each; and for every physical
    line (from 1) the grid index of the row it belongs to."""
    csv.field_size_limit(sys.maxsize)  # huge cells are cut later, with a warning naming them
    rows: list[list[str]] = []
    line_ends: list[int] = []
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            line_ends.append(reader.line_num)
    except csv.Error as exc:
        raise ExportError(path, Message("csv_unreadable_at_line", line=reader.line_num), detail=str(exc)) from exc
    if not rows:
        raise ExportError(path, Message("file_without_rows"))
    width = len(rows[0])
    notes: list[RowNote] = []
    for index, row in enumerate(rows):
        if len(row) == width or not row:  # a blank line is a blank row
            continue
        if len(row) < width:
            notes.append(RowNote(index, "row_cut_short", (("fields", str(len(row))), ("width", str(width))), "error"))
            row.extend([""] * (width - len(row)))
        else:
            extra = row[width:]
            if any(cell.strip() for cell in extra):
                notes.append(
                    RowNote(
                        index,
                        "row_columns_unclear",
                        (("delimiter", repr(delimiter)), ("fields", str(len(row))), ("width", str(width))),
                        "error",
                    )
                )
            else:
                notes.append(
                    RowNote(
                        index,
                        "row_extra_empty_fields",
                        (("extra", str(len(extra))), ("fields", str(len(row))), ("width", str(width))),
                        "warning",
                    )
                )
            del row[width:]
    rows = [row or [""] * width for row in rows]
    cells = pd.DataFrame(rows, dtype=pd.StringDtype(na_value=np.nan))
    cells.columns = range(width)
    row_of_line = np.zeros(max(line_ends) + 2, dtype=np.int64)
    start = 1
    for index, end in enumerate(line_ends):
        row_of_line[start : end + 1] = index
        start = end + 1
    row_of_line[start:] = len(rows) - 1
    return cells, notes, row_of_line


def _csv_cells_pyarrow(path: Path, encoding: str, delimiter: str) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with open(path, encoding=encoding, newline="") as f:
        first = next(csv.reader(f, delimiter=delimiter), None)
    if first is None:
        raise ExportError(path, Message("file_without_rows"))
    if not first:  # a blank first line: no header to take the columns from
        raise ExportError(path, Message("first_row_empty"), row=1)

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
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
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
        raise ExportError(path, Message("csv_unreadable"), detail=str(exc)) from exc
    cells = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype(na_value=np.nan)}.get, self_destruct=True)
    cells.columns = range(len(names))
    return cells
