"""Reading Webropol exports into one typed table of responses.

What this module does, file by file:

1. reads the grid of cells (:mod:`analysis.readers`: xlsx first sheet, or CSV in
   any of the encodings and delimiters an export uses);
2. finds the header (one row, or the two-row header of layout C) and maps each
   column through the codebook; personal-data columns and columns it does not
   recognise are dropped here, so their values never go further;
3. turns every cell into its typed value: area names to the 22 official areas,
   option labels and scale labels to the form's labels, multi-selections (one
   column per option with 1/0 or the label, or one ';'-joined column) to one
   boolean per option, timestamps from Excel datetimes or Finnish text.

Nothing is dropped silently. A cell that cannot be read is left empty and listed
as a *warning*; a row that cannot be used at all (no response id, no usable
submission time, an area that is not one of the 22) is kept with an
``invalid_reason`` and listed as an *error*: the cleaning step excludes it with
the reason ``invalid``. A problem with the whole file raises
:class:`~analysis.readers.ExportError`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import config, fmt, response_ids
from .codebook import Codebook, ColumnRef, Question, load_codebook, normalise
from .columns import contiguous, pa_array, string_take
from .keys import model_keys, normalise_urls
from .readers import ExportError, RowNote, read_grid, sha256_of
from .redaction import CONTACT_HINT, describe, remove_contact_details

Severity = Literal["error", "warning"]

# A workbook with a sheet named so is the bundled synthetic sample (analysis.synthetic).
SYNTHETIC_MARK = "SYNTEETTINEN"
# The Innokylä link normalised (analysis.keys): computed with the link's check, used
# for the model key, not stored.
LINK_COLUMN = "_innokyla_link"


@dataclass(frozen=True)
class Problem:
    """One row-level finding, named by file, row and column."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    severity: Severity  # error: the row is excluded as invalid; warning: the cell is left empty

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class SourceFile:
    """What was read from one export file."""

    path: Path
    sha256: str
    description: str
    header_rows: int
    rows: int
    blank_rows: int
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (header in file, column)
    unrecognised: list[str] = field(default_factory=list)
    personal_data_dropped: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)  # canonical headers of absent questions
    synthetic: bool = False  # the workbook says it is the synthetic sample

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Ingested:
    """All responses of all files, typed; one row per raw data row."""

    responses: pd.DataFrame
    files: list[SourceFile]
    problems: list[Problem]

    @property
    def raw_rows(self) -> int:
        return len(self.responses)


# --- schema -------------------------------------------------------------------------


def processed_schema(codebook: Codebook) -> dict[str, object]:
    """Column name -> dtype of the typed responses (and of data/processed/)."""
    schema: dict[str, object] = {
        "response_id": "string",
        "submitted_at": "datetime64[us]",
        "region": pd.CategoricalDtype(codebook.region_names, ordered=True),
        "region_code": "string",
    }
    for q in codebook.questions:
        if q.pii or q.id in schema:
            continue
        if q.type in ("text", "url"):
            schema[q.id] = "string"
        elif q.type == "number":
            schema[q.id] = "Int64"
        elif q.type == "single":
            schema[q.id] = pd.CategoricalDtype([o.label for o in q.options], ordered=True)
        elif q.type == "multi":
            for opt in q.options:
                schema[q.option_column(opt)] = "boolean"
                if opt.other_text:
                    schema[q.other_text_column(opt)] = "string"
        elif q.type == "matrix":
            for item in q.items:
                schema[q.item_column(item)] = pd.CategoricalDtype(list(q.scale), ordered=True)
    schema["model_key"] = "string"
    schema["source_file"] = "string"
    schema["source_row"] = "Int64"
    schema["invalid_reason"] = "string"
    return schema


# --- header detection ---------------------------------------------------------------


def _text(value: object) -> str:
    """A cell as stripped text: empty for missing; 3.0 -> '3'; datetimes in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.isoformat(sep=" ")
    return str(value).strip()


def _two_row_headers(codebook: Codebook, top: Sequence[object], sub: Sequence[object]) -> list[str]:
    """Combine a two-row header (layout C): the question over its first option column,
    the option or item labels in the row below."""
    headers: list[str] = []
    carried = ""
    previous_sub = ""
    suffix = normalise(codebook.other_text_suffix)
    for top_cell, sub_cell in zip(top, sub):
        own, below = _text(top_cell), _text(sub_cell)
        if own:
            carried = own
        if not below:
            headers.append(own)
            previous_sub = ""
            continue
        if normalise(below) == suffix and previous_sub:
            below = f"{previous_sub} - {codebook.other_text_suffix}"
        candidates = [f"{carried} - {below}" if carried else below, below]
        header = next((c for c in candidates if codebook.match_header(c)), candidates[0])
        headers.append(header)
        previous_sub = below
    return headers


def _score(codebook: Codebook, headers: Iterable[str]) -> int:
    return sum(1 for h in headers if h and codebook.match_header(h))


def detect_header(codebook: Codebook, rows: Sequence[Sequence[object]]) -> tuple[list[str], int]:
    """The column headers and how many rows they take (1, or 2 for layout C)."""
    if not rows:
        return [], 0
    single = [_text(c) for c in rows[0]]
    if len(rows) < 2:
        return single, 1
    double = _two_row_headers(codebook, rows[0], rows[1])
    if _score(codebook, double) > _score(codebook, single):
        return double, 2
    return single, 1


def header_score(codebook: Codebook):
    """For delimiter detection: how many headers the first rows yield under a delimiter."""

    def score(rows: Sequence[Sequence[str]]) -> int:
        headers, _ = detect_header(codebook, rows)
        return _score(codebook, headers)

    return score


# --- cell parsers -------------------------------------------------------------------

_CHOSEN = {"1", "x", "kyllä", "true", "valittu"}
_NOT_CHOSEN = {"", "0", "false", "ei"}
_FINNISH_TIME = re.compile(r"\s+klo\s+", re.IGNORECASE)
_TIME_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M.%S",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL_RANGE = (1.0, 2958465.0)  # Excel's valid serial dates (1900-01-01 .. 9999-12-31)


def parse_timestamps(raw: pd.Series) -> pd.Series:
    """Submission times from Excel datetimes, Excel serial numbers or text
    ("30.6.2025 14:05", "30.06.2025 14:05:59", "2025-06-30 14:05:59").
    Unreadable or missing values become NaT."""
    if raw.dtype == object:
        kinds = raw.map(_time_kind)
    else:  # a CSV column: all text
        kinds = pd.Series("text", index=raw.index)
    text = raw.where(kinds == "text").astype("string").str.strip()
    finnish = text.str.contains("klo", case=False, regex=False).fillna(False).astype(bool)
    if finnish.any():  # "30.6.2025 klo 14.05"
        text[finnish] = text[finnish].astype(object).str.replace(_FINNISH_TIME, " ", regex=True)
    plain, stamps = _webropol_times(text)  # nearly every text: read without pandas' strptime
    out = pd.Series(stamps, index=raw.index)
    text = text.where(~plain)
    is_dt = kinds == "dt"
    if is_dt.any():
        out[is_dt] = pd.to_datetime(raw[is_dt].map(_naive))
    is_number = kinds == "num"
    numbers = pd.Series(np.nan, index=raw.index)
    if is_number.any():
        numbers = pd.to_numeric(raw.where(is_number), errors="coerce")
    numeric_text = text.where(text.str.fullmatch(r"\d+(\.\d+)?", na=False))
    if numeric_text.notna().any():
        numbers = numbers.fillna(pd.to_numeric(numeric_text, errors="coerce").astype("float64"))
    serial = numbers.between(*_SERIAL_RANGE)
    if serial.any():
        seconds = (numbers[serial] * 86400).round()
        out[serial] = _EXCEL_EPOCH + pd.to_timedelta(seconds, unit="s")
    pending = out.isna() & text.notna() & (text != "")
    for time_format in _TIME_FORMATS:
        if not pending.any():
            break
        parsed = pd.to_datetime(text[pending], format=time_format, errors="coerce")
        out[pending] = parsed
        pending &= out.isna()
    return out


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _webropol_times(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Where a text is exactly "dd.mm.yyyy hh:mm" or "dd.mm.yyyy hh:mm:ss" (zero-padded,
    as Webropol writes them) and a real time of the years 1900-2999, and that time.

    It reads the digits at their fixed places in the UTF-8 bytes: 0.2 s for a
    million rows, where pandas' strptime takes 2.6 s. Such a text gets
    the time the first two of ``_TIME_FORMATS`` give it; every other text, valid
    or not (a leap second, "30.6.2025", year 0025), is left to those formats."""
    found = np.zeros(len(text), dtype=bool)
    stamps = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[us]")
    array = pa_array(text).cast(pa.large_string())
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    if not len(array):
        return found, stamps
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8) if array.buffers()[2] else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    if array.null_count:
        lengths = np.where(array.is_null().to_numpy(zero_copy_only=False), 0, lengths)
    for width in (16, 19):
        rows = np.flatnonzero(lengths == width)
        if not len(rows):
            continue
        starts = offsets[rows]
        layout = "dd.dd.dddd dd:dd" + (":dd" if width == 19 else "")
        shape_ok = np.ones(len(rows), dtype=bool)
        digit: dict[int, np.ndarray] = {}
        for position, expected in enumerate(layout):
            byte = data[starts + position]
            if expected == "d":
                shape_ok &= (byte >= 48) & (byte <= 57)
                digit[position] = byte.astype(np.int64) - 48
            else:
                shape_ok &= byte == ord(expected)

        def number(*positions: int, digit: dict[int, np.ndarray] = digit) -> np.ndarray:
            value = np.zeros(len(next(iter(digit.values()))), dtype=np.int64)
            for position in positions:
                value = value * 10 + digit[position]
            return value

        day, month, year = number(0, 1), number(3, 4), number(6, 7, 8, 9)
        hour, minute = number(11, 12), number(14, 15)
        second = number(17, 18) if width == 19 else np.zeros(len(rows), dtype=np.int64)
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        month_days = _DAYS_IN_MONTH[np.clip(month, 0, 12)] + ((month == 2) & leap)
        valid = (
            shape_ok
            & (year >= 1900)
            & (year <= 2999)
            & (month >= 1)
            & (month <= 12)
            & (day >= 1)
            & (day <= month_days)
            & (hour <= 23)
            & (minute <= 59)
            & (second <= 59)
        )
        rows, day, month, year = rows[valid], day[valid], month[valid], year[valid]
        seconds = (hour * 3600 + minute * 60 + second)[valid]
        months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
        days = months.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
        stamps[rows] = days.astype("datetime64[us]") + seconds.astype("timedelta64[s]")
        found[rows] = True
    return found, stamps


def _time_kind(value: object) -> str:
    if isinstance(value, datetime):
        return "dt"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "num"
    return "text"


def _naive(value: datetime) -> datetime:
    """A timezone-aware time as Finnish wall-clock time; naive times are taken as such."""
    if value.tzinfo is None:
        return value
    return pd.Timestamp(value).tz_convert(config.TIMEZONE).tz_localize(None).to_pydatetime()


@dataclass
class _ColumnResult:
    columns: dict[str, pd.Series]
    problems: list[tuple[int, str, str, Severity]]  # (grid index, value, message, severity)
    # For telling a misread file: cells that had to be one of a list, and how many were not
    checked: int = 0
    unrecognised: int = 0


def cell_texts(values: pd.Series) -> pd.Series:
    """Every cell as stripped text ('' for empty), computed once per distinct value."""
    if isinstance(values.dtype, pd.StringDtype):  # a CSV column: text already
        return values.fillna("").str.strip()
    if values.dtype != object:
        return values.astype(object).where(values.notna(), "").map(str).str.strip()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.array([_text(u) for u in uniques] + [""], dtype=object)
    return pd.Series(table[codes], index=values.index, dtype=object)


class _Distinct:
    """A column's cell texts, factorised on demand: exports repeat a handful of labels
    over thousands of rows, so each distinct text is parsed once."""

    def __init__(self, texts: pd.Series | None = None, *, raw: pd.Series | None = None):
        source = texts if texts is not None else raw
        if source is None:
            raise TypeError("_Distinct needs texts or raw cells")
        self._texts = texts  # stripped, '' for empty
        self._raw: pd.Series = source  # or the cells as read, stripped only when needed
        self.index = source.index
        self._factorised: tuple[np.ndarray, list[str]] | None = None

    @classmethod
    def of(cls, values: pd.Series) -> _Distinct:
        return cls(raw=values)

    @property
    def texts(self) -> pd.Series:
        if self._texts is None:
            self._texts = cell_texts(self._raw)
        return self._texts

    @property
    def codes(self) -> np.ndarray:
        return self._factorise()[0]

    @property
    def uniques(self) -> list[str]:
        return self._factorise()[1]

    def _factorise(self) -> tuple[np.ndarray, list[str]]:
        if self._factorised is None:
            if self._texts is None and isinstance(self._raw.dtype, pd.StringDtype):
                # CSV text: factorise the cells as read, strip each distinct cell, and
                # merge the cells that differ only in the spaces around them
                raw_codes, raw_uniques = pd.factorize(self._raw, use_na_sentinel=True)
                stripped = cell_texts(pd.Series(raw_uniques, dtype=self._raw.dtype))
                merged, uniques = pd.factorize(pd.concat([stripped, pd.Series([""], dtype=stripped.dtype)]))
                self._factorised = (merged[raw_codes], list(uniques))  # code -1 (empty) -> the last, ''
            else:
                codes, uniques = pd.factorize(self.texts)
                self._factorised = (codes, list(uniques))
        return self._factorised

    def blank(self) -> np.ndarray:
        """Where the cell is empty (or only spaces)."""
        return np.array([u == "" for u in self.uniques], dtype=bool)[self.codes]

    def map(self, parse, dtype: object = None) -> pd.Series:
        """``parse(text)`` for every row, evaluated once per distinct text; ``dtype``
        (boolean, Int64, string or a categorical) is built from the distinct results
        directly, not converted from a million Python objects."""
        results = [parse(u) for u in self.uniques]
        return pd.Series(_typed_take(results, self.codes, dtype), index=self.index)

    def problems(self, flags: pd.Series | np.ndarray, message, severity: Severity) -> list:
        """One problem per flagged row, with the row's text."""
        if isinstance(flags, pd.Series):
            flags = flags.fillna(False).to_numpy(dtype=bool)
        bad = np.flatnonzero(flags)
        texts = [self.uniques[self.codes[position]] for position in bad]
        shown = {text: (describe(text) if text else "", message(text)) for text in set(texts)}  # once each
        return [(self.index[position], *shown[text], severity) for position, text in zip(bad, texts)]


def _typed_take(results: list, codes: np.ndarray, dtype: object):
    """``results[code]`` for every code, as an array of ``dtype`` (None is missing)."""
    missing = np.array([r is None for r in results], dtype=bool)
    if isinstance(dtype, pd.CategoricalDtype):
        position = {c: i for i, c in enumerate(dtype.categories)}
        table = np.array([-1 if r is None else position[r] for r in results], dtype=np.int64)
        return pd.Categorical.from_codes(table[codes] if len(results) else [], dtype=dtype)
    if dtype == "boolean":
        table = np.array([bool(r) if r is not None else False for r in results], dtype=bool)
        return pd.arrays.BooleanArray(table[codes], missing[codes]) if len(results) else pd.array([], dtype="boolean")
    if dtype == "Int64":
        table = np.array([0 if r is None else r for r in results], dtype=np.int64)
        return pd.arrays.IntegerArray(table[codes], missing[codes]) if len(results) else pd.array([], dtype="Int64")
    if dtype == "string":
        return string_take(results, codes)
    table = np.empty(len(results), dtype=object)
    table[:] = results
    values = table[codes] if len(results) else np.array([], dtype=object)
    return values if dtype is None else pd.array(values, dtype=dtype)


# --- the file reader ----------------------------------------------------------------


Derive = Callable[[pd.Series], pd.DataFrame]


def read_export(
    path: Path, codebook: Codebook | None = None, derived: Mapping[str, Derive] | None = None
) -> tuple[pd.DataFrame, SourceFile, list[Problem]]:
    """Read one export file into typed responses (raises ExportError for whole-file problems).

    ``derived`` maps a processed column to a function making more columns from it
    (the theme coder, from the open answers): it runs in a second thread while the
    other columns are parsed, and its columns are added after the schema's."""
    with ThreadPoolExecutor(1) as pool:  # hashing and deriving release the GIL for much of their work
        return _read_export(Path(path), codebook or load_codebook(), dict(derived or {}), pool)


def _read_export(
    path: Path, codebook: Codebook, derived: dict[str, Derive], pool: ThreadPoolExecutor
) -> tuple[pd.DataFrame, SourceFile, list[Problem]]:
    digest = pool.submit(sha256_of, path)
    grid = read_grid(path, header_score(codebook))
    sha256 = digest.result()
    cells = grid.cells
    if cells.empty:
        raise ExportError(path, "the file has no rows")
    long_cells = cap_cells(cells)
    first_rows = [list(cells.iloc[i]) for i in range(min(2, len(cells)))]
    headers, header_rows = detect_header(codebook, first_rows)

    source = SourceFile(
        path=path,
        sha256=sha256,
        description=grid.description,
        header_rows=header_rows,
        rows=0,
        blank_rows=0,
        synthetic=any(name.upper().startswith(SYNTHETIC_MARK) for name in grid.sheet_names),
    )
    refs = _map_columns(path, codebook, headers, cells.iloc[header_rows:], source)
    data = _data_rows(path, cells.iloc[header_rows:], source)

    raw_problems: list[_RawProblem] = []
    invalid = pd.Series(pd.NA, index=data.index, dtype="string")
    broken_rows = _row_findings(grid.notes, long_cells, headers, data.index, invalid, raw_problems)

    # Columns others are derived from are parsed first, so that the deriving (in the
    # pool's thread) overlaps the parsing of the rest.
    results: dict[int, _ColumnResult] = {}
    deriving: dict[str, Future] = {}
    for position in sorted(refs, key=lambda position: refs[position].column not in derived):
        results[position] = _parse_column(codebook, refs[position], data.iloc[:, position])
        for name, values in results[position].columns.items():
            if name in derived:
                deriving[name] = pool.submit(derived[name], values)
    index = data.index
    del grid, cells, data  # all parsed: the raw cells can go while the deriving finishes
    _refuse_if_misread(path, refs, results, len(index), broken_rows)
    columns: dict[str, pd.Series] = {}
    for position, result in sorted(results.items()):  # in column order: the first error names an invalid row
        columns.update(result.columns)
        raw_problems.extend((i, headers[position], v, m, s) for i, v, m, s in result.problems)
        for i, _value, message, severity in result.problems:
            if severity == "error" and pd.isna(invalid[i]):
                invalid[i] = message
    source.not_in_file.extend(_absent(codebook, refs, columns))

    frame = _typed_frame(codebook, path, index, columns, invalid)
    for name, derive in derived.items():  # a column the file lacks is derived from its empty column
        made = deriving[name].result() if name in deriving else derive(frame[name])
        frame = pd.concat([frame, made.set_axis(frame.index)], axis=1)
    frame = frame.reset_index(drop=True)

    problems = [
        Problem(path.name, int(i) + 1, header or None, value or None, message, severity)
        for i, header, value, message, severity in sorted(raw_problems, key=lambda p: (p[0], p[1]))
    ]
    return frame, source, problems


_RawProblem = tuple[int, str, str, str, Severity]  # (grid index, header, value, message, severity)


def _map_columns(
    path: Path, codebook: Codebook, headers: Sequence[str], data: pd.DataFrame, source: SourceFile
) -> dict[int, ColumnRef]:
    """Column position -> what it holds, for the columns kept; ``source`` learns what
    was mapped, dropped as personal data or not recognised. Raises ExportError for a
    required column missing, a column given twice or a question in two layouts."""
    refs: dict[int, ColumnRef] = {}
    seen: dict[str, tuple[int, str]] = {}
    for position, header in enumerate(headers):
        if not header:
            if cell_texts(data.iloc[:, position]).ne("").any():
                source.unrecognised.append(f"(column {position + 1} without a header)")
            continue
        ref = codebook.match_header(header)
        if ref is None:
            source.unrecognised.append(header)
            continue
        if ref.question.pii:
            source.personal_data_dropped.append(header)
            continue
        if ref.column in seen:
            other_position, other_header = seen[ref.column]
            raise ExportError(
                path,
                f"columns {other_position + 1} ({other_header!r}) and {position + 1} "
                f"({header!r}) both hold {ref.header!r}",
            )
        seen[ref.column] = (position, header)
        refs[position] = ref
        source.mapped.append((header, ref.column))

    missing = [q for q in codebook.required if q.id not in seen]
    if missing:
        names = ", ".join(repr(q.text) for q in missing)
        raise ExportError(
            path,
            f"required column{'s' if len(missing) > 1 else ''} missing: {names} "
            f"(headers read: {', '.join(repr(h) for h in headers if h) or 'none'})",
        )
    both = _joined(refs) & {ref.question.id for ref in refs.values() if ref.kind == "option"}
    if both:
        q = codebook.question(sorted(both)[0])
        raise ExportError(
            path,
            f"question {q.text!r} is given both as one joined column and as a column per option",
        )
    return refs


def _joined(refs: Mapping[int, ColumnRef]) -> set[str]:
    """The multi-selections given as one column of joined labels (layout D)."""
    return {ref.question.id for ref in refs.values() if ref.kind == "joined"}


def _data_rows(path: Path, data: pd.DataFrame, source: SourceFile) -> pd.DataFrame:
    """The rows below the header without the blank ones (counted in ``source``)."""
    blank = pd.Series(True, index=data.index)
    for c in data.columns:
        blank &= cell_texts(data[c]).eq("")
        if not blank.any():  # usually after the first column
            break
    source.blank_rows = int(blank.sum())
    if source.blank_rows:
        data = data[~blank]
    source.rows = len(data)
    if data.empty:
        raise ExportError(path, "the file has a header but no data rows")
    return data


def _row_findings(
    notes: Sequence[RowNote],
    long_cells: Sequence[tuple[int, int, int]],
    headers: Sequence[str],
    index: pd.Index,
    invalid: pd.Series,
    raw_problems: list[_RawProblem],
) -> int:
    """What the reader found of whole rows, and the cells cut short, as problems; a
    row cut short is invalid as such, whatever its padded cells say. The number of
    broken rows."""
    index_set = set(index)
    broken_rows = 0
    for row_note in notes:
        if row_note.index in index_set:
            severity: Severity = "error" if row_note.severity == "error" else "warning"
            raw_problems.append((row_note.index, "", "", row_note.message, severity))
            if row_note.severity == "error":
                broken_rows += 1
                if pd.isna(invalid[row_note.index]):
                    invalid[row_note.index] = row_note.message
    for i, position, length in long_cells:
        if i in index_set:
            header = headers[position] if position < len(headers) and headers[position] else f"column {position + 1}"
            raw_problems.append(
                (
                    i,
                    header,
                    "",
                    f"the cell has {fmt.number(length)} characters; only the first "
                    f"{fmt.number(MAX_CELL_CHARS)} are read",
                    "warning",
                )
            )
    return broken_rows


def _absent(codebook: Codebook, refs: Mapping[int, ColumnRef], columns: Mapping[str, pd.Series]) -> list[str]:
    """Questions (options, items) absent from the file: they stay empty (NA), and the file says so."""
    present_questions = {ref.question.id for ref in refs.values()}
    joined = _joined(refs)
    absent: list[str] = []
    for q in codebook.questions:
        if q.pii or q.required:
            continue
        if q.id not in present_questions:
            absent.append(q.text)
        elif q.type == "multi" and q.id not in joined:
            absent.extend(f"{q.text} - {opt.label}" for opt in q.options if q.option_column(opt) not in columns)
        elif q.type == "matrix":
            absent.extend(f"{q.text} - {item.text}" for item in q.items if q.item_column(item) not in columns)
    return absent


def _typed_frame(
    codebook: Codebook, path: Path, index: pd.Index, columns: Mapping[str, pd.Series], invalid: pd.Series
) -> pd.DataFrame:
    """The processed schema's columns, in its order, from the parsed ``columns``."""
    schema = processed_schema(codebook)
    frame = pd.DataFrame(index=index)
    for name, dtype in schema.items():
        if name in columns:
            frame[name] = _as_dtype(columns[name], dtype)
        elif name not in ("model_key", "source_file", "source_row", "invalid_reason"):
            frame[name] = _as_dtype(pd.Series(pd.NA, index=index), dtype)
    frame["source_file"] = pd.Series(path.name, index=index, dtype="string")
    frame["source_row"] = pd.Series(index + 1, index=index, dtype="Int64")
    frame["invalid_reason"] = invalid
    frame["model_key"] = model_keys(
        columns.get(LINK_COLUMN, pd.Series(pd.NA, index=index, dtype="string")),
        frame["region_code"],
        frame["model_name"],
        frame["response_id"],
    )
    return frame[list(schema)]


# Cells longer than this are cut (with a warning): no answer to the form is near it, and
# a runaway cell (a file pasted into one field) would otherwise slow every step after.
MAX_CELL_CHARS = 100_000


def cap_cells(cells: pd.DataFrame) -> list[tuple[int, int, int]]:
    """Cut every cell longer than MAX_CELL_CHARS, in place; (grid index, column position,
    original length) of each."""
    cut: list[tuple[int, int, int]] = []
    for position in cells.columns:
        column = cells[position]
        if isinstance(column.dtype, pd.StringDtype):
            lengths = column.str.len()
        else:
            lengths = column.map(lambda v: len(v) if isinstance(v, str) else 0)
        over = lengths.gt(MAX_CELL_CHARS).fillna(False).astype(bool)
        if over.any():
            cut += [(int(i), int(position), int(lengths[i])) for i in over[over].index]
            cells.loc[over, position] = column[over].str.slice(0, MAX_CELL_CHARS)
    return cut


# A file whose cells mostly fail to match the form's lists was misread (a wrong
# encoding, shifted columns, another form): its figures would be wrong, so it is
# refused rather than published with most rows invalid.
MISREAD_SHARE = 0.5
MISREAD_MINIMUM = 5


def _refuse_if_misread(
    path: Path, refs: Mapping[int, ColumnRef], results: Mapping[int, _ColumnResult], rows: int, broken_rows: int
) -> None:
    if broken_rows >= MISREAD_MINIMUM and broken_rows > MISREAD_SHARE * rows:
        raise ExportError(
            path,
            f"the file looks misread: {broken_rows} of its {rows} rows have another number of fields "
            "than the header. Is the delimiter right, and are answers holding it quoted? "
            "No figures are made from it.",
        )
    areas = [results[p] for p, ref in refs.items() if ref.question.type == "region"]
    choices = [results[p] for p, ref in refs.items() if ref.question.type in ("single", "multi", "matrix")]
    for kind, group in (("area", areas), ("answer", choices)):
        checked = sum(r.checked for r in group)
        bad = sum(r.unrecognised for r in group)
        if bad >= MISREAD_MINIMUM and bad > MISREAD_SHARE * checked:
            what = "are not one of the 22 areas" if kind == "area" else "are not options of the form"
            raise ExportError(
                path,
                f"the file looks misread: {bad} of its {checked} {kind} cells {what}. "
                "Is it this form's Webropol export, saved whole in one encoding, with its columns "
                "in place? No figures are made from it.",
            )


def _as_dtype(values: pd.Series, dtype: object) -> pd.Series:
    if values.dtype == dtype:
        return values
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.Series(
            pd.Categorical(values.astype(object).where(values.notna(), None), dtype=dtype), index=values.index
        )
    return values.astype(dtype)


def _parse_column(codebook: Codebook, ref: ColumnRef, series: pd.Series) -> _ColumnResult:
    q = ref.question
    if q.id == "submitted_at":
        return _parse_submitted_at(series)
    cells = _Distinct.of(series)
    result = _parse_cells(codebook, ref, cells)
    if q.type in ("region", "single", "multi", "matrix"):  # a cell must be one of a list
        result.checked = int((~cells.blank()).sum())
        result.unrecognised = sum(1 for _, value, _, _ in result.problems if value)
    return result


def _parse_cells(codebook: Codebook, ref: ColumnRef, cells: _Distinct) -> _ColumnResult:
    q = ref.question
    if q.id == "response_id":
        return _parse_response_id(cells)
    if q.type == "region":
        return _parse_region(codebook, cells)
    if ref.kind == "joined":
        return _parse_joined(codebook, q, cells)
    if ref.kind == "option":
        return _parse_option(ref, cells)
    if ref.kind == "item":
        return _parse_choice(
            ref.column,
            cells,
            lambda t: codebook.match_scale(q, t),
            f"not a scale answer of {q.text!r} ({', '.join(q.scale)})",
            pd.CategoricalDtype(list(q.scale), ordered=True),
        )
    if q.type == "single":
        return _parse_choice(
            ref.column,
            cells,
            lambda t: o.label if (o := codebook.match_option(q, t)) else None,
            f"not an option of {q.text!r}",
            pd.CategoricalDtype([o.label for o in q.options], ordered=True),
        )
    if q.type == "number":
        return _parse_number(q, cells)
    values = cells.texts.where(cells.texts.ne("")).astype("string")
    values, removed = _without_contact_details(values)
    if q.type == "url":
        links = normalise_urls(cells.texts)
        not_link = links.isna() & cells.texts.ne("")
        return _ColumnResult(
            {ref.column: values, LINK_COLUMN: links},
            removed
            + cells.problems(
                not_link,
                lambda v: f"not a link ({describe(v)}); the model is matched by its area and name",
                "warning",
            ),
        )
    return _ColumnResult({ref.column: values}, removed)  # text and "other" text


def _without_contact_details(values: pd.Series) -> tuple[pd.Series, list[tuple[int, str, str, Severity]]]:
    """Free text with every e-mail address and phone number replaced by a marker, and a
    warning for each cell: an answer is published as written, a contact detail never."""
    # a first look in pyarrow (RE2, 0.2 s a million answers; pandas' str.contains takes 4 s)
    hint = pc.match_substring_regex(pa_array(values), CONTACT_HINT)
    maybe = pd.Series(hint.fill_null(False).to_numpy(zero_copy_only=False), index=values.index)
    if not maybe.any():
        return values, []
    candidates = values[maybe]
    done = {text: remove_contact_details(text) for text in candidates.unique()}  # once per distinct text
    found = [done[text][1] for text in candidates]
    changed = [i for i, f in zip(candidates.index, found) if f]
    if not changed:
        return values, []
    values = values.copy()
    values.loc[changed] = [done[text][0] for text, f in zip(candidates, found) if f]
    problems: list[tuple[int, str, str, Severity]] = [
        (i, "", f"{' and '.join(f)} removed from the text", "warning") for i, f in zip(candidates.index, found) if f
    ]
    return values, problems


def _parse_response_id(cells: _Distinct) -> _ColumnResult:
    """The ids in their canonical form (see :mod:`analysis.response_ids`), as "string";
    a cell that is not an id is missing, with an error that makes its row invalid."""
    texts = cells.texts.astype("string")
    plain = texts.str.fullmatch(rf"[1-9][0-9]{{0,{response_ids.MAX_LENGTH - 1}}}").fillna(False).astype(bool)
    values = texts.where(plain)  # nearly every id: already canonical
    rest = ~plain & texts.ne("")
    if rest.any():  # leading zeros, other scripts' digits, codes, or not an id
        values[rest] = _Distinct(texts[rest]).map(response_ids.canonical, dtype="string").to_numpy()
    return _ColumnResult({"response_id": values}, cells.problems(values.isna(), response_ids.problem, "error"))


def _parse_submitted_at(series: pd.Series) -> _ColumnResult:
    values = parse_timestamps(series)
    cells = _Distinct(cell_texts(series))
    return _ColumnResult(
        {"submitted_at": values},
        cells.problems(
            values.isna(),
            lambda v: "no submission time" if not v else f"the submission time is not a date and time ({describe(v)})",
            "error",
        ),
    )


def _parse_region(codebook: Codebook, cells: _Distinct) -> _ColumnResult:
    found = {text: codebook.match_region(text) for text in cells.uniques}  # once per distinct value
    regions = cells.map(found.get)
    names = cells.map(
        lambda t: region.name if (region := found[t]) else None,
        dtype=pd.CategoricalDtype(codebook.region_names, ordered=True),
    )
    codes = cells.map(lambda t: region.code if (region := found[t]) else None, dtype="string")
    return _ColumnResult(
        {"region": names, "region_code": codes},
        cells.problems(
            regions.isna(),
            lambda v: "no area" if not v else f"the area is not one of the 22 areas ({describe(v)})",
            "error",
        ),
    )


def _parse_choice(column: str, cells: _Distinct, match, what: str, dtype: object) -> _ColumnResult:
    values = cells.map(lambda t: match(t) if t else None, dtype=dtype)
    bad = values.isna().to_numpy() & ~cells.blank()
    return _ColumnResult(
        {column: values}, cells.problems(bad, lambda v: f"{what} ({describe(v)}); left empty", "warning")
    )


def _parse_number(q: Question, cells: _Distinct) -> _ColumnResult:
    low, high = q.valid or (None, None)

    def parse(t: str):
        if not t:
            return None
        if not re.fullmatch(r"\d+", t):
            return "not a number"
        n = int(t)
        if low is not None and high is not None and not (low <= n <= high):
            return "out of range"
        return n

    parsed = cells.map(parse)
    not_number = parsed.eq("not a number")
    out_of_range = parsed.eq("out of range")
    values = cells.map(lambda t: n if isinstance(n := parse(t), int) else None, dtype="Int64")
    problems = cells.problems(not_number, lambda v: f"not a whole number ({describe(v)}); left empty", "warning")
    problems += cells.problems(out_of_range, lambda v: f"a number outside {low}–{high}; left empty", "warning")
    return _ColumnResult({q.id: values}, problems)


def _parse_option(ref: ColumnRef, cells: _Distinct) -> _ColumnResult:
    """Layouts A-C: 1/0 (or empty), or the option's own label (or empty)."""
    assert ref.option is not None, "an option column names its option"
    own_names = {normalise(n) for n in ref.option.names}

    def parse(t: str):
        key = normalise(t)
        if key in _NOT_CHOSEN:
            return False
        if key in _CHOSEN or key in own_names:
            return True
        return None

    values = cells.map(parse, dtype="boolean")
    return _ColumnResult(
        {ref.column: values},
        cells.problems(
            values.isna(),
            lambda v: f"neither 1/0 nor the option's label ({describe(v)}); left empty",
            "warning",
        ),
    )


def _parse_joined(codebook: Codebook, q: Question, cells: _Distinct) -> _ColumnResult:
    """Layout D: the chosen labels joined by ';'. An entry that is no option's label is
    the "other" answer's text when the question has one ("I1; RRP3")."""
    other = q.other_option

    def parse(t: str) -> tuple[frozenset[str], str]:
        chosen: set[str] = set()
        unknown: list[str] = []
        for entry in (e.strip() for e in t.split(";")):
            if not entry:
                continue
            opt = codebook.match_option(q, entry)
            if opt is None:
                unknown.append(entry)
            else:
                chosen.add(opt.id)
        if unknown and other is not None:
            chosen.add(other.id)
        return frozenset(chosen), "; ".join(unknown)

    parsed = {text: parse(text) for text in cells.uniques}
    columns: dict[str, pd.Series] = {}
    for opt in q.options:
        columns[q.option_column(opt)] = cells.map(lambda t, option=opt.id: option in parsed[t][0], dtype="boolean")
    unknown_by_text = {text: unknown or None for text, (_, unknown) in parsed.items()}
    unknown = cells.map(unknown_by_text.get, dtype="string")
    if other is not None:
        columns[q.other_text_column(other)] = unknown
        return _ColumnResult(columns, [])
    return _ColumnResult(
        columns,
        cells.problems(
            unknown.notna(),
            lambda v: f"an entry that is not an option of {q.text!r} ({describe(unknown_by_text[v])}); ignored",
            "warning",
        ),
    )


# --- several files ------------------------------------------------------------------


def discover_exports(paths: Sequence[Path | str] | None = None) -> list[Path]:
    """The export files among ``paths`` (files, or folders searched for .xlsx/.csv);
    by default everything in data/raw/. Hand-kept files are not exports."""
    found: list[Path] = []
    for given in paths or [config.raw_dir()]:
        p = Path(given)
        if p.is_dir():
            candidates = sorted(
                c
                for c in p.iterdir()
                if c.is_file()
                and c.suffix.lower() in config.EXPORT_SUFFIXES
                and c.name not in config.HAND_KEPT_FILE_NAMES
                and not c.name.startswith((".", "~$"))
            )
            if not candidates:
                raise ExportError(p, "no exports (.xlsx or .csv) in this folder")
            found.extend(candidates)
        else:
            found.append(p)
    return found


@dataclass
class ReadFailure:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def read_exports(
    paths: Sequence[Path | str],
    codebook: Codebook | None = None,
    *,
    progress: bool = False,
    derived: Mapping[str, Derive] | None = None,
) -> tuple[Ingested | None, list[ReadFailure]]:
    """Read several exports into one table. Every file is tried, so that all whole-file
    problems are reported at once; the result is None if any file failed.
    ``derived``: see :func:`read_export`."""
    codebook = codebook or load_codebook()
    frames: list[pd.DataFrame] = []
    files: list[SourceFile] = []
    problems: list[Problem] = []
    failures: list[ReadFailure] = []
    iterator = paths
    if progress and len(paths) > 1:
        from tqdm.auto import tqdm

        iterator = tqdm(paths, desc="Reading exports", unit="file")
    for path in iterator:
        try:
            frame, source, file_problems = read_export(Path(path), codebook, derived)
        except ExportError as exc:
            failures.append(ReadFailure(exc.path, exc.message))
            continue
        frames.append(frame)
        files.append(source)
        problems.extend(file_problems)
    if failures:
        return None, failures
    responses = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    # concat of categoricals keeps the dtype only when categories agree; they always do here.
    schema = processed_schema(codebook)
    for name, dtype in schema.items():
        if str(responses[name].dtype) != str(dtype):
            responses[name] = _as_dtype(responses[name], dtype)
    return Ingested(contiguous(responses), files, problems), []


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """The problems as a table (for data/processed/ and the report)."""
    return pd.DataFrame(
        {
            "file": pd.array([p.file for p in problems], dtype="string"),
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "column": pd.array([p.column for p in problems], dtype="string"),
            "value": pd.array([p.value for p in problems], dtype="string"),
            "message": pd.array([p.message for p in problems], dtype="string"),
            "severity": pd.array([p.severity for p in problems], dtype="string"),
        }
    )


__all__ = [
    "ExportError",
    "Ingested",
    "Problem",
    "SourceFile",
    "discover_exports",
    "parse_timestamps",
    "problems_frame",
    "processed_schema",
    "read_export",
    "read_exports",
]
