"""Cells for a spreadsheet: text a spreadsheet would run as a formula made inert,
and response ids as numbers where Excel holds them exactly."""

from __future__ import annotations

# A cell beginning so is a formula to Excel and LibreOffice (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert with a
    leading apostrophe (OWASP's advice for CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


EXCEL_DIGITS = 15  # an Excel number keeps 15 significant digits


def id_cell(response_id: object) -> object:
    """A response id for the spreadsheet: a number when it is one Excel can hold
    exactly, else the text (a code, or a longer number)."""
    text = str(response_id) if response_id is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= EXCEL_DIGITS else response_id
