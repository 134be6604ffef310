"""Finnish sentences from counts: numerals and counted nouns that agree.

Every generated sentence of the report counts things through this module, so that
a count reads as a person would write it:

>>> counted(2, "alue", "adessive")
'kahdella alueella'
>>> counted(0, "alue", "adessive")
'ei yhdelläkään alueella'
>>> counted(22, "alue", "adessive") + " vähintään " + counted(1, "arviointi")
'22 alueella vähintään yksi arviointi'
>>> counted(3, "arviointi")
'kolme arviointia'
>>> join(["I2", "I1", "I4"])
'I2, I1 ja I4'

Finnish grammar used: with the numeral one the noun is in the singular of the
same case ("yksi alue", "yhdellä alueella"); with a larger numeral in the
nominative the noun is in the partitive singular ("kaksi aluetta", "22 aluetta");
in every other case numeral and noun share the case, the noun singular ("kahdella
alueella", "22 alueella"). Numbers one to ten are written in words (the common
rule of Finnish style guides), larger ones in digits. Zero is a negation: "ei
yhtään aluetta", "ei yhdelläkään alueella".
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.language import formatting

CASES = ("nominative", "partitive", "genitive", "inessive", "elative", "adessive")

# numeral -> its forms in CASES order
NUMERALS: dict[int, tuple[str, ...]] = {
    1: ("yksi", "yhtä", "yhden", "yhdessä", "yhdestä", "yhdellä"),
    2: ("kaksi", "kahta", "kahden", "kahdessa", "kahdesta", "kahdella"),
    3: ("kolme", "kolmea", "kolmen", "kolmessa", "kolmesta", "kolmella"),
    4: ("neljä", "neljää", "neljän", "neljässä", "neljästä", "neljällä"),
    5: ("viisi", "viittä", "viiden", "viidessä", "viidestä", "viidellä"),
    6: ("kuusi", "kuutta", "kuuden", "kuudessa", "kuudesta", "kuudella"),
    7: ("seitsemän", "seitsemää", "seitsemän", "seitsemässä", "seitsemästä", "seitsemällä"),
    8: ("kahdeksan", "kahdeksaa", "kahdeksan", "kahdeksassa", "kahdeksasta", "kahdeksalla"),
    9: ("yhdeksän", "yhdeksää", "yhdeksän", "yhdeksässä", "yhdeksästä", "yhdeksällä"),
    10: ("kymmenen", "kymmentä", "kymmenen", "kymmenessä", "kymmenestä", "kymmenellä"),
}

# "not even one" in each case, for zero
NONE = ("ei yhtään", "ei yhtään", "ei yhdenkään", "ei yhdessäkään", "ei yhdestäkään", "ei yhdelläkään")

# noun -> its singular forms in CASES order. A noun counted in a report sentence
# must be here: a missing one is a KeyError in the tests, not a wrong word.
NOUNS: dict[str, tuple[str, ...]] = {
    "alue": ("alue", "aluetta", "alueen", "alueessa", "alueesta", "alueella"),
    "arviointi": ("arviointi", "arviointia", "arvioinnin", "arvioinnissa", "arvioinnista", "arvioinnilla"),
    "itsearviointi": (
        "itsearviointi",
        "itsearviointia",
        "itsearvioinnin",
        "itsearvioinnissa",
        "itsearvioinnista",
        "itsearvioinnilla",
    ),
    "toimintamalli": (
        "toimintamalli",
        "toimintamallia",
        "toimintamallin",
        "toimintamallissa",
        "toimintamallista",
        "toimintamallilla",
    ),
    "henkilö": ("henkilö", "henkilöä", "henkilön", "henkilössä", "henkilöstä", "henkilöllä"),
    "rivi": ("rivi", "riviä", "rivin", "rivissä", "rivistä", "rivillä"),
    "huomio": ("huomio", "huomiota", "huomion", "huomiossa", "huomiosta", "huomiolla"),
    "vastaus": ("vastaus", "vastausta", "vastauksen", "vastauksessa", "vastauksesta", "vastauksella"),
    "ryhmä": ("ryhmä", "ryhmää", "ryhmän", "ryhmässä", "ryhmästä", "ryhmällä"),
    "asiakasryhmä": (
        "asiakasryhmä",
        "asiakasryhmää",
        "asiakasryhmän",
        "asiakasryhmässä",
        "asiakasryhmästä",
        "asiakasryhmällä",
    ),
    "koodi": ("koodi", "koodia", "koodin", "koodissa", "koodista", "koodilla"),
    "ehto": ("ehto", "ehtoa", "ehdon", "ehdossa", "ehdosta", "ehdolla"),
    "pylväs": ("pylväs", "pylvästä", "pylvään", "pylväässä", "pylväästä", "pylväällä"),
    "arvo": ("arvo", "arvoa", "arvon", "arvossa", "arvosta", "arvolla"),
    "arvioija": ("arvioija", "arvioijaa", "arvioijan", "arvioijassa", "arvioijasta", "arvioijalla"),
    "työkirja": ("työkirja", "työkirjaa", "työkirjan", "työkirjassa", "työkirjasta", "työkirjalla"),
    "ongelma": ("ongelma", "ongelmaa", "ongelman", "ongelmassa", "ongelmasta", "ongelmalla"),
    "arviointitehtävä": (
        "arviointitehtävä",
        "arviointitehtävää",
        "arviointitehtävän",
        "arviointitehtävässä",
        "arviointitehtävästä",
        "arviointitehtävällä",
    ),
    "kohta": ("kohta", "kohtaa", "kohdan", "kohdassa", "kohdasta", "kohdalla"),
    "virhe": ("virhe", "virhettä", "virheen", "virheessä", "virheestä", "virheellä"),
}

WORDS_UP_TO = 10


def _case(case: str) -> int:
    try:
        return CASES.index(case)
    except ValueError:
        raise ValueError(f"unknown case {case!r}; one of {', '.join(CASES)}") from None


def numeral(n: int, case: str = "nominative", words_up_to: int = WORDS_UP_TO) -> str:
    """The numeral in ``case``: in words up to ``words_up_to``, else digits (1 234)."""
    k = _case(case)
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    if n == 0:
        return NONE[k]
    if n <= words_up_to and n in NUMERALS:
        return NUMERALS[n][k]
    return formatting.number(n)


def noun(word: str, n: int, case: str = "nominative") -> str:
    """The noun as counted by ``n`` in ``case`` (partitive after a nominative numeral
    other than one; the negated nominative "ei yhtään" also takes the partitive)."""
    k = _case(case)
    forms = NOUNS[word]
    if case == "nominative" and n != 1:
        return forms[CASES.index("partitive")]
    return forms[k]


def counted(n: int, word: str, case: str = "nominative", words_up_to: int = WORDS_UP_TO) -> str:
    """ "kaksi aluetta", "kahdella alueella", "ei yhdelläkään alueella", "22 alueella"."""
    return f"{numeral(n, case, words_up_to)} {noun(word, n, case)}"


def digits(n: int, word: str, case: str = "nominative") -> str:
    """The count in digits whatever its size ("3 aluetta", "1 alue"): for tables and
    figures where numbers are compared, not read aloud."""
    return f"{formatting.number(n)} {noun(word, n, case)}"


def join(parts: Sequence[str], conjunction: str = "ja") -> str:
    """['a', 'b', 'c'] -> 'a, b ja c'; one part as it is; none -> ''. When a part
    has a "ja" of its own, the list's last link is "sekä", so that no "ja" follows
    another (Kielitoimiston ohjepankki), unless a part has a "sekä" of its own:

    >>> join(["yhteistyö", "varhaisen tuen ja ennaltaehkäisyn lisääntyminen"])
    'yhteistyö sekä varhaisen tuen ja ennaltaehkäisyn lisääntyminen'
    >>> join(["osallisuuden sekä kokemuksen vahvistuminen", "tuen ja ehkäisyn lisääntyminen"])
    'osallisuuden sekä kokemuksen vahvistuminen ja tuen ja ehkäisyn lisääntyminen'
    """
    parts = [str(p) for p in parts]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    if conjunction == "ja" and any(" ja " in p for p in parts) and not any(" sekä " in p for p in parts):
        conjunction = "sekä"
    return ", ".join(parts[:-1]) + f" {conjunction} " + parts[-1]


def lower_first(text: str) -> str:
    """The first letter in lower case, for a label inside a sentence or a parenthesis
    ("Koko hyvinvointialueella" -> "koko hyvinvointialueella")."""
    return text[:1].lower() + text[1:]


def common_noun(text: str) -> str:
    """A respondent's own words for a group ("Omaishoitajat") as a common noun in
    the middle of a sentence ("omaishoitajat"); a word written with a capital after
    its first letter ("RRP-asiakkaat", "I1B") or a name of two capitalised words
    ("Helsingin Diakonissalaitos") is left as written.

    >>> [common_noun(t) for t in ("Omaishoitajat", "RRP-asiakkaat", "I1B", "Helsingin Diakonissalaitos")]
    ['omaishoitajat', 'RRP-asiakkaat', 'I1B', 'Helsingin Diakonissalaitos']
    """
    words = text.split()
    if not words or not words[0][:1].isupper() or any(c.isupper() for c in words[0][1:]):
        return text
    if any(w[:1].isupper() for w in words[1:]):
        return text
    return lower_first(text)


def capitalise(text: str) -> str:
    """The sentence's first letter in capitals ("ei yhtään" -> "Ei yhtään")."""
    return text[:1].upper() + text[1:]


def n_of(n: int) -> str:
    """THL's way of giving a group's size: "(n=83)"."""
    return f"(n={formatting.number(n)})"


def share_of(count: int, total: int) -> str:
    """ "88 (81 %)" the way THL writes it: count, then its share of ``total`` in brackets."""
    return f"{formatting.number(count)} ({formatting.percent(formatting.share(count, total))})"
