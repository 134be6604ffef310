"""Numbers and dates the Finnish way, and shares that add up (a no-break space
between a number and its %, so that the two stay on one line).

>>> largest_remainder([18, 14, 72, 1, 3])
[17, 13, 66, 1, 3]
>>> number(63.9, 1), percent(17), date_fi(date(2025, 6, 30))
('63,9', '17\\xa0%', '30.6.2025')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"


def largest_remainder(counts: Sequence[int], decimals: int = 0) -> list[float]:
    """Percentages of ``counts`` rounded to ``decimals`` so that they sum to exactly 100.

    Each share is first rounded down; the units still missing go to the largest
    remainders, ties to the earlier item (form order). An all-zero input gives zeros.
    """
    total = sum(counts)
    if total == 0:
        return [0.0 if decimals else 0 for _ in counts]
    scale = 10**decimals
    units = 100 * scale
    exact = [Decimal(c) * units / total for c in counts]
    floors = [int(e) for e in exact]
    missing = units - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [f / scale if decimals else f for f in floors]


def share(count: int, total: int, decimals: int = 0) -> float:
    """``count`` as a percentage of ``total``, rounded half up (0 for an empty total)."""
    if not total:
        return 0
    value = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return int(value) if decimals == 0 else float(value)


MINUS = "\u2212"  # the minus sign of a negative number (Kielitoimiston ohjepankki)


def number(value: float | int, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (non-breaking space between thousands, decimal comma); a
    negative number with a real minus sign (U+2212), never the hyphen; a value that
    rounds to zero without a sign.

    >>> number(-0.0712, 2) == "\u22120,07", number(-0.001, 2)
    (True, '0,00')
    """
    text = f"{value:,.{decimals}f}"
    if text.startswith("-"):
        text = text[1:] if not text.strip("-0.,") else MINUS + text[1:]
    return text.replace(",", NBSP).replace(".", ",")


def percent(value: float | int, decimals: int = 0) -> str:
    return f"{number(value, decimals)}{NBSP}%"


def report_title(cutoff: date) -> str:
    """The report's title (its <title>, its first heading)."""
    return f"RRP-toimintamallien vaikutusten itsearvioinnit – yhteenveto {date_fi(cutoff)}"


def date_fi(value: date | datetime) -> str:
    """30.6.2025"""
    return f"{value.day}.{value.month}.{value.year}"


# Joins the en dash of a range to both its ends, so that a line (a narrow table
# header) never breaks inside "3–5" or "31.10.–31.12.2025"; invisible and silent.
WORD_JOINER = "\u2060"


def range_fi(low: object, high: object) -> str:
    """A range with an unspaced en dash that does not break: "3–5".

    >>> range_fi(3, 5) == "3\u2060–\u20605"
    True
    """
    return f"{low}{WORD_JOINER}–{WORD_JOINER}{high}"


def date_range_fi(start: date, end: date) -> str:
    """Two days as a range, the year once when both are in it (Kielitoimiston
    ohjepankki: "31.10.–31.12.2025"), joined not to break.

    >>> date_range_fi(date(2025, 10, 31), date(2025, 12, 31)).replace(WORD_JOINER, "")
    '31.10.–31.12.2025'
    >>> date_range_fi(date(2025, 12, 31), date(2026, 1, 16)).replace(WORD_JOINER, "")
    '31.12.2025–16.1.2026'
    """
    first = f"{start.day}.{start.month}." if start.year == end.year else date_fi(start)
    return range_fi(first, date_fi(end))


def datetime_fi(value: datetime) -> str:
    """30.6.2025 klo 14.05"""
    return f"{date_fi(value)} klo {value.hour}.{value.minute:02d}"


HELSINKI = "Europe/Helsinki"


def timestamp_fi(value: str | datetime) -> str:
    """A moment in Finnish time the Finnish way: '2026-12-04T00:23:51+00:00' ->
    '4.12.2026 klo 2.23' (Europe/Helsinki, summer time included). A time without a
    zone is taken as UTC (the build records UTC); an empty value gives ''."""
    from zoneinfo import ZoneInfo

    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return datetime_fi(moment.astimezone(ZoneInfo(HELSINKI)))


def signed(value: int) -> str:
    """+3, −2, ±0 (with a real minus sign)."""
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"\u2212{-value}"
    return "\u00b10"


_TYPED_DAY_FI = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def read_day(text: str) -> date:
    """A day as a person types it, the Finnish way (30.6.2025, 30.06.2025) or ISO
    (2025-06-30): the inverse of :func:`date_fi`. Raises ValueError when it is
    neither, or no day of the calendar.

    >>> read_day("30.6.2025"), read_day(" 2025-06-30 ")
    (datetime.date(2025, 6, 30), datetime.date(2025, 6, 30))
    """
    text = text.strip()
    if finnish := _TYPED_DAY_FI.fullmatch(text):
        day, month, year = map(int, finnish.groups())
        return date(year, month, day)
    return date.fromisoformat(text)
