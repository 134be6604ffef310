"""Response ids: which cells are one, when two are the same, and their order.

Webropol numbers the responses 1, 2, 3, …; an export from elsewhere, or a merged
one, may carry longer numbers or codes such as ``R-2025-0017``. A response id is
kept as text (the "string" dtype, in ``data/processed/`` too), in one canonical
form, so that the same id is the same text in the exports, ``exclusions.csv``
and ``theme_codes.csv``:

- **a number**: digits only, of any length. It is compared by its value, so it
  is kept without leading zeros: ``00123`` is ``123``, ``000`` is ``0``; digits of
  other scripts are read as their value.
- **a code**: letters and digits, with at least one of each, possibly joined by
  single ``-``, ``_``, ``.`` or ``/`` (``R-2025-0017``, ``abc123``). It is
  compared as written (after trimming; case and zeros count: ``R-0017`` is not
  ``R-17``).

Anything else is not an id and its row is ``invalid``: a blank cell, a text over
:data:`MAX_LENGTH` characters, one with control or invisible characters, and a
text with spaces, other characters or no digits at all. Such a cell is often
personal data typed into the wrong column (a name, an e-mail address, a phone
number written with spaces or a ``+``), and it is never copied to an output:
problems show it by its kind and length only (:func:`analysis.problems.redaction.describe`).

Order: numbers first, by value; then codes, as text (by code point); missing last.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.arrow_columns import pa_array
from analysis.problems.record import Message
from analysis.problems.redaction import describe

MAX_LENGTH = 100

_NUMBER = re.compile(r"\d+")  # any script's decimal digits
_CODE = re.compile(r"[^\W_]+(?:[-_./][^\W_]+)*")  # letters and digits, joined by - _ . /
_LETTER = re.compile(r"[^\W\d_]")
CANONICAL_NUMBER = r"0|[1-9][0-9]*"  # how a number is kept: ASCII digits, no leading zero


def _hidden(text: str) -> bool:
    """Whether the text holds control or invisible formatting characters."""
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def canonical(text: str | None) -> str | None:
    """The id a cell holds, in its canonical form, or None when it is not an id.

    >>> canonical("00123"), canonical(" R-2025-0017 "), canonical("Matti Meikäläinen")
    ('123', 'R-2025-0017', None)
    """
    text = unicodedata.normalize("NFC", "" if text is None else str(text)).strip()
    if not text or len(text) > MAX_LENGTH or _hidden(text):
        return None
    if _NUMBER.fullmatch(text):
        return str(int(text))
    if _CODE.fullmatch(text) and _LETTER.search(text) and any(c.isdecimal() for c in text):
        return text
    return None


def problem(text: str | None) -> Message:
    """Why a cell is not a response id (for a text :func:`canonical` refuses); the
    cell is shown by its kind and length only."""
    text = "" if text is None else str(text).strip()
    if not text:
        return Message("no_response_id")
    if len(text) > MAX_LENGTH:
        return Message("response_id_too_long", what=describe(text), limit=MAX_LENGTH)
    if _hidden(text):
        return Message("response_id_hidden_characters", what=describe(text))
    return Message("response_id_not_an_id", what=describe(text))


def sort_key(response_id: str) -> tuple[int, int, str]:
    """A canonical id's place in order: numbers by value, then codes as text.

    >>> sorted(["R-1", "10", "2", "100000000000000000000"], key=sort_key)
    ['2', '10', '100000000000000000000', 'R-1']
    """
    if re.fullmatch(CANONICAL_NUMBER, response_id):
        return (0, len(response_id), response_id)  # no leading zeros: longer is larger
    return (1, 0, response_id)


def order(ids: pd.Series) -> np.ndarray:
    """For a column of canonical ids, each row's position in the id order (see
    :func:`sort_key`; missing ids last, equal ids in row order): sorting by it sorts
    by id, and it can be one key among others of a pandas sort. Computed by
    pyarrow's sort, without a Python object per row; numbers of up to 18 digits
    (nearly every id) are compared as integers, which is twice as fast as text."""
    values = pa_array(ids.astype("string"))
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    is_number = pc.match_substring_regex(values, f"^(?:{CANONICAL_NUMBER})$")
    digits = pc.utf8_length(values)
    short = pc.and_(is_number, pc.less_equal(digits, 18))  # fits in an int64
    keys = pa.table(
        {
            "kind": pc.if_else(short, 0, pc.if_else(is_number, 1, 2)),  # missing where the id is
            "value": pc.cast(pc.if_else(short, values, "0"), pa.int64()),
            "digits": pc.if_else(is_number, digits, 0),  # a longer number is a larger one
            "text": pc.if_else(short, pa.scalar(None, values.type), values),
        }
    )
    by = pc.sort_indices(keys, sort_keys=[(name, "ascending") for name in keys.column_names])  # stable
    positions = np.empty(len(ids), dtype=np.int64)
    positions[by.to_numpy()] = np.arange(len(ids), dtype=np.int64)
    return positions


__all__ = ["MAX_LENGTH", "canonical", "order", "problem", "sort_key"]
