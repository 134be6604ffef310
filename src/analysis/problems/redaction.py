"""What a problem message may show of a cell it is about.

A row-level problem is about a cell that did not hold what its column should: a
name typed into the area column, an e-mail address in the response id. Such a
cell may be personal data, and problems are written into ``data/processed/`` and
shown in the reports, so a problem never carries the cell as it is: it shows the
cell's *kind and length* ("teksti, 22 merkkiä", "sähköpostiosoite, 19 merkkiä"),
which is enough to find it by its file, row and column.
"""

from __future__ import annotations

import re

from analysis.language.formatting import number

# Bounded repeats (RFC 5321's lengths): a search stays linear on a cell of megabytes.
_EMAIL = re.compile(r"[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,63}")
# Finnish and international phone numbers: 040 123 4567, +358 40 1234567, (09) 123 456
_PHONE = re.compile(r"(?<![\d])(?:\+|00)?\d[\d\s()/-]{5,}\d(?![\d])")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def kind_of(text: str) -> str:
    """The kind of a cell's text, in Finnish (for the reader of a report)."""
    text = text.strip()
    if not text:
        return "tyhjä"
    if "@" in text and _EMAIL.search(text):
        return "sähköpostiosoite"
    if _PHONE.fullmatch(text) and sum(c.isdigit() for c in text) >= 7:
        return "puhelinnumero"
    if _NUMBER.fullmatch(text):
        return "numero"
    if text.isdigit():  # digits of another script
        return "numero"
    return "teksti"


def describe(text: str | None) -> str:
    """A cell shown by its kind and length only: "teksti, 22 merkkiä"."""
    text = "" if text is None else str(text)
    length = len(text)
    return f"{kind_of(text)}, {number(length)} {'merkki' if length == 1 else 'merkkiä'}"


# Contact details in free text: an e-mail address, or a Finnish or international phone
# number (040 123 4567, 09 1234 5678, +358 40 1234567). Sums of money ("1 200 000
# euroa") do not start with 0 or +, and are left alone.
_TEXT_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s-]?|0)\d{1,3}(?:[\s-]?\d{2,4}){2,3}(?!\w)")
CONTACT_HINT = r"@|\+\d|(?:^|[^\w])0\d"  # a cheap first look, vectorised over a column


def remove_contact_details(text: str) -> tuple[str, list[str]]:
    """The text with e-mail addresses and phone numbers replaced by a marker, and what
    was removed ("e-mail address", "phone number")."""
    found = []
    if "@" in text:
        text, count = _EMAIL.subn("[sähköpostiosoite poistettu]", text)
        if count:
            found.append("e-mail address")
    text, count = _TEXT_PHONE.subn("[puhelinnumero poistettu]", text)
    if count:
        found.append("phone number")
    return text, found


__all__ = ["CONTACT_HINT", "describe", "kind_of", "remove_contact_details"]
