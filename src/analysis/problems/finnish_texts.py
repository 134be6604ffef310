"""The report's Finnish for the pipeline's messages.

``validate`` and ``clean`` speak to the analyst in English; the report speaks
Finnish. Each kind of message (a row problem, an exclusion's detail) has one
pattern here and one Finnish text: :func:`message_fi` turns a message into the
reader's Finnish. A message of a kind not listed gets a plain Finnish text by
its severity, never the English: a test runs every kind of bad input through
the pipeline and checks that each message has its own Finnish text.

>>> message_fi("submitted before the form was published on 12.03.2025")
'lähetetty ennen lomakkeen julkaisua 12.3.2025'
>>> message_fi("same response id as vienti.xlsx row 90")
'sama vastaajan numero kuin tiedoston vienti.xlsx rivillä 90'
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
}

SEVERITY_FI = {"error": "virhe (rivi poistettu)", "warning": "huomautus"}

# when no pattern fits: what the severity means, in Finnish
FALLBACK_FI = {
    "error": "rivi ei kelpaa, ja se on poistettu",
    "warning": "huomautus riviltä; solu on jätetty tyhjäksi tai merkintä ohitettu",
}

_ENCODINGS_FI = {"UTF-8": "UTF-8", "cp1252 (Windows)": "cp1252 (Windows)", "cp1252": "cp1252 (Windows)"}
_REMOVED_FI = {"e-mail address": "sähköpostiosoite", "phone number": "puhelinnumero"}


def _date(text: str) -> str:
    """12.03.2025 -> 12.3.2025 (the Finnish way, without leading zeros)."""
    day, month, year = text.split(".")
    return f"{int(day)}.{int(month)}.{year}"


def _removed(text: str) -> str:
    return " ja ".join(_REMOVED_FI.get(part, part) for part in text.split(" and "))


# (pattern of the English message, Finnish template); named groups are filled in.
# Groups named "date" are written the Finnish way, "removed" translated. The texts
# in brackets ("teksti, 22 merkkiä") are Finnish already (redaction.describe).
PATTERNS: tuple[tuple[str, str], ...] = (
    # cleaning: exclusion details
    (
        r"submitted before the form was published on (?P<date>\d+\.\d+\.\d+)",
        "lähetetty ennen lomakkeen julkaisua {date}",
    ),
    (r"submitted after the cutoff (?P<date>\d+\.\d+\.\d+)", "lähetetty rajapäivän {date} jälkeen"),
    (r"same response id as (?P<file>.+) row (?P<row>\d+)", "sama vastaajan numero kuin tiedoston {file} rivillä {row}"),
    (
        r"the same model was assessed again in response (?P<id>\d+)",
        "sama toimintamalli arvioitiin myöhemmin uudelleen (vastaajan numero {id})",
    ),
    (
        r"response id (?P<id>\d+) is in the exclusions file but in no export",
        "vastaajan numero {id} on poistolistassa mutta ei yhdessäkään vientitiedostossa",
    ),
    (
        r"response (?P<id>\d+) appears again with different answers; "
        r"the first \((?P<file>.+) row (?P<row>\d+)\) is kept",
        "vastaus {id} on aineistossa uudelleen eri vastauksin; ensimmäinen (tiedoston {file} rivi {row}) on mukana",
    ),
    # ingest: rows that cannot be used
    (r"no response id", "vastaajan numero puuttuu"),
    (
        r"the response id has (?P<n>\d+) digits, more than a Webropol response id has \(at most 18\); "
        r"the row cannot be matched to exclusions or reviewed codes",
        "vastaajan numerossa on {n} numeroa, enemmän kuin Webropolin vastaajan numerossa (enintään 18); "
        "riviä ei voi yhdistää poistolistaan eikä tarkistettuihin teemakoodeihin",
    ),
    (r"the response id is not a whole number \((?P<what>.*)\)", "vastaajan numero ei ole kokonaisluku ({what})"),
    (r"no submission time", "vastausaika puuttuu"),
    (
        r"the submission time is not a date and time \((?P<what>.*)\)",
        "vastausaika ei ole päivämäärä ja kellonaika ({what})",
    ),
    (r"no area", "hyvinvointialue puuttuu"),
    (r"the area is not one of the 22 areas \((?P<what>.*)\)", "alue ei ole yksi 22 hyvinvointialueesta ({what})"),
    # ingest: cells left empty or entries ignored
    (
        r"not a scale answer of '(?P<q>.*)' \((?P<scale>.*)\) \((?P<what>.*)\); left empty",
        "ei kysymyksen ”{q}” vastausvaihtoehto ({scale}) ({what}); solu jätetty tyhjäksi",
    ),
    (
        r"not an option of '(?P<q>.*)' \((?P<what>.*)\); left empty",
        "ei kysymyksen ”{q}” vaihtoehto ({what}); solu jätetty tyhjäksi",
    ),
    (
        r"an entry that is not an option of '(?P<q>.*)' \((?P<what>.*)\); ignored",
        "merkintä, joka ei ole kysymyksen ”{q}” vaihtoehto ({what}); ohitettu",
    ),
    (r"not a whole number \((?P<what>.*)\); left empty", "ei kokonaisluku ({what}); solu jätetty tyhjäksi"),
    (
        r"a number outside (?P<low>\d+)–(?P<high>\d+); left empty",
        "luku ei ole välillä {low}–{high}; solu jätetty tyhjäksi",
    ),
    (
        r"not a link \((?P<what>.*)\); the model is matched by its area and name",
        "ei linkki ({what}); toimintamalli tunnistetaan alueen ja nimen perusteella",
    ),
    (r"(?P<removed>.+) removed from the text", "{removed} poistettu tekstistä"),
    (
        r"the cell has (?P<n>[\d\s\u00a0]+) characters; only the first (?P<m>[\d\s\u00a0]+) are read",
        "solussa on {n} merkkiä; vain ensimmäiset {m} merkkiä on luettu",
    ),
    # readers: whole rows
    (
        r"the row is not (?P<a>UTF-8|cp1252 \(Windows\)) like the rest of the file; it was decoded as "
        r"(?P<b>UTF-8|cp1252 \(Windows\)) \(check its letters ä, ö, å\)",
        "rivin merkistö ei ole {a} kuten muun tiedoston; se on luettu merkistönä {b} (tarkista sen kirjaimet ä, ö, å)",
    ),
    (
        r"the row has (?P<n>\d+) fields where the header has (?P<w>\d+): it looks cut short",
        "rivillä on {n} kenttää, otsikkorivillä {w}: rivi näyttää katkenneen",
    ),
    (
        r"the row has (?P<n>\d+) fields where the header has (?P<w>\d+) \(an answer with an unquoted (?P<d>.+)\?\): "
        r"its columns cannot be told apart",
        "rivillä on {n} kenttää, otsikkorivillä {w} (vastauksessa lainausmerkeittä {d}?): sarakkeita ei voi erottaa",
    ),
    (
        r"the row has (?P<n>\d+) fields where the header has (?P<w>\d+); the (?P<e>\d+) empty field\(s\) at its end "
        r"are ignored",
        "rivillä on {n} kenttää, otsikkorivillä {w}; sen lopun tyhjät kentät ({e}) on ohitettu",
    ),
    # hand-kept files
    (r"not a response id \((?P<what>.*)\); line ignored", "ei vastaajan numero ({what}); rivi ohitettu"),
    (r"no reason given; the response is still excluded", "syytä ei ole annettu; vastaus on silti poistettu"),
    (r"not a link; line ignored", "ei linkki; rivi ohitettu"),
    (r"neither 'kyllä' nor 'ei'; line ignored", "ei ”kyllä” eikä ”ei”; rivi ohitettu"),
    (
        r"the same link is listed again with another status; the later line counts",
        "sama linkki on listassa uudelleen toisella tilalla; myöhempi rivi on voimassa",
    ),
    (r"not a date \(YYYY-MM-DD\)", "ei päivämäärä (VVVV-KK-PP)"),
    (
        r"not one of the seven themes \((?P<what>.*)\); line ignored",
        "ei yksi seitsemästä teemasta ({what}); rivi ohitettu",
    ),
    (r"the code is neither 1 nor 0 \((?P<what>.*)\); line ignored", "koodi ei ole 1 eikä 0 ({what}); rivi ohitettu"),
)

_COMPILED = tuple((re.compile(pattern), template) for pattern, template in PATTERNS)


def translate(message: str) -> str | None:
    """The message's Finnish text, or None when no pattern fits it."""
    for pattern, template in _COMPILED:
        found = pattern.fullmatch(message.strip())
        if found:
            values = dict(found.groupdict())
            if "date" in values:
                values["date"] = _date(values["date"])
            if "removed" in values:
                values["removed"] = _removed(values["removed"]).capitalize()
            return template.format(**values)
    return None


def message_fi(message: object, severity: str = "warning") -> str:
    """The Finnish text of a pipeline message: its own, else a plain one by severity."""
    if message is None or (isinstance(message, float) and message != message):
        return ""
    text = translate(str(message))
    return text if text is not None else FALLBACK_FI.get(severity, FALLBACK_FI["warning"])


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
