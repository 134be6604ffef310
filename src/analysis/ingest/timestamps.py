"""Submission times: Excel datetimes and serial numbers, and Webropol's Finnish
text ("30.6.2025 14:05", "30.6.2025 klo 14.05"), read column-wise."""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis import config
from analysis.arrow_columns import pa_array

_FINNISH_TIME = re.compile(r"\s+klo\s+", re.IGNORECASE)
TIME_FORMATS = (
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
    for time_format in TIME_FORMATS:
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

    It reads the digits at their fixed places in the UTF-8 bytes: about a third of
    the time of pandas' strptime (0.5 s against 1.5 s for a million rows, measured
    4.12.2026 on this project's machine). Such a text gets
    the time the first two of ``TIME_FORMATS`` give it; every other text, valid
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
