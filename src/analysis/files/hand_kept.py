"""One reader for every hand-kept file: the small tables an analyst keeps in Excel.

``exclusions.csv``, ``listing_status.csv``, ``theme_codes.csv`` and the panel's
reviewers file are all read here, the way the exports are read
(:mod:`analysis.files.grid`): UTF-8 with or without BOM, UTF-16, cp1252 (Excel's
"CSV (puolipisteeroteltu)"), ``;`` ``,`` or tab, or a workbook (.xlsx, .xls,
.ods), also one saved under a .csv name. Its columns are found by their header,
through aliases given by the caller (the codebook's ``handkept`` section keeps
them in one place). What each file *means* is decided by its own module
(:mod:`analysis.ingest.analyst_decisions`, :mod:`analysis.panel.assignment`).

Every cell comes as stripped text ("" for empty; 3.0 as "3"; a date cell of a
workbook as its ISO day), with its spreadsheet row, so that every problem can be
named by file, row and column.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from analysis.files.grid import ExportError, RowNote, read_grid
from analysis.form.codebook import normalise_header
from analysis.problems.record import Message

ROW = "row"  # the table's column holding each row's spreadsheet row number


class HandKeptError(ExportError):
    """A hand-kept file that cannot be used at all (exit code 1): the build stops
    before anything is written."""


@dataclass(frozen=True)
class HandKeptTable:
    """A hand-kept file's rows: one text column per role, and ``row``."""

    path: Path
    rows: pd.DataFrame  # role columns (text) and ROW; blank rows left out
    headers: Mapping[str, str]  # role -> the file's own header for it ("" for an absent optional one)
    description: str  # how the file was read: "csv, cp1252, delimiter ';'"
    notes: tuple[RowNote, ...] = ()  # rows the reader found something about
    workbook_as_csv: str | None = None  # "xlsx" when a workbook stands under a .csv name
    other_headers: tuple[str, ...] = ()  # the header row's non-empty cells that are no role's

    def column(self, role: str) -> str:
        """The column's name as a problem names it: the file's own header, else the role."""
        return self.headers.get(role) or role


def check_readable(path: Path) -> None:
    """Refuse a path that is there but is not a readable file: a folder, a broken
    link, a file without read permission."""
    if path.is_symlink() and not path.exists():
        raise HandKeptError(path, Message("handkept_broken_link"))
    if path.is_dir():
        raise HandKeptError(path, Message("handkept_is_folder"))
    if not path.is_file():
        raise HandKeptError(path, Message("handkept_not_regular_file"))
    if not os.access(path, os.R_OK):
        raise HandKeptError(path, Message("handkept_no_permission"))


def read_hand_kept(
    path: Path | str,
    aliases: Mapping[str, Sequence[str]],
    optional: Sequence[str] = (),
) -> HandKeptTable:
    """Read a hand-kept file: ``aliases`` maps each role to the headers it may have
    (compared as export headers are: case folded, spaces collapsed, Unicode NFC);
    a role in ``optional`` may be absent (its cells read as empty). Raises
    :class:`HandKeptError` for a file that cannot be used at all."""
    path = Path(path)
    check_readable(path)
    wanted = {role: {normalise_header(h) for h in names} for role, names in aliases.items()}

    def score(rows: Sequence[Sequence[str]]) -> int:
        return sum(1 for h in rows[0] if any(normalise_header(h) in names for names in wanted.values())) if rows else 0

    try:
        grid = read_grid(path, score)
    except ExportError as exc:
        raise HandKeptError(path, *exc.messages, row=exc.row, column=exc.column, detail=exc.detail) from None
    cells = grid.cells
    if cells.empty:
        raise HandKeptError(path, Message("handkept_without_rows", expected=_expected(aliases)))
    header = [_text(v) for v in cells.iloc[0]]
    normalised = [normalise_header(h) for h in header]
    table = pd.DataFrame(index=cells.index[1:])
    headers: dict[str, str] = {}
    for role, names in wanted.items():
        found = [i for i, h in enumerate(normalised) if h in names]
        if not found and role in optional:
            table[role] = ""
            headers[role] = ""
            continue
        if not found:
            raise HandKeptError(
                path,
                Message(
                    "handkept_column_missing",
                    column=aliases[role][0],
                    aliases=", ".join(aliases[role]),
                    headers=", ".join(h for h in header if h) or "–",
                ),
                row=1,
            )
        if len(found) > 1:
            raise HandKeptError(
                path,
                Message(
                    "handkept_column_twice",
                    count=len(found),
                    column=aliases[role][0],
                    headers=", ".join(header[i] for i in found),
                ),
                row=1,
            )
        table[role] = [_text(v) for v in cells.iloc[1:, found[0]]]
        headers[role] = header[found[0]]
    table[ROW] = table.index + 1
    matched = {i for i, h in enumerate(normalised) if any(h in names for names in wanted.values())}
    others = tuple(h for i, h in enumerate(header) if h and i not in matched)
    blank = (table.drop(columns=[ROW]) == "").all(axis=1) if len(table) else pd.Series(dtype=bool)
    return HandKeptTable(
        path,
        table[~blank].reset_index(drop=True),
        headers,
        grid.description,
        tuple(grid.notes),
        grid.workbook_under_csv_name,
        others,
    )


def _expected(aliases: Mapping[str, Sequence[str]]) -> str:
    return ";".join(names[0] for names in aliases.values())


def _text(value: object) -> str:
    """A cell as stripped text: empty for missing, 3.0 as "3", a date cell as its
    ISO form (2026-01-20, or with its time when it has one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | pd.Timestamp):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- dates as an analyst writes them -------------------------------------------------

_FINNISH_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?(?:\s+(?:klo\s+)?\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its serial 60 is the 29.2.1900 that never was)
SERIAL_RANGE = (20000, 80000)  # 4.10.1954 – 10.1.2119: a five-digit number outside is no date


def parse_day(text: str) -> date | None:
    """The day a hand-kept cell holds, in the forms a Finnish Excel writes it back
    (20.1.2026, 20.01.2026, 20.1.2026 14:05), ISO (2026-01-20, with or without a
    time), or an Excel serial number (46042) where the cell came as a number; None
    when it is none of these (or no real day, 31.2.2026).

    >>> [parse_day(t) for t in ("20.1.2026", "20.01.2026 14:05", "2026-01-20", "46042")]
    [datetime.date(2026, 1, 20), datetime.date(2026, 1, 20), datetime.date(2026, 1, 20), datetime.date(2026, 1, 20)]
    >>> parse_day("31.2.2026") is None, parse_day("tammikuussa") is None
    (True, True)
    """
    text = text.strip()
    try:
        if found := _FINNISH_DAY.fullmatch(text):
            day, month, year = (int(g) for g in found.groups())
            return date(year, month, day)
        if found := _ISO_DAY.fullmatch(text):
            year, month, day = (int(g) for g in found.groups())
            return date(year, month, day)
    except ValueError:
        return None
    if _SERIAL.fullmatch(text) and SERIAL_RANGE[0] <= float(text) < SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    return None


# --- rows given twice -----------------------------------------------------------------


@dataclass(frozen=True)
class Repeats:
    """Rows with the same key: ``again`` maps a row that repeats an earlier one exactly
    (in every role that matters) to that earlier row; ``conflicts`` maps a key to its
    rows when they disagree."""

    again: dict[int, int] = field(default_factory=dict)
    conflicts: dict[tuple[str, ...], list[int]] = field(default_factory=dict)


def repeats(rows: pd.DataFrame, key: Sequence[str], values: Sequence[str]) -> Repeats:
    """Rows of ``rows`` (a HandKeptTable's, with keys already in their canonical form)
    that share ``key``: exact repeats, and keys whose ``values`` differ."""
    again: dict[int, int] = {}
    conflicts: dict[tuple[str, ...], list[int]] = {}
    for group_key, group in rows.groupby(list(key), sort=False, dropna=True):
        if len(group) < 2:
            continue
        distinct = group.drop_duplicates(list(values))
        if len(distinct) > 1:
            conflicts[tuple(group_key) if isinstance(group_key, tuple) else (group_key,)] = list(group[ROW])
            continue
        first = int(group[ROW].iloc[0])
        again.update({int(r): first for r in group[ROW].iloc[1:]})
    return Repeats(again, conflicts)
