"""How the report names a problem's column and severity (Finnish, for the reader).

A problem names its column by the export's own header, by an internal name of a
hand-kept file's column, or as "column 7" for a column without a header.

>>> column_fi("innokyla_url"), column_fi("column 7"), column_fi("Hyvinvointialue")
('Innokylä-linkki', 'sarake 7', 'Hyvinvointialue')
"""

from __future__ import annotations

import re

# the reader's names for the internal column names the problems use
COLUMNS_FI = {
    "response_id": "Vastaajan numero",
    "reason": "syy",
    "innokyla_url": "Innokylä-linkki",
    "liitetty": "liitetty",
    "tarkistettu": "tarkistettu",
    "liitetty_pvm": "liitetty_pvm",
    "theme": "teema",
    "code": "koodi",
}

SEVERITY_FI = {"error": "virhe (rivi poistettu)", "warning": "huomautus"}


def column_fi(column: object) -> str:
    """A problem's column in the reader's words: an export's own header as it is,
    an internal name by its Finnish name, "column 7" as "sarake 7"."""
    if column is None or (isinstance(column, float) and column != column):
        return ""
    text = str(column)
    if text in COLUMNS_FI:
        return COLUMNS_FI[text]
    found = re.fullmatch(r"column (\d+)", text)
    return f"sarake {found.group(1)}" if found else text
