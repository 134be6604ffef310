"""Numbers, dates and plural categories in the report's three languages, from the
Unicode CLDR data through Babel.

Finnish is written as :mod:`analysis.language.formatting` writes it (the same
bytes: a no-break space between thousands and before %, a decimal comma,
30.6.2025), Swedish as Finland-Swedish writes it (the ``sv_FI`` locale: the same
grouping and decimal comma; dates day.month.year, as Institutet för de inhemska
språken recommends in Finland, where CLDR's short Swedish date is ISO), and
English as British and EU reporting write it (``en_GB``: comma grouping, a decimal
point, "31 December 2025").

>>> number(1234.5, "fi", 1), number(1234.5, "sv", 1), number(1234.5, "en", 1)
('1\\xa0234,5', '1\\xa0234,5', '1,234.5')
>>> percent(17, "fi"), percent(17, "en")
('17\\xa0%', '17%')
>>> day(date(2025, 12, 31), "sv"), day(date(2025, 12, 31), "en")
('31.12.2025', '31 December 2025')
>>> plural(1, "en"), plural(5, "sv"), plural(0, "fi")
('one', 'other', 'other')
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Literal, get_args

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, get_minus_sign_symbol

Language = Literal["fi", "sv", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

# The CLDR locale each language is written in.
LOCALES: dict[Language, str] = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}

# A day as each language writes it in running text and tables (CLDR date patterns).
DAY_PATTERNS: dict[Language, str] = {"fi": "d.M.y", "sv": "d.M.y", "en": "d MMMM y"}


def check_language(language: str) -> Language:
    """``language`` if it is one of the report's languages; else a ValueError naming them."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    return language


@cache
def locale(language: str) -> Locale:
    return Locale.parse(LOCALES[check_language(language)])


def _rounded(value: float | int | Decimal, decimals: int) -> Decimal:
    """``value`` rounded to ``decimals`` exactly as Python's own formatting rounds it
    (what :func:`analysis.language.formatting.number` does), so that the languages
    never disagree on a figure's last digit."""
    return Decimal(f"{value:.{decimals}f}")


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def number(value: float | int | Decimal, language: str, decimals: int = 0) -> str:
    """``value`` with ``decimals`` decimals, grouped by thousands as ``language`` does;
    a negative number with the language's minus sign from CLDR (U+2212 in Finnish and
    Swedish, as :func:`analysis.language.formatting.number`; a hyphen-minus in
    English), and a value that rounds to zero without a sign.

    >>> number(-0.0712, "fi", 2) == "\u22120,07", number(-3, "en"), number(-0.001, "sv", 2)
    (True, '-3', '0,00')
    """
    rounded = _rounded(value, decimals)
    body = format_decimal(abs(rounded), format=_pattern(decimals), locale=locale(language))
    return get_minus_sign_symbol(locale(language)) + body if rounded < 0 else body


def percent(value: float | int | Decimal, language: str, decimals: int = 0) -> str:
    """``value`` percentage points as ``language`` writes a percentage: "17 %" in
    Finnish and Swedish (a no-break space before the sign), "17%" in English."""
    loc = locale(language)
    pattern = loc.percent_formats[None].pattern
    # the locale's percent pattern ("#,##0 %", "#,##0%") with its digits shown as a number
    body = number(value, language, decimals)
    return pattern.replace("#,##0", body, 1)


def day(value: date | datetime, language: str) -> str:
    """A day: "31.12.2025" in Finnish and Swedish, "31 December 2025" in English."""
    lang = check_language(language)
    return format_date(value, format=DAY_PATTERNS[lang], locale=locale(lang))


PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]


def plural(count: float | int | Decimal, language: str) -> PluralCategory:
    """CLDR's plural category of ``count`` in ``language`` ("one" or "other" in all
    three; a count shown with decimals, 1,0, is "other")."""
    return locale(language).plural_form(count)  # type: ignore[return-value]


def plural_categories(language: str) -> frozenset[str]:
    """The categories ``language``'s plural rule can give (always with "other")."""
    return frozenset(locale(language).plural_form.tags | {"other"})


def join(parts: list[str], language: str, style: Literal["standard", "or"] = "standard") -> str:
    """A list said as ``language`` says it, by CLDR's list patterns: "a, b och c",
    "a, b and c" (British English writes no comma before "and"); with ``style``
    "or": "a, b eller c", "a, b or c"; "" for no parts."""
    if not parts:
        return ""
    return format_list(parts, style=style, locale=locale(language))
